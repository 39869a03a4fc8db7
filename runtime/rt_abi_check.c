/* rt_abi_check.c: compile-time checks, no code. Every function of
 * abi/abi_runtime.def must have exactly the C signature the table gives it,
 * each machine type of the table must fit the C type beside it, and the
 * structs of beskid_rt.h must have the layouts of abi/abi_layout.h, so a
 * change on one side only fails the runtime's build (the JIT binds these
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
_Static_assert(offsetof(BeskidTypeDesc, variant) == ABI_DESC_VARIANT, "descriptor variant");
_Static_assert(sizeof(((BeskidTypeDesc *)0)->ptr_count) == 4, "descriptor ptr_count is a uint32");
_Static_assert(offsetof(BeskidTypeDesc, offsets) == ABI_DESC_OFFSETS, "descriptor offsets");
_Static_assert(offsetof(BeskidTypeDesc, name) == ABI_DESC_NAME, "descriptor name");
_Static_assert(sizeof(BeskidTypeDesc) == ABI_DESC_BYTES, "descriptor size");

_Static_assert(offsetof(BeskidSourceLoc, file) == ABI_LOC_FILE, "location file");
_Static_assert(offsetof(BeskidSourceLoc, line) == ABI_LOC_LINE, "location line");
_Static_assert(offsetof(BeskidSourceLoc, col) == ABI_LOC_COL, "location col");
_Static_assert(sizeof(BeskidSourceLoc) == ABI_LOC_BYTES, "location size");

/* Machine types against C types: codegen and the JIT call each function with
 * the table's machine signature, so each machine type must fit the C type
 * beside it (which the RT check below pins to the function). VOID is void;
 * I8, I32 and I64 are integer types of 1, 4 and 8 bytes (bool and uint8_t
 * are I8; signedness belongs to the operations); F64 is double; PTR is any
 * other type but void. That is a pointer: no runtime function passes a struct
 * by value, and this check could not tell one of pointer size from a pointer. */
typedef struct AbiNone {
    char unused;
} AbiNone; /* the C type of a parameter a list does not have */

enum { KIND_VOID = 1, KIND_NONE, KIND_PTR, KIND_F64, KIND_OTHER, KIND_INT = 16 };

/* The kind of C type T, an integer constant expression. _Generic looks at the
 * type of a call of a T(*)(void) without evaluating it, so void works too. */
#define INT_KIND(T) T : KIND_INT + (int)sizeof(T)
#define KIND(T)                                                                                  \
    (_Generic((T(*)(void))0, void (*)(void): 1, default: 0)                                      \
         ? KIND_VOID                                                                             \
         : _Generic(((T(*)(void))0)(), AbiNone: KIND_NONE, float: KIND_OTHER,                    \
                    double: KIND_F64, long double: KIND_OTHER, INT_KIND(_Bool), INT_KIND(char),  \
                    INT_KIND(signed char), INT_KIND(unsigned char), INT_KIND(short),             \
                    INT_KIND(unsigned short), INT_KIND(int), INT_KIND(unsigned), INT_KIND(long), \
                    INT_KIND(unsigned long), INT_KIND(long long), INT_KIND(unsigned long long),  \
                    default: KIND_PTR))

/* RET_##m(T) and PARAM_##m(T): machine type m fits C type T. No parameter is
 * VOID. NONE (past the end of a machine list) and the empty m of a list `()`
 * fit only AbiNone (past the end of a C list) and the void of a list `(void)`. */
#define RET_VOID(T) (KIND(T) == KIND_VOID)
#define RET_I8(T) (KIND(T) == KIND_INT + 1)
#define RET_I32(T) (KIND(T) == KIND_INT + 4)
#define RET_I64(T) (KIND(T) == KIND_INT + 8)
#define RET_F64(T) (KIND(T) == KIND_F64)
#define RET_PTR(T) (KIND(T) == KIND_PTR)
#define PARAM_I8 RET_I8
#define PARAM_I32 RET_I32
#define PARAM_I64 RET_I64
#define PARAM_F64 RET_F64
#define PARAM_PTR RET_PTR
#define PARAM_NONE(T) (KIND(T) == KIND_NONE || KIND(T) == KIND_VOID)
#define PARAM_(T) PARAM_NONE(T)
#define RET_FITS(m, T) RET_##m(T)
#define PARAM_FITS(m, T) PARAM_##m(T)
#define PARAM_FITS_EXPANDED(m, T) PARAM_FITS(m, T) /* m is expanded before ## */

/* Parameter i of both lists, walked in step: ARGi picks element i of a list
 * padded with NONE or AbiNone. Six are checked; artifact/ir.c allows four. */
#define MACHINE_PAD(...) (__VA_ARGS__, NONE, NONE, NONE, NONE, NONE, NONE)
#define C_PAD(...) (__VA_ARGS__, AbiNone, AbiNone, AbiNone, AbiNone, AbiNone, AbiNone)
#define ARG0(a, ...) a
#define ARG1(a, b, ...) b
#define ARG2(a, b, c, ...) c
#define ARG3(a, b, c, d, ...) d
#define ARG4(a, b, c, d, e, ...) e
#define ARG5(a, b, c, d, e, f, ...) f
#define APPLY(f, args) f args
#define PARAM_CHECK(arg, index, name, params, c_params)                                          \
    _Static_assert(PARAM_FITS_EXPANDED(APPLY(arg, MACHINE_PAD params), APPLY(arg, C_PAD c_params)), \
                   "runtime function " #name ": the machine type of parameter " #index           \
                   " does not fit its C type in abi/abi_runtime.def");

#define RT(id, name, ret, c_ret, noreturn, params, c_params, panics)                             \
    _Static_assert(_Generic(&name, c_ret(*) c_params: 1, default: 0),                         \
                   "runtime function " #name " does not match abi/abi_runtime.def");          \
    _Static_assert((noreturn) == 0 || (noreturn) == 1, #name ": noreturn is 0 or 1");         \
    _Static_assert(RET_FITS(ret, c_ret), "runtime function " #name ": the machine return type" \
                                         " does not fit its C type in abi/abi_runtime.def");   \
    PARAM_CHECK(ARG0, 1, name, params, c_params)                                              \
    PARAM_CHECK(ARG1, 2, name, params, c_params)                                              \
    PARAM_CHECK(ARG2, 3, name, params, c_params)                                              \
    PARAM_CHECK(ARG3, 4, name, params, c_params)                                              \
    PARAM_CHECK(ARG4, 5, name, params, c_params)                                              \
    PARAM_CHECK(ARG5, 6, name, params, c_params)
#include "abi/abi_runtime.def"
#undef RT
