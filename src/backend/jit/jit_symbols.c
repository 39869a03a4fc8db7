/* backend/jit/jit_symbols.c: runtime symbols bound into the JIT by address
 * (backends.md §0a item 11: explicit binding, no search of the process).
 * The runtime is linked whole into beskid; jit_run asserts that this table
 * covers every symbol of ir_runtime.def. */
#include "backend/jit/jit_internal.h"

#include <string.h>

#include "beskid_rt.h"

#define SYM(fn) {#fn, (uint64_t)(uintptr_t)&fn}

static const JitSymbol symbols[] = {
    SYM(alloc),
    SYM(str_new),
    SYM(str_concat),
    SYM(str_len),
    SYM(array_new),
    SYM(panic),
    SYM(panic_str),
    SYM(syscall_write),
    SYM(syscall_read),
    SYM(gc_write_barrier),
    SYM(gc_root_handle),
    SYM(gc_unroot_handle),
    SYM(gc_register_root),
    SYM(gc_unregister_root),
    SYM(event_subscribe),
    SYM(event_unsubscribe_first),
    SYM(event_len),
    SYM(event_get_handler),
    SYM(interop_dispatch_unit),
    SYM(interop_dispatch_ptr),
    SYM(interop_dispatch_usize),
    SYM(test_bytes_ptr),
    SYM(test_bytes_len),
    SYM(beskid_runtime_abi_version),
    SYM(beskid_rt_init),
    SYM(beskid_rt_shutdown),
    SYM(beskid_rt_panic_div_zero),
    SYM(beskid_rt_panic_overflow),
    SYM(beskid_rt_panic_no_match),
    SYM(beskid_rt_panic_index),
    SYM(beskid_rt_panic_uninit),
    SYM(beskid_rt_str_eq),
    SYM(beskid_rt_str_from_i64),
    SYM(beskid_rt_str_from_u64),
    SYM(beskid_rt_str_from_bool),
    SYM(beskid_rt_str_from_char),
    SYM(beskid_rt_str_from_f64),
    SYM(beskid_rt_array_new),
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
