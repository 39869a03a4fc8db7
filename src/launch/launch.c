/* launch/launch.c: `beskid`, the launcher. The compiler proper
 * (`beskid-compiler`, main.c) carries LLVM, whose static initialisers and
 * page faults alone cost more than starting a small program; this binary
 * carries no LLVM. It answers `beskid run` of an unchanged program from the
 * compiled-code cache itself: the front end makes the artifact, whose key
 * (backend/jit/jit_cache.h) names a cached shared object, which is loaded
 * with dlopen and run on this process's runtime, exactly as the JIT would
 * have run the same code. Anything else — another command, a miss, a
 * diagnostic error, an option the cache does not serve — replaces this
 * process with the compiler (execv, same arguments), which then does all
 * the work and all the reporting; until then the launcher writes nothing. */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend/jit/jit_cache.h"
#include "backend/jit/jit_entry.h"
#include "beskid_rt.h"
#include "cli/cache_dir.h"
#include "cli/cli_args.h"
#include "cli/cli_help.h"
#include "cli/cli_table.h"
#include "cli/compile.h"
#include "cli/corelib.h"
#include "cli/resolve_input.h"
#include "cli/runtime_path.h"
#include "codegen/codegen.h"

#define COMPILER_NAME "beskid-compiler"

static bool env_on(const char *name)
{
    const char *value = getenv(name);
    return value && value[0] == '1';
}

/* Until the launcher knows it runs the program, whatever the front end
 * writes through `stderr` is held back in memory: on a miss the compiler
 * says it all again. Only the stream is swapped, not file descriptor 2, so
 * that colour choices (isatty(2)) are the compiler's, and a crash or an
 * internal error (support/check.c writes to descriptor 2) is still seen. */
typedef struct HeldStderr {
    FILE *real;
    FILE *held;
    char *text;
    size_t len;
} HeldStderr;

static bool hold_stderr(HeldStderr *h)
{
    fflush(stderr);
    h->text = NULL;
    h->len = 0;
    h->held = open_memstream(&h->text, &h->len);
    if (!h->held)
        return false;
    h->real = stderr;
    stderr = h->held;
    return true;
}

/* Puts the real stderr back; with 'replay', after writing what was held. */
static void release_stderr(HeldStderr *h, bool replay)
{
    fflush(h->held);
    stderr = h->real;
    if (replay && h->len)
        fwrite(h->text, 1, h->len, stderr);
    fclose(h->held);
    free(h->text);
}

/* What one cached run needs once the program is found in the cache. */
typedef struct CachedRun {
    void *library;
    uint64_t address;
    IrResultKind result;
    char key_hex[2 * JIT_CACHE_KEY_BYTES + 1];
} CachedRun;

/* The lookup of the lowered program 'c' with the compiler's key. */
static bool lookup(Compilation *c, const CliArgs *args, const char *input, const char *compiler, CachedRun *run)
{
    if (c->artifact->extern_imports.count)
        return false; /* foreign functions are bound under the compiler's policy */
    uint32_t index;
    if (cg_find_entry(c->artifact, cli_value(args, CLI_FLAG_ENTRYPOINT, "main"), &index) != CG_ENTRY_OK)
        return false;
    const IrEntry *entry = &c->artifact->entries.items[index];
    const char *symbol = c->artifact->funcs.items[entry->func]->symbol;
    const char *dir = cli_cache_dir(c->arena);
    if (!dir)
        return false;
    char source_id[PATH_MAX];
    JitCacheKeyInputs in = {
        .tool_version = BESKID_VERSION,
        .source_id = realpath(input, source_id) ? source_id : input,
        .opt_level = cli_value(args, CLI_FLAG_OPT_LEVEL, "2")[0] - '0', /* one of 0..3 (the table) */
        .entry_symbol = symbol,
        .compiler_path = compiler,
    };
    uint8_t key[JIT_CACHE_KEY_BYTES];
    jit_cache_key(c->artifact, &c->sources, &in, key);
    jit_cache_key_hex(key, run->key_hex);
    if (jit_cache_open_shared(dir, key, &run->library) != JIT_CACHE_LOAD_HIT)
        return false;
    void *address = dlsym(run->library, symbol);
    if (!address)
        return false;
    run->address = (uint64_t)(uintptr_t)address;
    run->result = entry->result;
    return true;
}

