/* beskid_rt.h: the Beskid runtime library (libbeskid_rt.a), ABI version 2.
 * Two tables: the 24 versioned symbols generated code and C hosts call
 * (backends.md §5.2, names and signatures frozen), then the toolchain-internal
 * beskid_rt_* symbols the compiler's codegen and the JIT/exe shim call.
 * Link consumers with: libbeskid_rt.a -lgc -lpthread -ldl -lm. */
#ifndef BESKID_RT_H
#define BESKID_RT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BESKID_RUNTIME_ABI_VERSION 2

/* Layouts: src/abi/abi_layout.h gives each struct's offsets and size, and
 * runtime/rt_abi_check.c asserts that these definitions match it. */

/* String header (no object header). Bytes are UTF-8, not
 * NUL-terminated, never mutated after creation; 'ptr' is never NULL. */
typedef struct BeskidStr {
    const uint8_t *ptr;
    size_t len;
} BeskidStr;

/* Array header (no object header), followed in the same block by the
 * elements: 'ptr' always points at elem_size*len zero-initialised bytes
 * just past the header (never NULL); cap == len. */
typedef struct BeskidArray {
    uint8_t *ptr;
    size_t len;
    size_t cap;
} BeskidArray;

/* Handler list of one event field; opaque to generated code. */
typedef struct EventState EventState;

/* Read-only type descriptor emitted by codegen. 'offsets' lists the
 * byte offsets of every word that may hold a heap reference (8-aligned). */
typedef struct BeskidTypeDesc {
    size_t size;
    size_t align;
    uint32_t ptr_count;
    uint32_t variant; /* an enum variant's descriptor: its index (abi_layout.h) */
    const size_t *offsets;
    const char *name; /* always NULL today */
} BeskidTypeDesc;

/* Where a panicking operation is in the Beskid source (codegen's read-only
 * data; 1-based line and byte column). */
typedef struct BeskidSourceLoc {
    const char *file;
    uint32_t line;
    uint32_t col;
} BeskidSourceLoc;

/* ---- Table 1: ABI v2 (backends.md §5.2), in RUNTIME_EXPORT_SYMBOLS order ---- */

uint32_t beskid_runtime_abi_version(void);
void *alloc(size_t size, const void *type_desc);
BeskidStr *str_new(const uint8_t *ptr, size_t len);
BeskidStr *str_concat(const BeskidStr *a, const BeskidStr *b);
size_t str_len(const BeskidStr *s);
/* Element kind unknown here, so the buffer is scanned conservatively. */
BeskidArray *array_new(size_t elem_size, size_t len);
_Noreturn void panic(const uint8_t *msg, size_t len);
_Noreturn void panic_str(const BeskidStr *msg);
int64_t syscall_write(int64_t fd, const BeskidStr *s);
BeskidStr *syscall_read(int64_t fd, int64_t max_bytes);
void gc_write_barrier(void *dst_obj, void *value);
uint64_t gc_root_handle(void *value);
void gc_unroot_handle(uint64_t handle);
void gc_register_root(void **slot);
void gc_unregister_root(void **slot);
size_t event_subscribe(EventState **slot, void *handler, size_t capacity);
size_t event_unsubscribe_first(EventState **slot, void *handler);
size_t event_len(EventState *state);
void *event_get_handler(EventState *state, size_t idx);
void interop_dispatch_unit(const void *enum_obj);
void *interop_dispatch_ptr(const void *enum_obj);
size_t interop_dispatch_usize(const void *enum_obj);
uint64_t test_bytes_ptr(void);
uint64_t test_bytes_len(void);

/* ---- Table 2: toolchain-internal (not versioned; checked by §4.4 too) ---- */

/* Idempotent. The first call (on the main thread, before any other thread
 * runs Beskid code) starts the collector and installs the stack-overflow
 * handler. Every call also prepares the calling thread: registers it with the
 * collector and gives it an alternate signal stack, so a JIT that runs the
 * entry on its own thread calls this first on that thread. Every exported
 * function initialises lazily, so C hosts may skip it. */
