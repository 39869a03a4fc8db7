/* cli/cmd_build.c: `beskid build` — the front half, then the AOT backend
 * (backends.md §4). Flag conflicts are found before any work (§0a item 6). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/aot/aot.h"
#include "cli/commands.h"
#include "cli/compile.h"
#include "cli/runtime_path.h"

static AotKind parse_kind(const char *text)
{
    /* The table admits only these four names. */
    if (strcmp(text, "shared") == 0)
        return AOT_KIND_SHARED;
    if (strcmp(text, "static") == 0)
        return AOT_KIND_STATIC;
    if (strcmp(text, "object") == 0)
        return AOT_KIND_OBJECT;
    return AOT_KIND_EXE;
}

int cmd_build(const CliArgs *args)
{
    AotOptions options = {
        .source_path = cli_operand(args, 0),
        .kind = parse_kind(cli_value(args, CLI_FLAG_KIND, "exe")),
        .output = cli_value(args, CLI_FLAG_BUILD_OUTPUT, NULL),
        .object_output = cli_value(args, CLI_FLAG_OBJECT_OUTPUT, NULL),
        .release = cli_has(args, CLI_FLAG_RELEASE),
        /* The debug profile has debug information; --release only with -g. */
        .debug_info = !cli_has(args, CLI_FLAG_RELEASE) || cli_has(args, CLI_FLAG_DEBUG_INFO),
        .entrypoint = cli_value(args, CLI_FLAG_ENTRYPOINT, "main"),
        .plain = cli_has(args, CLI_FLAG_PLAIN),
        .target_triple = cli_value(args, CLI_FLAG_TARGET_TRIPLE, NULL),
        .runtime_archive = cli_value(args, CLI_FLAG_RUNTIME_ARCHIVE, NULL),
        .runtime_abi_version = cli_value(args, CLI_FLAG_RUNTIME_ABI_VERSION, NULL),
        .standalone = cli_has(args, CLI_FLAG_STANDALONE),
        .prefer_static = cli_has(args, CLI_FLAG_PREFER_STATIC),
        .prefer_dynamic = cli_has(args, CLI_FLAG_PREFER_DYNAMIC),
        .verbose_link = cli_has(args, CLI_FLAG_VERBOSE_LINK),
        .exports = args->values[CLI_FLAG_EXPORT].items,
        .export_count = args->values[CLI_FLAG_EXPORT].count,
        .emit_header = cli_value(args, CLI_FLAG_EMIT_HEADER, NULL),
        .verbose_out = stderr,
    };
    if (options.standalone && options.runtime_archive) {
        fputs("error: `--standalone` cannot be combined with `--runtime-archive`\n", stderr);
        return 1;
    }
    if (options.prefer_static && options.prefer_dynamic) {
        fputs("error: `--prefer-static` and `--prefer-dynamic` are mutually exclusive\n", stderr);
        return 1;
    }

    char *runtime_dir = runtime_dir_find();
    options.runtime_dir = runtime_dir;
    Compilation c;
    compilation_init(&c, args);
    c.verify_ir = cli_has(args, CLI_FLAG_VERIFY_IR);
    bool ok = compilation_run(&c, options.source_path, COMPILE_LOWER);
    compilation_report(&c);
    if (ok) {
        DiagList aot_diags;
        diag_list_init(&aot_diags, c.arena);
        ok = aot_build(c.artifact, &options, &aot_diags, stdout);
        fflush(stdout);
        compilation_report_list(&c, &aot_diags);
    }
    compilation_free(&c);
    free(runtime_dir);
    return ok ? 0 : 1;
}
