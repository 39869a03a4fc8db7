/* cli/cmd_run.c: `beskid run` — the front half, then the JIT backend
 * (backends.md §3). The program's result is printed by the JIT; a panic
 * exits with status 101 from inside the runtime. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/jit/jit.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/compile.h"

static const char *const run_help =
    "Compile a Beskid program in memory (JIT), run its entrypoint and print the result.\n\n"
    "Usage: beskid run [OPTIONS] <INPUT>\n\n"
    "Options:\n"
    "      --entrypoint <NAME>  function or test to run (default: main); may be qualified (mod::f)\n"
    "  -O0, -O1, -O2, -O3       optimisation level (default: -O2)\n"
    "  -h, --help               print this help\n\n"
    "Exit status: 0 after the entrypoint returned, 1 on compile errors, 101 on a panic.\n";

static bool is_project_flag(const char *arg)
{
    static const char *const flags[] = {"--project", "--target", "--workspace-member", "--frozen", "--locked"};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        size_t n = strlen(flags[i]);
        if (strncmp(arg, flags[i], n) == 0 && (arg[n] == '\0' || arg[n] == '='))
            return true;
    }
    return false;
}

int cmd_run(int argc, char **argv)
{
    Args args;
    if (!args_init(&args, "run", argc, argv, 2))
        return 2;
    const char *input = NULL;
    const char *entrypoint = "main";
    int opt_level = 2;
    int status = -1;
    while (!args_done(&args)) {
        const char *arg = args_peek(&args);
        const char *value = NULL;
        if (args_flag(&args, "--help") || args_flag(&args, "-h")) {
            fputs(run_help, stdout);
            status = 0;
            break;
        } else if (args_flag_value(&args, "--entrypoint", &value)) {
            if (value)
                entrypoint = value;
        } else if (strlen(arg) == 3 && arg[0] == '-' && arg[1] == 'O' && arg[2] >= '0' && arg[2] <= '3') {
            opt_level = arg[2] - '0';
            args_next(&args);
        } else if (is_project_flag(arg)) {
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
    if (status < 0 && !input) {
        fputs("error: no input file provided and no `Project.proj` discovered\n", stderr);
        status = 1;
    }
    if (status >= 0) {
        args_free(&args);
        return status;
    }

    /* BESKID_TIMINGS=1 profiles start-up: one line per phase on stderr. */
    const char *timing_env = getenv("BESKID_TIMINGS");
    Timings timings = {.out = timing_env && timing_env[0] == '1' ? stderr : NULL};
    timings_mark(&timings, NULL);
    Compilation c;
    compilation_init(&c);
    bool ok = compilation_run(&c, input, COMPILE_LOWER);
    timings_mark(&timings, "front-end");
    compilation_report(&c);
    if (ok) {
        DiagList jit_diags;
        diag_list_init(&jit_diags, c.arena);
        JitOptions options = {.entrypoint = entrypoint, .opt_level = opt_level, .timings = &timings};
        ok = jit_run(c.artifact, &options, &jit_diags, stdout);
        fflush(stdout);
        diag_render(stderr, &c.sources, &jit_diags);
    }
    compilation_free(&c);
    args_free(&args);
    return ok ? 0 : 1;
}