void beskid_rt_init(void);
/* Undoes the per-thread part of init for a thread other than the first one
 * (call before that thread exits); otherwise only bookkeeping. */
void beskid_rt_shutdown(void);

/* Runs body(arg) on the program's main stack (backends.md §0a item 15): a
 * thread whose stack is 1 GiB of address space reserved lazily (the OS
 * commits pages as they are touched) above a guard region, so deep recursion
 * works the same under `run` and in executables and overflow still panics
 * `stack overflow`. Waits for it and returns. Initialises the runtime first;
 * the thread prepares itself (collector, alternate signal stack). If no such
 * stack can be made, body runs on the caller's stack. */
typedef void (*BeskidMainBody)(void *arg);
void beskid_rt_run_main(BeskidMainBody body, void *arg);

/* Called with the message (no "panic: " prefix, no newline) before the panic
 * is printed; it may longjmp away (JIT test mode). If it returns, the panic
 * proceeds. NULL removes the hook. */
typedef void (*BeskidPanicHook)(const uint8_t *msg, size_t len);
void beskid_rt_set_panic_hook(BeskidPanicHook hook);
/* BESKID_BACKTRACE is set and not "0": a panic prints the Beskid frames. */
bool beskid_rt_backtrace_enabled(void);
/* The JIT names the code it linked for BESKID_BACKTRACE: [start, start+size)
 * is the Beskid function 'name' (kept, not copied). */
void beskid_rt_backtrace_add(uintptr_t start, uintptr_t size, const char *name);

/* The one panic routine: the hook, then fflush(NULL) (a C host's output
 * stays before the panic), "panic: {msg}\n" on fd 2 in one write, _exit(101).
 * The others format their message and call it. */
_Noreturn void beskid_rt_panic_bytes(const uint8_t *msg, size_t len);
_Noreturn void beskid_rt_panic_cstr(const char *msg);
_Noreturn void beskid_rt_panic_div_zero(void);  /* division by zero */
_Noreturn void beskid_rt_panic_overflow(void);  /* arithmetic overflow */
_Noreturn void beskid_rt_panic_no_match(void);  /* no match arm matched */
_Noreturn void beskid_rt_panic_index(int64_t index, int64_t len);
_Noreturn void beskid_rt_panic_uninit(void);    /* uninitialized array element */
/* Generated code calls this just before a panicking call (on its cold path
 * only): the next panic prints " --> file:line:col" after its message line.
 * The panic consumes it. NULL forgets it. */
void beskid_rt_panic_location(const BeskidSourceLoc *loc);

/* A new string holding a copy of the NUL-terminated UTF-8 'text' (a
 * `string` parameter of an exported function called from C). */
BeskidStr *beskid_rt_str_from_cstr(const char *text);
/* A NUL-terminated copy of the bytes of 's' (collected, pointer-free), for
 * a `ref u8` parameter of a foreign function: C reads up to the NUL. */
const uint8_t *beskid_rt_str_cstr(const BeskidStr *s);

/* Content equality: 1 if same bytes, else 0. */
uint8_t beskid_rt_str_eq(const BeskidStr *a, const BeskidStr *b);

/* Interpolation conversions; each returns a fresh string. */
BeskidStr *beskid_rt_str_from_i64(int64_t v);
BeskidStr *beskid_rt_str_from_u64(uint64_t v);
BeskidStr *beskid_rt_str_from_bool(uint8_t v);
BeskidStr *beskid_rt_str_from_char(uint32_t c); /* invalid scalar -> U+FFFD */
BeskidStr *beskid_rt_str_from_f64(double v);    /* as beskid_rt_format_f64 */

