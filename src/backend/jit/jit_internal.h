/* backend/jit/jit_internal.h: the table of host addresses the JIT binds as
 * absolute symbols (jit_symbols.c): every runtime function of
 * abi/abi_runtime.def plus the libc helpers LLVM may call (memcpy, memset),
 * and the memory the JIT's code and data live in (jit_memory.c). */
#ifndef BESKID_BACKEND_JIT_JIT_INTERNAL_H
#define BESKID_BACKEND_JIT_JIT_INTERNAL_H
#include <llvm-c/Orc.h>
#include <stdint.h>

typedef struct JitSymbol {
    const char *name;
    uint64_t address;
} JitSymbol;

/* The table; '*count' receives its length. */
const JitSymbol *jit_runtime_symbols(uint32_t *count);

/* jit_memory.c: the object linking layer of the LLJIT (an
 * LLVMOrcLLJITBuilderObjectLinkingLayerCreatorFunction): RuntimeDyld with
 * code and data mapped in the low 2 GiB, outside the collector's heap range. */
LLVMOrcObjectLayerRef jit_memory_object_layer(void *unused, LLVMOrcExecutionSessionRef session, const char *triple);
#endif
