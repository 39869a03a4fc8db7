/* cli/cmd_build.c: `beskid build` — the front half, then the AOT backend
 * (backends.md §4). Flag conflicts are found before any work (§0a item 6). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/aot/aot.h"
#include "cli/commands.h"
#include "cli/compile.h"
#include "cli/resolve_input.h"
#include "project/project_path.h"
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

/* The project lines of §4.7: the build graph (step 1, only on a terminal
 * and without --plain: [FIX]) and the dependency summary (step 5). */
static void print_graph(const ResolvedInput *resolved, const AotOptions *options)
{
    if (options->plain || !isatty(fileno(stdout)))
        return;
    const ProjectGraph *graph = &resolved->graph;
    printf("Build graph:\n  root: %s\n", graph->root->manifest->name);
    if (graph->order_count == 0)
        puts("  deps: (none)");
    for (uint32_t i = 0; i < graph->order_count; i++)
        printf("  root -> %s (%s)\n", graph->order[i]->name, graph->order[i]->manifest->name);
    puts(resolved->has_std ? "  corelib: project dependency detected" : "  corelib: none declared in project graph");
}

static void print_deps(const ResolvedInput *resolved, bool std_compiled)
{
    printf("deps: %u materialized dependency project(s)\n", resolved->graph.order_count);
    /* [FIX] only when the program used `Std`: its modules are loaded lazily */
    puts(std_compiled ? "corelib: available (implicit or declared)" : "corelib: not available");
}

int cmd_build(const CliArgs *args)
{
    AotOptions options = {
        .source_path = NULL,
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

    Compilation c;
    ResolvedInput resolved;
    if (!cli_begin(&c, args, &resolved))
        return 1;
    options.source_path = resolved.input.path;
    if (resolved.is_project && !resolved.explicit_file) {
        /* <project>/obj/beskid/build/<debug|release>/<target> */
        const char *project_dir = resolved.graph.root->display_dir;
        options.default_dir = path_join(c.arena, project_dir, options.release ? "obj/beskid/build/release"
                                                                               : "obj/beskid/build/debug");
        options.default_stem = resolved.target->label;
    }
    if (resolved.is_project)
        print_graph(&resolved, &options);
    char *runtime_dir = runtime_dir_find();
    options.runtime_dir = runtime_dir;
    bool ok = compilation_run_input(&c, &resolved.input, COMPILE_LOWER);
    compilation_report(&c);
    if (ok) {
        compilation_drop_front(&c);
        DiagList aot_diags;
        diag_list_init(&aot_diags, c.arena);
        ok = aot_build(c.artifact, &options, &aot_diags, stdout);
        if (ok && resolved.is_project)
            print_deps(&resolved, c.std_compiled);
        fflush(stdout);
        compilation_report_list(&c, &aot_diags);
    }
    compilation_free(&c);
    free(runtime_dir);
    return ok ? 0 : 1;
}