/* One-allocation joins: a string of 'cap' bytes whose length the caller
 * sets after writing them, and writers that put a part's text at 'dst' and
 * return its byte count (at most ABI_TEXT_MAX_* of abi/abi_layout.h). 'dst'
 * must have room for that bound: put_i64/put_u64 may write all of it. */
BeskidStr *beskid_rt_str_alloc(size_t cap);
size_t beskid_rt_str_put_str(uint8_t *dst, const BeskidStr *s);
size_t beskid_rt_str_put_i64(uint8_t *dst, int64_t v);
size_t beskid_rt_str_put_u64(uint8_t *dst, uint64_t v);
size_t beskid_rt_str_put_bool(uint8_t *dst, uint8_t v);
size_t beskid_rt_str_put_char(uint8_t *dst, uint32_t c);

/* Objects of a layout known at compile time: scanned conservatively
 * (zeroed) or pointer-free (zeroed). The caller writes the header (generated
 * code stores 'type_desc' into word 0 right after the call: lower/layout.c),
 * so the runtime does not store it a second time. */
void *beskid_rt_alloc_scanned(size_t size, const void *type_desc);
void *beskid_rt_alloc_atomic(size_t size, const void *type_desc);

/* Buffer size that always holds beskid_rt_format_f64's text plus its NUL (the
 * longest text, "-0.000..." for a negative number near 1e-308, is 327 bytes). */
#define BESKID_RT_F64_TEXT_MAX 400

/* Shortest decimal that round-trips, in positional notation (never an
 * exponent), integral values without ".0": 2.5, 1, -0, 0.0000001,
 * 1000000000000000000000; "NaN", "inf", "-inf". Writes at most cap-1 bytes
 * plus a NUL (nothing if cap is 0) and returns the full text length, like
 * snprintf. */
size_t beskid_rt_format_f64(double v, char *buf, size_t cap);

/* UTF-8 encoding of scalar 'c' into out (1-4 bytes, no NUL); surrogates and
 * values above 0x10FFFF encode U+FFFD. Returns the byte count. */
size_t beskid_rt_format_char(uint32_t c, char out[4]);

/* Array of 'len' zeroed elements. The buffer is pointer-free unless
 * 'elems_hold_refs'. Negative sizes panic "array allocation failed". */
BeskidArray *beskid_rt_array_new(int64_t elem_size, int64_t len, uint8_t elems_hold_refs);

/* ---- The standard library's primitives (language.md §4.1 [EXT]; the
 * __ builtins of src/sema/builtins.def call these). A bad range panics
 * (messages in src/abi/abi_runtime.def); other failures are results. ---- */

/* [start, end) sharing the bytes; panics "string slice out of bounds:
 * {start}..{end}, length {n}" or "string slice is not on a character boundary". */
BeskidStr *beskid_rt_str_slice(const BeskidStr *s, int64_t start, int64_t end);
/* First index >= max(from, 0) of 'needle' (from itself for ""), else -1. */
int64_t beskid_rt_str_find(const BeskidStr *hay, const BeskidStr *needle, int64_t from);
/* Last index of 'needle' (the length for ""), else -1. */
int64_t beskid_rt_str_find_last(const BeskidStr *hay, const BeskidStr *needle);
/* Ordinal comparison of the bytes: -1, 0 or 1. */
int64_t beskid_rt_str_compare(const BeskidStr *a, const BeskidStr *b);
int64_t beskid_rt_bytes_compare(const BeskidArray *a, const BeskidArray *b);
/* Bytes [start, start+len) of a u8[]; a bad range panics "index out of bounds". */
uint8_t beskid_rt_bytes_utf8_valid(const BeskidArray *bytes, int64_t start, int64_t len);
BeskidStr *beskid_rt_str_from_bytes_utf8(const BeskidArray *bytes, int64_t start, int64_t len);
BeskidArray *beskid_rt_str_to_bytes(const BeskidStr *s);
/* A string of s's bytes with room for 'extra' more after them (lowering of
 * an appendable local, lower_string.c): s itself when 'owned' (s is such a
 * buffer, and only its local holds it) and it has room, else a new buffer
 * of at least twice the size. The caller writes the bytes and the length. */
