/* backend/jit/jit_entry.h: calling a compiled entry in this process and
 * printing its result (backends.md §3.4), whoever linked the code: the JIT
 * (jit.c) or the launcher, which loads a cached shared object without LLVM
 * (launch/launch.c). One place, so both print exactly alike. */
#ifndef BESKID_BACKEND_JIT_JIT_ENTRY_H
#define BESKID_BACKEND_JIT_JIT_ENTRY_H
#include <stdint.h>
#include <stdio.h>

#include "artifact/ir.h"
#include "support/timing.h"

/* Initialises the runtime, calls the entry at 'address' (result kind 'kind')
 * on the program's main stack as an executable does (backends.md §0a item
 * 15), prints its result and a newline on 'out' and shuts the runtime down.
 * A panic exits the process with status 101 from the runtime. */
void jit_entry_call_and_print(uint64_t address, IrResultKind kind, FILE *out, Timings *timings);
/* The same for a `unit` function whose result is not printed (a test). */
void jit_entry_call_unit(uint64_t address);
#endif
