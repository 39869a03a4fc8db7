/* rt_abi_check.c: a compile-time check, no code. Every function of
 * abi/abi_runtime.def must have exactly the C signature the table gives it, so
 * changing a signature on one side only fails the runtime's build (the JIT
 * binds these functions by address and codegen calls them with the table's
 * machine types: a mismatch would be a silent miscompile).
 * tests/lit/runtime/abi-signature-check.test shows the mechanism. */
#include "rt_internal.h"

#define RT(id, name, ret, c_ret, noreturn, params, c_params, panics)                    \
    _Static_assert(_Generic(&name, c_ret(*) c_params: 1, default: 0),                \
                   "runtime function " #name " does not match abi/abi_runtime.def"); \
    _Static_assert((noreturn) == 0 || (noreturn) == 1, #name ": noreturn is 0 or 1");
#include "abi/abi_runtime.def"
#undef RT
