/* abi/abi_layout.h: the heap layouts generated code and the runtime share
 * (backends.md §0a item 1, §2.4, §5.5), on 64-bit little-endian targets. The
 * one place these numbers are written: lower/ builds objects with them and
 * runtime/ _Static_asserts its C structs against them. No dependencies, so
 * any layer and the runtime may include it.
 * Naming: ABI_<LAYOUT>_<FIELD> is a field's byte offset from the start of the
 * block, ABI_<LAYOUT>_BYTES the block's size. */
#ifndef BESKID_ABI_ABI_LAYOUT_H
#define BESKID_ABI_ABI_LAYOUT_H

#define ABI_WORD 8 /* pointers, size_t, i64 */

/* Object header: word 0 of every struct, enum, closure and cell object holds
 * its type descriptor's address (written by `alloc`). Strings, arrays and
 * event states have no header. */
#define ABI_OBJ_DESC 0
#define ABI_OBJ_HEADER_BYTES 8 /* a struct's fields start here */

/* Enum object: header, then the variant's fields, each aligned. The header
 * is the descriptor of the object's variant (one per variant, holding the
 * variant's index at ABI_DESC_VARIANT), so the variant costs no word of its
 * own: a variant is tested by comparing the header with its descriptor's
 * address. */
#define ABI_ENUM_PAYLOAD 8

/* String header (BeskidStr): {ptr, len}; UTF-8 bytes, not NUL-terminated. */
#define ABI_STR_PTR 0
#define ABI_STR_LEN 8
#define ABI_STR_BYTES 16
/* A string local's own growable buffer (beskid_rt_str_reserve): the header,
 * then its capacity in bytes, then the bytes. */
#define ABI_OWNED_STR_CAP 16
#define ABI_OWNED_STR_BYTES 24

/* Longest text of an interpolated part written straight into a joined
 * string (beskid_rt_str_put_*): "-9223372036854775808", a char's UTF-8,
 * "false". */
#define ABI_TEXT_MAX_INT 20
#define ABI_TEXT_MAX_CHAR 4
#define ABI_TEXT_MAX_BOOL 5

/* Array header (BeskidArray): {ptr, len, cap}; the elements follow the header
 * in the same block, packed, and 'ptr' points at them. */
#define ABI_ARRAY_PTR 0
#define ABI_ARRAY_LEN 8
#define ABI_ARRAY_CAP 16
#define ABI_ARRAY_BYTES 24

/* Closure object: {descriptor, code, slot 0, slot 1, …}, one word per
 * captured variable; a call is code(closure, args…). */
#define ABI_CLOSURE_CODE 8
#define ABI_CLOSURE_SLOTS 16 /* slot i at ABI_CLOSURE_SLOTS + ABI_WORD * i */

/* Heap cell of a captured, assigned variable: {descriptor, value}. */
#define ABI_CELL_VALUE 8
#define ABI_CELL_BYTES 16

/* Contract value (language.md §3.6.5): {object, vtable}, allocated without
 * a descriptor (so scanned conservatively: the collector sees 'object').
 * The vtable is read-only data, one per (concrete type, contract): the
 * implementing methods' code addresses in the contract's slot order, then
 * the vtable addresses of the contracts it embeds (docs/decisions.md). */
#define ABI_CONTRACT_OBJECT 0
#define ABI_CONTRACT_VTABLE 8
#define ABI_CONTRACT_BYTES 16

/* Allocation policy shared by lowering (lower/layout.c) and `alloc`
 * (runtime/rt_alloc.c): an object with pointer words of at most this many
 * bytes is scanned conservatively however many scalar words it has. The
 * collector's typed allocation adds a word to each object and takes the
 * global allocation lock; looking at a dozen scalar words while marking
 * costs less (docs/memory.md). */
#define ABI_SCAN_SMALL_BYTES 128

/* Type descriptor (BeskidTypeDesc), read-only data: {size, align, ptr_count,
 * variant, offsets, name}. 'offsets' points at ptr_count size_t byte offsets
 * of the words that may hold a reference; 'variant' is the variant's index
 * in an enum variant's descriptor, else 0; 'name' is always NULL. */
#define ABI_DESC_OBJ_SIZE 0
#define ABI_DESC_OBJ_ALIGN 8
#define ABI_DESC_PTR_COUNT 16 /* uint32 */
#define ABI_DESC_VARIANT 20   /* uint32 */
#define ABI_DESC_OFFSETS 24
#define ABI_DESC_NAME 32
#define ABI_DESC_BYTES 40

/* Event state (EventState, the value of an event field once subscribed):
 * {len, cap, handler 0, handler 1, …}; handlers are closure pointers. */
#define ABI_EVENT_LEN 0
#define ABI_EVENT_CAP 8
#define ABI_EVENT_HANDLERS 16
#define ABI_EVENT_DEFAULT_CAPACITY 8 /* `event` without {N} */

/* Source location of a panicking operation (BeskidSourceLoc), read-only data
 * codegen emits beside each panic call: {file, line, col}; 'file' is a
 * NUL-terminated path, line and column are 1-based uint32s (issue 12). */
#define ABI_LOC_FILE 0
#define ABI_LOC_LINE 8
#define ABI_LOC_COL 12
#define ABI_LOC_BYTES 16

#endif
