/* rt_interop.c: interop dispatch, FFI test bytes and the ABI version.
 * Dispatch reads an enum object (abi/abi_layout.h): its variant (in the
 * descriptor its header points at) and a first, word-aligned payload field.
 * Only variant 0 (TAG_STRING_LEN, usize group) exists; every other case
 * panics. */
#include <string.h>

#include "abi/abi_layout.h"
#include "rt_internal.h"

enum { TAG_STRING_LEN = 0 };

static const uint8_t test_bytes[] = "Hello from libc.write\n";

uint32_t beskid_runtime_abi_version(void)
{
    rt_ensure_init();
    return BESKID_RUNTIME_ABI_VERSION;
}

void interop_dispatch_unit(const void *enum_obj)
{
    rt_ensure_init();
    (void)enum_obj;
    beskid_rt_panic_cstr("invalid interop tag for unit dispatch");
}

void *interop_dispatch_ptr(const void *enum_obj)
{
    rt_ensure_init();
    (void)enum_obj;
    beskid_rt_panic_cstr("invalid interop tag for ptr dispatch");
}

size_t interop_dispatch_usize(const void *enum_obj)
{
    rt_ensure_init();
    if (enum_obj != NULL) {
        const uint8_t *bytes = enum_obj;
        const BeskidTypeDesc *desc;
        memcpy(&desc, bytes + ABI_OBJ_DESC, sizeof desc);
        if (desc != NULL && desc->variant == TAG_STRING_LEN) {
            const BeskidStr *s;
            memcpy(&s, bytes + ABI_ENUM_PAYLOAD, sizeof s);
            return str_len(s);
        }
    }
    beskid_rt_panic_cstr("invalid interop tag for usize dispatch");
}

uint64_t test_bytes_ptr(void)
{
    rt_ensure_init();
    return (uint64_t)(uintptr_t)test_bytes;
}

uint64_t test_bytes_len(void)
{
    rt_ensure_init();
    return sizeof test_bytes - 1;
}
