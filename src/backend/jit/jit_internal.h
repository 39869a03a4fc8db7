/* backend/jit/jit_internal.h: the table of host addresses the JIT binds as
 * absolute symbols (jit_symbols.c): every runtime function of
 * abi/abi_runtime.def plus the libc helpers LLVM may call (memcpy, memset). */
#ifndef BESKID_BACKEND_JIT_JIT_INTERNAL_H
#define BESKID_BACKEND_JIT_JIT_INTERNAL_H
#include <stdint.h>

typedef struct JitSymbol {
    const char *name;
    uint64_t address;
} JitSymbol;

/* The table; '*count' receives its length. */
const JitSymbol *jit_runtime_symbols(uint32_t *count);
#endif
