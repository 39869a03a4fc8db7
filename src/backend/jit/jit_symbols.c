/* backend/jit/jit_symbols.c: runtime symbols bound into the JIT by address
 * (backends.md §0a item 11: explicit binding, no search of the process).
 * The runtime is linked whole into beskid; the table is generated from
 * abi/abi_runtime.def, whose C signatures runtime/rt_abi_check.c checks. */
#include "backend/jit/jit_internal.h"

#include <string.h>

#include "beskid_rt.h"

#define SYM(fn) {#fn, (uint64_t)(uintptr_t)&fn}

static const JitSymbol symbols[] = {
#define RT(id, name, ...) SYM(name),
#include "abi/abi_runtime.def"
#undef RT
    /* libc routines LLVM emits calls to for block copies and fills */
    SYM(memcpy),
    SYM(memmove),
    SYM(memset),
};

const JitSymbol *jit_runtime_symbols(uint32_t *count)
{
    *count = sizeof symbols / sizeof symbols[0];
    return symbols;
}
