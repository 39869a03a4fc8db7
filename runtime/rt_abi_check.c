/* rt_abi_check.c: compile-time checks, no code. Every function of
 * abi/abi_runtime.def must have exactly the C signature the table gives it,
 * and the structs of beskid_rt.h must have the layouts of abi/abi_layout.h,
 * so a change on one side only fails the runtime's build (the JIT binds these
 * functions by address, and codegen calls them and lays out their data from
 * the tables: a mismatch would be a silent miscompile).
 * tests/lit/runtime/abi-signature-check.test shows the mechanism. */
#include <stddef.h>

#include "abi/abi_layout.h"
#include "rt_internal.h"

_Static_assert(sizeof(void *) == ABI_WORD && sizeof(size_t) == ABI_WORD, "a word");

_Static_assert(offsetof(BeskidStr, ptr) == ABI_STR_PTR, "string ptr");
_Static_assert(offsetof(BeskidStr, len) == ABI_STR_LEN, "string len");
_Static_assert(sizeof(BeskidStr) == ABI_STR_BYTES, "string header size");

_Static_assert(offsetof(BeskidArray, ptr) == ABI_ARRAY_PTR, "array ptr");
_Static_assert(offsetof(BeskidArray, len) == ABI_ARRAY_LEN, "array len");
_Static_assert(offsetof(BeskidArray, cap) == ABI_ARRAY_CAP, "array cap");
_Static_assert(sizeof(BeskidArray) == ABI_ARRAY_BYTES, "array header size");

_Static_assert(offsetof(BeskidTypeDesc, size) == ABI_DESC_OBJ_SIZE, "descriptor size");
_Static_assert(offsetof(BeskidTypeDesc, align) == ABI_DESC_OBJ_ALIGN, "descriptor align");
_Static_assert(offsetof(BeskidTypeDesc, ptr_count) == ABI_DESC_PTR_COUNT, "descriptor ptr_count");
_Static_assert(sizeof(((BeskidTypeDesc *)0)->ptr_count) == 4, "descriptor ptr_count is a uint32");
_Static_assert(offsetof(BeskidTypeDesc, offsets) == ABI_DESC_OFFSETS, "descriptor offsets");
_Static_assert(offsetof(BeskidTypeDesc, name) == ABI_DESC_NAME, "descriptor name");
_Static_assert(sizeof(BeskidTypeDesc) == ABI_DESC_BYTES, "descriptor size");

#define RT(id, name, ret, c_ret, noreturn, params, c_params, panics)                    \
    _Static_assert(_Generic(&name, c_ret(*) c_params: 1, default: 0),                \
                   "runtime function " #name " does not match abi/abi_runtime.def"); \
    _Static_assert((noreturn) == 0 || (noreturn) == 1, #name ": noreturn is 0 or 1");
#include "abi/abi_runtime.def"
#undef RT
