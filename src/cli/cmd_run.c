/* cli/cmd_run.c: `beskid run` — the front half, then the JIT backend
 * (backends.md §3). The program's result is printed by the JIT; a panic
 * exits with status 101 from inside the runtime. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/jit/jit.h"
#include "cli/cache_dir.h"
#include "cli/cli_table.h"
#include "cli/commands.h"
#include "cli/compile.h"
#include "cli/resolve_input.h"

/* --verbose: what the compiled-code cache did. */
static void cache_note(const JitCache *cache)
{
    switch (cache->outcome) {
    case JIT_CACHE_OFF: fputs("note: compiled-code cache: off\n", stderr); return;
    case JIT_CACHE_HIT: fprintf(stderr, "note: compiled-code cache: hit %s\n", cache->key_hex); return;
    case JIT_CACHE_STORED: fprintf(stderr, "note: compiled-code cache: miss, stored %s\n", cache->key_hex); return;
    case JIT_CACHE_REBUILT:
        fprintf(stderr, "note: compiled-code cache: corrupt entry discarded, stored %s\n", cache->key_hex);
        return;
    case JIT_CACHE_UNWRITABLE:
        fprintf(stderr, "note: compiled-code cache: %s is not writable; nothing stored\n", cache->dir);
        return;
    }
}

/* JitOptions.artifact_done: LLVM has the module. */
static void drop_artifact(void *compilation)
{
    compilation_drop_artifact(compilation);
}

int cmd_run(const CliArgs *args)
{
    /* BESKID_TIMINGS=1 profiles start-up: one line per phase on stderr. */
    const char *timing_env = getenv("BESKID_TIMINGS");
    Timings timings = {.out = timing_env && timing_env[0] == '1' ? stderr : NULL};
    timings_mark(&timings, NULL);
    Compilation c;
    ResolvedInput resolved;
    if (!cli_begin(&c, args, &resolved))
        return 1;
    const char *input = resolved.input.path;
    bool ok = compilation_run_input(&c, &resolved.input, COMPILE_LOWER);
    timings_mark(&timings, "front-end");
    compilation_report(&c);
    if (ok) {
        compilation_drop_front(&c);
        DiagList jit_diags;
        diag_list_init(&jit_diags, c.arena);
        char source_id[PATH_MAX];
        JitCache cache = {
            .dir = cli_has(args, CLI_FLAG_NO_CACHE) ? NULL : cli_cache_dir(c.arena),
            .tool_version = BESKID_VERSION,
            .source_id = realpath(input, source_id) ? source_id : input,
            /* the launcher's form too; it never binds foreign functions */
            .shared = c.artifact->extern_imports.count == 0,
        };
        JitOptions options = {
            .entrypoint = cli_value(args, CLI_FLAG_ENTRYPOINT, "main"),
            .opt_level = cli_value(args, CLI_FLAG_OPT_LEVEL, "2")[0] - '0', /* one of 0..3 (the table) */
            .timings = &timings,
            .sources = &c.sources,
            .cache = &cache,
            .perf_map = getenv("BESKID_PERF_MAP") && strcmp(getenv("BESKID_PERF_MAP"), "1") == 0,
            .gdb = getenv("BESKID_GDB_JIT") && strcmp(getenv("BESKID_GDB_JIT"), "1") == 0,
            .artifact_done = drop_artifact,
            .artifact_done_ctx = &c,
        };
        ok = jit_run(c.artifact, &options, &jit_diags, stdout);
        fflush(stdout);
        if (cli_has(args, CLI_FLAG_RUN_VERBOSE))
            cache_note(&cache);
        compilation_report_list(&c, &jit_diags);
    }
    compilation_free(&c);
    return ok ? 0 : 1;
}
