/* rt_string.c: string headers, UTF-8 validation and to-text conversions.
 * A string the runtime creates (concatenation, conversions, reads) is ONE
 * pointer-free block: the header, then the bytes, header.ptr pointing
 * just past the header. That interior pointer needs no tracing: it points into
 * its own object, and the collector recognises interior pointers (from the
 * stack always, from the heap because GC_all_interior_pointers is on), so a
 * register holding only s->ptr still keeps the block alive. str_new's header
 * over caller-owned bytes is pointer-free too when those bytes are outside
 * the collected heap (literals in read-only data), else scanned. Bytes are
 * immutable once a header points at them, so headers may share bytes. */
#include <string.h>

#include <gc/gc_mark.h>

#include "abi/abi_layout.h"
#include "rt_internal.h"

/* Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, max U+10FFFF. */
bool rt_utf8_valid(const uint8_t *bytes, size_t len)
{
    size_t i = 0;
    while (i < len) {
        /* ASCII runs (most text) eight bytes at a time. */
        if (len - i >= 8) {
            uint64_t word;
            memcpy(&word, bytes + i, 8);
            if ((word & 0x8080808080808080ull) == 0) {
                i += 8;
                continue;
            }
        }
        uint8_t b = bytes[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        size_t extra;
        uint8_t lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
        if (b >= 0xC2 && b <= 0xDF) {
            extra = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            extra = 2;
            if (b == 0xE0)
                lo = 0xA0; /* overlong */
            else if (b == 0xED)
                hi = 0x9F; /* surrogates */
        } else if (b >= 0xF0 && b <= 0xF4) {
            extra = 3;
            if (b == 0xF0)
                lo = 0x90; /* overlong */
            else if (b == 0xF4)
                hi = 0x8F; /* above U+10FFFF */
        } else {
            return false;
        }
        if (len - i <= extra)
            return false;
        if (bytes[i + 1] < lo || bytes[i + 1] > hi)
            return false;
        for (size_t k = 2; k <= extra; k++) {
            if ((bytes[i + k] & 0xC0) != 0x80)
                return false;
        }
        i += extra + 1;
    }
    return true;
}

/* Header over bytes the collector need not see (static or read-only data). */
static BeskidStr *wrap_unmanaged(const uint8_t *bytes, size_t len)
{
    BeskidStr *s = rt_alloc_atomic(sizeof *s);
    s->ptr = bytes;
    s->len = len;
    return s;
}

BeskidStr *rt_str_wrap(const uint8_t *bytes, size_t len)
{
    /* Outside the heap's address range (literals in read-only data) the
     * header is pointer-free; inside it (slices of collected strings, the
     * hot case) it is scanned without asking GC_base whether the bytes are
     * really collected: marking a pointer to unmanaged memory costs one
     * lookup per collection, GC_base costs one per string. The bounds only
     * widen over time. */
    uintptr_t at = (uintptr_t)bytes;
    if (at < (uintptr_t)GC_least_plausible_heap_addr || at > (uintptr_t)GC_greatest_plausible_heap_addr)
        return wrap_unmanaged(bytes, len);
    BeskidStr *s = rt_alloc_scanned(sizeof *s);
    s->ptr = bytes;
    s->len = len;
    return s;
}

BeskidStr *rt_str_alloc(size_t len)
{
    if (len > PTRDIFF_MAX - sizeof(BeskidStr))
        beskid_rt_panic_cstr("out of memory");
    BeskidStr *s = rt_alloc_atomic(sizeof *s + len);
    s->ptr = (const uint8_t *)(s + 1);
    s->len = len;
    return s;
}

static void check_string(const BeskidStr *s);

/* An owned buffer: the header, the capacity, then the bytes. The header is
 * the string; ptr points just past the capacity word. */
typedef struct OwnedStr {
    BeskidStr str;
    size_t cap;
} OwnedStr;
_Static_assert(offsetof(OwnedStr, cap) == ABI_OWNED_STR_CAP && sizeof(OwnedStr) == ABI_OWNED_STR_BYTES,
               "OwnedStr is abi_layout.h's owned buffer");

BeskidStr *beskid_rt_str_reserve(BeskidStr *s, uint8_t owned, int64_t extra)
{
    rt_ensure_init();
    check_string(s);
    if (extra < 0 || (uint64_t)extra > PTRDIFF_MAX / 2 - sizeof(OwnedStr) - s->len)
        beskid_rt_panic_cstr("out of memory");
    size_t need = s->len + (size_t)extra;
    if (owned && need <= ((OwnedStr *)s)->cap)
        return s;
    if (!owned) { /* a local's first buffer: the one a returned function left, if it has room */
        OwnedStr *spare = rt_alloc_take_spare();
        if (spare && need <= spare->cap) {
            memcpy(spare + 1, s->ptr, s->len);
            spare->str.len = s->len;
            return &spare->str;
        }
    }
    /* A first buffer of 128 bytes in all (a line of text, say) spares most
     * small strings a second one. */
    size_t cap = owned ? ((OwnedStr *)s)->cap * 2 : 128 - sizeof(OwnedStr);
    if (cap < need)
        cap = need;
    if (cap < 2 * s->len)
        cap = 2 * s->len;
    OwnedStr *o = rt_alloc_atomic(sizeof *o + cap);
    o->cap = cap;
    o->str.ptr = (const uint8_t *)(o + 1);
    o->str.len = s->len;
    memcpy(o + 1, s->ptr, s->len);
    return &o->str;
}

/* Buffers up to this size are kept for reuse when their function returns;
 * a larger one is left to the collector (a spare holds its memory until the
 * thread's next first buffer). */
enum { SPARE_MAX_BYTES = 4096 };

void beskid_rt_str_release(BeskidStr *s, uint8_t owned)
{
    if (owned && ((OwnedStr *)s)->cap <= SPARE_MAX_BYTES)
        rt_alloc_keep_spare(s);
}

BeskidStr *beskid_rt_str_reset(BeskidStr *s, uint8_t owned, const BeskidStr *lit)
{
    rt_ensure_init();
    if (!owned || lit->len > ((OwnedStr *)s)->cap)
        return (BeskidStr *)lit;
    memcpy((uint8_t *)(((OwnedStr *)s) + 1), lit->ptr, lit->len);
    s->len = lit->len;
    return s;
}

BeskidStr *rt_str_copy(const void *bytes, size_t len)
{
    BeskidStr *s = rt_str_alloc(len);
    if (len > 0)
        memcpy((uint8_t *)(s + 1), bytes, len);
    return s;
}

BeskidStr *str_new(const uint8_t *ptr, size_t len)
{
    rt_ensure_init();
    if (ptr == NULL)
        beskid_rt_panic_cstr("null string data");
    if (!rt_utf8_valid(ptr, len))
        beskid_rt_panic_cstr("invalid utf-8 string data");
    return rt_str_wrap(ptr, len);
}

static void check_string(const BeskidStr *s)
{
    if (s == NULL)
        beskid_rt_panic_cstr("null string handle");
    if (s->ptr == NULL)
        beskid_rt_panic_cstr("null string data");
}

BeskidStr *str_concat(const BeskidStr *a, const BeskidStr *b)
{
    rt_ensure_init();
    check_string(a);
    check_string(b);
    size_t len;
    if (__builtin_add_overflow(a->len, b->len, &len) || len > PTRDIFF_MAX)
        beskid_rt_panic_cstr("string concat allocation failed");
    if (len > PTRDIFF_MAX - sizeof(BeskidStr))
        beskid_rt_panic_cstr("string concat allocation failed");
    BeskidStr *s = rt_alloc_atomic(sizeof *s + len);
    uint8_t *bytes = (uint8_t *)(s + 1);
    if (a->len > 0)
        memcpy(bytes, a->ptr, a->len);
    if (b->len > 0)
        memcpy(bytes + a->len, b->ptr, b->len);
    s->ptr = bytes;
    s->len = len;
    return s;
}

size_t str_len(const BeskidStr *s)
{
    rt_ensure_init();
    if (s == NULL)
        beskid_rt_panic_cstr("null string handle");
    return s->len;
}

BeskidStr *beskid_rt_str_from_cstr(const char *text)
{
    rt_ensure_init();
    if (text == NULL)
        beskid_rt_panic_cstr("null string data");
    size_t len = strlen(text);
    if (!rt_utf8_valid((const uint8_t *)text, len))
        beskid_rt_panic_cstr("invalid utf-8 string data");
    return rt_str_copy(text, len);
}

const uint8_t *beskid_rt_str_cstr(const BeskidStr *s)
{
    rt_ensure_init();
    if (s == NULL)
        beskid_rt_panic_cstr("null string handle");
    if (s->len > PTRDIFF_MAX - 1)
        beskid_rt_panic_cstr("out of memory");
    uint8_t *bytes = rt_alloc_atomic(s->len + 1);
    if (s->len > 0)
        memcpy(bytes, s->ptr, s->len);
    bytes[s->len] = 0;
    return bytes;
}

uint8_t beskid_rt_str_eq(const BeskidStr *a, const BeskidStr *b)
{
    rt_ensure_init();
    check_string(a);
    check_string(b);
    if (a == b)
        return 1;
    if (a->len != b->len)
        return 0;
    size_t n = a->len;
    if (a->ptr == b->ptr)
        return 1;
    /* Short strings (map keys, words) in words: two overlapping loads each
     * side cover 8..16 bytes, one covers 4..8; below 4 a byte loop. No
     * call into memcmp for the common case. */
    if (n >= 8 && n <= 16) {
        uint64_t x0, y0, x1, y1;
        memcpy(&x0, a->ptr, 8);
        memcpy(&y0, b->ptr, 8);
        memcpy(&x1, a->ptr + n - 8, 8);
        memcpy(&y1, b->ptr + n - 8, 8);
        return ((x0 ^ y0) | (x1 ^ y1)) == 0;
    }
    if (n >= 4 && n < 8) {
        uint32_t x0, y0, x1, y1;
        memcpy(&x0, a->ptr, 4);
        memcpy(&y0, b->ptr, 4);
        memcpy(&x1, a->ptr + n - 4, 4);
        memcpy(&y1, b->ptr + n - 4, 4);
        return ((x0 ^ y0) | (x1 ^ y1)) == 0;
    }
    if (n < 4) {
        for (size_t i = 0; i < n; i++)
            if (a->ptr[i] != b->ptr[i])
                return 0;
        return 1;
    }
    return memcmp(a->ptr, b->ptr, n) == 0;
}

/* "00" to "99": two digits per table load. */
static const char digit_pairs[201] = "00010203040506070809101112131415161718192021222324"
                                     "25262728293031323334353637383940414243444546474849"
                                     "50515253545556575859606162636465666768697071727374"
                                     "75767778798081828384858687888990919293949596979899";

static inline void put_pair(uint8_t *p, uint32_t v) { memcpy(p, digit_pairs + 2 * v, 2); }

/* Four digits of 'v' < 10000 at p: the two halves are independent. */
static inline void put_four(uint8_t *p, uint32_t v)
{
    uint32_t high = v / 100;
    put_pair(p, high);
    put_pair(p + 2, v - high * 100);
}

/* The number of decimal digits of 'magnitude' (1..20), without a loop: the
 * bit length times log10(2) (1233/4096) is the count or one less. */
static inline size_t decimal_digits(uint64_t magnitude)
{
    static const uint64_t bounds[20] = {0, /* 0..7 have one digit whatever the bound */
                                        10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
                                        100000000ull, 1000000000ull, 10000000000ull, 100000000000ull,
                                        1000000000000ull, 10000000000000ull, 100000000000000ull,
                                        1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
                                        1000000000000000000ull, 10000000000000000000ull};
    unsigned bits = 64u - (unsigned)__builtin_clzll(magnitude | 1);
    unsigned guess = (bits * 1233u) >> 12;
    return guess + (magnitude >= bounds[guess]);
}

/* The decimal digits of 'magnitude', ending at 'end'. Eight, then
 * four, then two at a time from the right; each group's halves are split
 * by their own division, so the divisions do not wait on each other the way
 * one digit (or pair) at a time does. */
static void put_digits(uint8_t *end, uint64_t magnitude)
{
    while (magnitude >= 100000000) {
        uint64_t rest = magnitude / 100000000;
        uint32_t eight = (uint32_t)(magnitude - rest * 100000000);
        uint32_t high = eight / 10000;
        end -= 8;
        put_four(end, high);
        put_four(end + 4, eight - high * 10000);
        magnitude = rest;
    }
    uint32_t v = (uint32_t)magnitude; /* below 10^8: 32-bit divisions are short multiplies */
    while (v >= 10000) {
        uint32_t rest = v / 10000;
        end -= 4;
        put_four(end, v - rest * 10000);
        v = rest;
    }
    if (v >= 100) {
        uint32_t rest = v / 100;
        end -= 2;
        put_pair(end, v - rest * 100);
        v = rest;
    }
    if (v >= 10)
        put_pair(end - 2, v);
    else
        end[-1] = (uint8_t)('0' + v);
}

/* The text ('-' if negative, then the digits of magnitude) at 'dst', which
 * has room for ABI_TEXT_MAX_INT bytes (the space a join reserves): its
 * length is known first, so the digits go straight to their final bytes
 * (a copy from a scratch buffer stalls on forwarding the two-byte stores). */
static size_t put_decimal(uint8_t *dst, uint64_t magnitude, bool negative)
{
    size_t len = decimal_digits(magnitude) + (negative ? 1 : 0);
    if (negative)
        dst[0] = '-';
    put_digits(dst + len, magnitude);
    return len;
}

size_t rt_decimal_len(int64_t v)
{
    return v < 0 ? decimal_digits(0 - (uint64_t)v) + 1 : decimal_digits((uint64_t)v);
}

/* One block holding the text. */
static BeskidStr *decimal_string(uint64_t magnitude, bool negative)
{
    uint8_t text[ABI_TEXT_MAX_INT];
    return rt_str_copy(text, put_decimal(text, magnitude, negative));
}

BeskidStr *beskid_rt_str_from_i64(int64_t v)
{
    rt_ensure_init();
    /* 0 - (uint64_t)v is the magnitude, INT64_MIN included. */
    return v < 0 ? decimal_string(0 - (uint64_t)v, true) : decimal_string((uint64_t)v, false);
}

BeskidStr *beskid_rt_str_from_u64(uint64_t v)
{
    rt_ensure_init();
    return decimal_string(v, false);
}

BeskidStr *beskid_rt_str_from_bool(uint8_t v)
{
    rt_ensure_init();
    /* Static bytes: immutable, so no copy is needed. */
    return v ? wrap_unmanaged((const uint8_t *)"true", 4) : wrap_unmanaged((const uint8_t *)"false", 5);
}

BeskidStr *beskid_rt_str_from_char(uint32_t c)
{
    rt_ensure_init();
    char text[4];
    size_t n = beskid_rt_format_char(c, text);
    return rt_str_copy(text, n);
}

BeskidStr *beskid_rt_str_from_f64(double v)
{
    rt_ensure_init();
    char text[BESKID_RT_F64_TEXT_MAX];
    size_t n = beskid_rt_format_f64(v, text, sizeof text);
    return rt_str_copy(text, n);
}

/* ---- one-allocation joins (lower/lower_string.c) ----
 * Generated code sums the parts' lengths (strings' own, ABI_TEXT_MAX_* for
 * the others), allocates once with beskid_rt_str_alloc, writes each part
 * with a put (each returns the bytes it wrote) and stores the total length.
 * No rt_ensure_init in the puts: they write into a string that
 * beskid_rt_str_alloc made, so the runtime is up. */

BeskidStr *beskid_rt_str_alloc(size_t cap)
{
    rt_ensure_init();
    return rt_str_alloc(cap);
}

size_t beskid_rt_str_put_str(uint8_t *dst, const BeskidStr *s)
{
    if (s == NULL)
        beskid_rt_panic_cstr("null string handle");
    if (s->len > 0)
        memcpy(dst, s->ptr, s->len);
    return s->len;
}

size_t beskid_rt_str_put_i64(uint8_t *dst, int64_t v)
{
    return v < 0 ? put_decimal(dst, 0 - (uint64_t)v, true) : put_decimal(dst, (uint64_t)v, false);
}

size_t beskid_rt_str_put_u64(uint8_t *dst, uint64_t v)
{
    return put_decimal(dst, v, false);
}

size_t beskid_rt_str_put_bool(uint8_t *dst, uint8_t v)
{
    if (v) {
        memcpy(dst, "true", 4);
        return 4;
    }
    memcpy(dst, "false", 5);
    return 5;
}

size_t beskid_rt_str_put_char(uint8_t *dst, uint32_t c)
{
    return beskid_rt_format_char(c, (char *)dst);
}
