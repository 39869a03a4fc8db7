/* backend/jit/jit.h: `beskid run` — compile the artifact in-process with ORC
 * LLJIT, bind the runtime explicitly, resolve the entrypoint (backends.md
 * §3.3), call it and print its result (§3.4). A panic inside the program
 * exits the process with status 101 from the runtime (§3.5). */
#ifndef BESKID_BACKEND_JIT_JIT_H
#define BESKID_BACKEND_JIT_JIT_H
#include <stdbool.h>
#include <stdio.h>

#include "artifact/ir.h"
#include "backend/jit/jit_cache.h"
#include "support/diag.h"
#include "support/timing.h"

typedef struct JitOptions {
    const char *entrypoint; /* default "main" */
    int opt_level;          /* 0..3; `run` uses 2 unless -O0 */
    Timings *timings;       /* phase timings (BESKID_TIMINGS=1); may be NULL */
    const SourceMap *sources; /* the artifact's locations, part of the cache key; may be NULL */
    JitCache *cache;        /* the compiled-code cache; NULL: none. Its outcome is set. */
    bool perf_map;          /* write /tmp/perf-PID.map (BESKID_PERF_MAP=1) */
    bool gdb;               /* DWARF, registered with gdb's JIT interface (BESKID_GDB_JIT=1); bypasses the cache */
    /* When set, called once the artifact is no longer read (LLVM has the
     * module; a large program's artifact need not live through LLVM's
     * optimisation): the caller may free it then. Never called with a perf
     * map, gdb registration, a backtrace or foreign functions (they read the
     * artifact later). */
    void (*artifact_done)(void *ctx);
    void *artifact_done_ctx;
} JitOptions;

/* Returns true after the entry ran and its result was printed on 'out';
 * false after reporting E50xx diagnostics. */
bool jit_run(const Artifact *a, const JitOptions *options, DiagList *diags, FILE *out);

/* `beskid test` (backends.md §6.5): the artifact compiled once, with every
 * test function kept visible, so that each test can then be called by its
 * address (in a child process of its own: cli/test_runner.c). */
typedef struct JitTests {
    void *jit; /* the LLJIT that owns the code */
} JitTests;
/* Compiles 'a' ('options->entrypoint' is unused); false after reporting
 * E50xx diagnostics. */
bool jit_tests_compile(const Artifact *a, const JitOptions *options, DiagList *diags, JitTests *out);
/* The code address of test entry 'entry' of 'a'; 0 after reporting E5020.
 * Every address is looked up before any test runs: the lookup links the
 * code, and a child process must not need the JIT. */
uint64_t jit_tests_address(const JitTests *tests, const Artifact *a, uint32_t entry, DiagList *diags);
/* Calls the `unit` test at 'address' on the program's main stack, exactly as
 * `run` calls an entry (the runtime initialised first). Returns when the test
 * completes; a panic exits the process with status 101 from the runtime. */
void jit_tests_call(uint64_t address);
/* Disposes of the code; false after reporting E5020. */
bool jit_tests_free(JitTests *tests, DiagList *diags);
#endif