/* The front end of `run` for 'args' and the cache lookup; true with 'run'
 * filled and 'c' live when the cache holds the program's code ('c' freed
 * otherwise). */
static bool find_cached(Compilation *c, const CliArgs *args, const char *compiler, CachedRun *run)
{
    ResolvedInput resolved;
    if (!cli_begin(c, args, &resolved))
        return false; /* 'c' freed */
    if (compilation_run_input(c, &resolved.input, COMPILE_LOWER) &&
        lookup(c, args, resolved.input.path, compiler, run))
        return true;
    compilation_free(c);
    return false;
}

/* A flag, or a path (or `@response-file`) naming a regular file or none. */
static bool regular_or_flag(const char *arg)
{
    if (arg[0] == '-')
        return true;
    struct stat st;
    const char *path = arg[0] == '@' ? arg + 1 : arg;
    return stat(path, &st) != 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode);
}

/* `beskid run` from the cache; false: the compiler has to do it. */
static bool run_cached(const char *compiler, int argc, char **argv, int *status)
{
    /* Profiling, debugging and backtraces need the JIT's own registrations. */
    if (env_on("BESKID_TIMINGS") || env_on("BESKID_PERF_MAP") || env_on("BESKID_GDB_JIT") ||
        beskid_rt_backtrace_enabled())
        return false;
    /* The front end would read a pipe or a terminal that the compiler must
     * then read again (`run /dev/stdin`, a response file `@/dev/fd/3`). */
    for (int i = 2; i < argc; i++)
        if (!regular_or_flag(argv[i]))
            return false;
    HeldStderr held;
    if (!hold_stderr(&held))
        return false;
    Arena *arena = arena_new();
    CliList items = {0};
    CliArgs args;
    Compilation c;
    CachedRun run = {0};
    bool found = cli_expand(arena, argc, argv, 1, &items) && items.count > 0 && strcmp(items.items[0], "run") == 0 &&
                 cli_parse(arena, cli_command_find("run"), items.items + 1, (int)items.count - 1, &args) &&
                 !args.help && !cli_has(&args, CLI_FLAG_NO_CACHE);
    if (found) {
        corelib_provision_quietly(); /* as main.c does for every command */
        found = find_cached(&c, &args, compiler, &run);
    }
    release_stderr(&held, found);
    if (found) {
        c.output.out = stderr; /* it named the held stream (compilation_init) */
        compilation_report(&c); /* warnings, as the compiler prints them before running */
        jit_entry_call_and_print(run.address, run.result, stdout, NULL);
        fflush(stdout);
        if (cli_has(&args, CLI_FLAG_RUN_VERBOSE))
            fprintf(stderr, "note: compiled-code cache: hit %s (shared object, no compiler)\n", run.key_hex);
        *status = 0;
#ifdef BESKID_FAST_EXIT
        return true; /* the process ends now: its memory goes with it (main.c) */
#endif
        compilation_free(&c);
    }
    arena_free(arena);
    return found;
}

int main(int argc, char **argv)
{
    /* beside this executable (the build tree), else in <prefix>/lib/beskid/ */
    char *compiler = install_file_find(COMPILER_NAME);
    if (!compiler) {
        fprintf(stderr, "error: the compiler `%s` is missing beside `beskid` (or in ../lib/beskid/)\n",
                COMPILER_NAME);
        return 1;
    }
    /* `beskid --version` needs no compiler (the help does: its table names
     * the commands' handlers, which this copy of it lacks) */
    if (argc == 2 && cli_is_flag(argv[1], CLI_FLAG_VERSION)) {
        cli_print_version(stdout);
        free(compiler);
        return 0;
    }
    int status = 1;
    if (argc >= 2 && (strcmp(argv[1], "run") == 0 || argv[1][0] == '@') && run_cached(compiler, argc, argv, &status)) {
#ifdef BESKID_FAST_EXIT
        fflush(NULL);
        _exit(status); /* as the compiler leaves (main.c) */
#endif
        free(compiler);
        return status;
    }
    execv(compiler, argv);
    fprintf(stderr, "error: cannot start the compiler `%s`: %s\n", compiler, strerror(errno));
    free(compiler);
    return 1;
}
