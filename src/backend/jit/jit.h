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
} JitOptions;

/* Returns true after the entry ran and its result was printed on 'out';
 * false after reporting E50xx diagnostics. */
bool jit_run(const Artifact *a, const JitOptions *options, DiagList *diags, FILE *out);
#endif