BeskidStr *beskid_rt_str_reserve(BeskidStr *s, uint8_t owned, int64_t extra);
/* The value of such a buffer's local after it is given the literal 'lit':
 * s holding lit's bytes when 'owned' and it has room, else lit itself. 's'
 * is not read unless 'owned'. */
BeskidStr *beskid_rt_str_reset(BeskidStr *s, uint8_t owned, const BeskidStr *lit);
/* At a return of the function of such a local: its buffer, when 'owned',
 * is dead (only the local held it) and is kept for the thread's next first
 * buffer (beskid_rt_str_reserve of a string not owned). 's' is not read
 * unless 'owned'. */
void beskid_rt_str_release(BeskidStr *s, uint8_t owned);
/* s's bytes into dst[at..]; returns at + len. A bad range panics. */
int64_t beskid_rt_bytes_put_str(BeskidArray *dst, int64_t at, const BeskidStr *s);
/* src[start..start+len) into dst[at..] (they may overlap); returns at + len. */
int64_t beskid_rt_bytes_copy(BeskidArray *dst, int64_t at, const BeskidArray *src, int64_t start, int64_t len);
/* The decimal text of v into dst[at..] (digits written in place, no string
 * made); returns at + its length. Panics "index out of bounds" unless it fits. */
int64_t beskid_rt_bytes_put_i64(BeskidArray *dst, int64_t at, int64_t v);
/* parts[0..count) of a string[] with 'sep' between them, in one allocation. */
BeskidStr *beskid_rt_str_join(const BeskidArray *parts, int64_t count, const BeskidStr *sep);
/* The parts of 'text' between occurrences of 'sep' (a string[]; [text] for
 * an empty 'sep'): slices sharing text's bytes, their headers one block. */
BeskidArray *beskid_rt_str_split(const BeskidStr *text, const BeskidStr *sep);
/* The whole text as a decimal number into out[0] (an i64[] / f64[] of at
 * least one element): 1, else 0 and out untouched. */
uint8_t beskid_rt_str_parse_i64(const BeskidStr *s, BeskidArray *out);
uint8_t beskid_rt_str_parse_f64(const BeskidStr *s, BeskidArray *out);
/* __hash: by value for numbers and strings, by identity for references. */
int64_t beskid_rt_hash_i64(int64_t v);
int64_t beskid_rt_hash_f64(double v);
int64_t beskid_rt_hash_ptr(const void *p);
int64_t beskid_rt_hash_str(const BeskidStr *s);

/* Operating system (rt_os.c): failures return false / "" and record the OS
 * error code that beskid_rt_os_last_error returns (0 after a success). */
int64_t beskid_rt_os_last_error(void);
BeskidStr *beskid_rt_os_error_text(int64_t code);
uint8_t beskid_rt_env_has(const BeskidStr *name);
BeskidStr *beskid_rt_env_get(const BeskidStr *name);
uint8_t beskid_rt_env_set(const BeskidStr *name, const BeskidStr *value);
BeskidStr *beskid_rt_env_getcwd(void);
BeskidStr *beskid_rt_fs_read_text(const BeskidStr *path);
uint8_t beskid_rt_fs_write_text(const BeskidStr *path, const BeskidStr *text);
uint8_t beskid_rt_fs_exists(const BeskidStr *path);
uint8_t beskid_rt_fs_delete(const BeskidStr *path);
uint8_t beskid_rt_fs_mkdir(const BeskidStr *path);
int64_t beskid_rt_process_getpid(void);
_Noreturn void beskid_rt_process_exit(int64_t code);
int64_t beskid_rt_clock_realtime_nanos(void);
int64_t beskid_rt_clock_monotonic_nanos(void);

#endif
