/* cli/cmd_build.c: `beskid build` — the front half, then the AOT backend
 * (backends.md §4). Flag conflicts are usage errors found before any work. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/aot/aot.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/compile.h"
#include "cli/runtime_path.h"

static const char *const build_help =
    "Compile a Beskid program ahead of time: an object, then an executable or a library.\n\n"
    "Usage: beskid build [OPTIONS] <INPUT>\n\n"
    "Options:\n"
    "      --kind <exe|shared|static|object>  output kind (default: exe)\n"
    "  -o, --output <PATH>                    final artifact path (default: beside the source)\n"
    "      --object-output <PATH>             object file path\n"
    "      --release, -O                      optimise\n"
    "      --entrypoint <NAME>                entry function of an executable (default: main)\n"
    "      --target-triple <TRIPLE>           target (default: the host)\n"
    "      --runtime-archive <PATH>           link this prebuilt runtime archive\n"
    "      --runtime-abi-version <N>          ABI version of that archive (required with it)\n"
    "      --standalone                       link no runtime\n"
    "      --export <SYM>                     export SYM (repeatable)\n"
    "      --prefer-static, --prefer-dynamic  link mode for shared libraries\n"
    "      --verbose-link                     print each tool invocation on stderr\n"
    "      --plain                            no progress output\n"
    "  -h, --help                             print this help\n\n"
    "Environment: CC selects the C compiler driver used to link (default: cc).\n";

static bool parse_kind(const char *text, AotKind *kind)
{
    static const struct {
        const char *name;
        AotKind kind;
    } kinds[] = {{"exe", AOT_KIND_EXE}, {"shared", AOT_KIND_SHARED}, {"static", AOT_KIND_STATIC}, {"object", AOT_KIND_OBJECT}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(text, kinds[i].name) == 0) {
            *kind = kinds[i].kind;
            return true;
        }
    return false;
}

int cmd_build(int argc, char **argv)
{
    Args args;
    if (!args_init(&args, "build", argc, argv, 2))
        return 2;
    AotOptions options = {.kind = AOT_KIND_EXE, .entrypoint = "main"};
    const char *input = NULL;
    const char **exports = calloc((size_t)args.count + 1, sizeof(char *));
    int status = -1;
    while (!args_done(&args)) {
        const char *arg = args_peek(&args);
        const char *value = NULL;
        if (args_flag(&args, "--help") || args_flag(&args, "-h")) {
            fputs(build_help, stdout);
            status = 0;
            break;
        } else if (args_flag_value(&args, "--kind", &value)) {
            if (value && !parse_kind(value, &options.kind))
                args_usage_error(&args, "invalid value `%s` for `--kind` (possible values: exe, shared, static, object)",
                                 value);
        } else if (args_flag_value(&args, "--output", &value) || args_flag_value(&args, "-o", &value)) {
            options.output = value;
        } else if (args_flag_value(&args, "--object-output", &value)) {
            options.object_output = value;
        } else if (args_flag(&args, "--release") || args_flag(&args, "-O")) {
            options.release = true;
        } else if (args_flag_value(&args, "--entrypoint", &value)) {
            if (value)
                options.entrypoint = value;
        } else if (args_flag_value(&args, "--target-triple", &value)) {
            options.target_triple = value;
        } else if (args_flag_value(&args, "--runtime-archive", &value)) {
            options.runtime_archive = value;
        } else if (args_flag_value(&args, "--runtime-abi-version", &value)) {
            options.runtime_abi_version = value;
        } else if (args_flag(&args, "--standalone")) {
            options.standalone = true;
        } else if (args_flag_value(&args, "--export", &value)) {
            if (value)
                exports[options.export_count++] = value;
        } else if (args_flag(&args, "--prefer-static")) {
            options.prefer_static = true;
        } else if (args_flag(&args, "--prefer-dynamic")) {
            options.prefer_dynamic = true;
        } else if (args_flag(&args, "--verbose-link")) {
            options.verbose_link = true;
        } else if (args_flag(&args, "--plain")) {
            options.plain = true;
        } else if (strncmp(arg, "--project", 9) == 0 || strncmp(arg, "--target", 8) == 0 ||
                   strncmp(arg, "--workspace-member", 18) == 0 || strcmp(arg, "--frozen") == 0 ||
                   strcmp(arg, "--locked") == 0) {
            fprintf(stderr, "error: project builds (`%s`) are not supported yet\n", arg);
            status = 1;
            break;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            args_unknown(&args);
        } else if (!input) {
            input = args_next(&args);
        } else {
            args_unknown(&args);
        }
    }
    if (status < 0 && args.failed)
        status = 2;
    if (status < 0 && options.standalone && options.runtime_archive) {
        fputs("error: `--standalone` cannot be combined with `--runtime-archive`\n", stderr);
        status = 1;
    }
    if (status < 0 && options.prefer_static && options.prefer_dynamic) {
        fputs("error: `--prefer-static` and `--prefer-dynamic` are mutually exclusive\n", stderr);
        status = 1;
    }
    if (status < 0 && !input) {
        fputs("error: no input file provided and no `Project.proj` discovered\n", stderr);
        status = 1;
    }
    if (status >= 0) {
        free(exports);
        args_free(&args);
        return status;
    }

    options.exports = exports;
    options.source_path = input;
    char *runtime_dir = runtime_dir_find();
    options.runtime_dir = runtime_dir;
    options.verbose_out = stderr;
    Compilation c;
    compilation_init(&c);
    bool ok = compilation_run(&c, input, COMPILE_LOWER);
    compilation_report(&c);
    if (ok) {
        DiagList aot_diags;
        diag_list_init(&aot_diags, c.arena);
        ok = aot_build(c.artifact, &options, &aot_diags, stdout);
        fflush(stdout);
        diag_render(stderr, &c.sources, &aot_diags);
    }
    compilation_free(&c);
    free(runtime_dir);
    free(exports);
    args_free(&args);
    return ok ? 0 : 1;
}
