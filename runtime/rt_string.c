/* rt_string.c: string headers, UTF-8 validation and to-text conversions.
 * Headers live on the scanned heap (they hold a pointer); bytes are
 * pointer-free. Bytes are immutable once a header points at them, so
 * headers may share bytes (str_new never copies). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rt_internal.h"

/* Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, max U+10FFFF. */
bool rt_utf8_valid(const uint8_t *bytes, size_t len)
{
    size_t i = 0;
    while (i < len) {
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

BeskidStr *rt_str_wrap(const uint8_t *bytes, size_t len)
{
    BeskidStr *s = rt_alloc_scanned(sizeof *s);
    s->ptr = bytes;
    s->len = len;
    return s;
}

BeskidStr *rt_str_copy(const void *bytes, size_t len)
{
    uint8_t *copy = rt_alloc_atomic(len);
    if (len > 0)
        memcpy(copy, bytes, len);
    return rt_str_wrap(copy, len);
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
    uint8_t *bytes = rt_alloc_atomic(len);
    if (a->len > 0)
        memcpy(bytes, a->ptr, a->len);
    if (b->len > 0)
        memcpy(bytes + a->len, b->ptr, b->len);
    return rt_str_wrap(bytes, len);
}

size_t str_len(const BeskidStr *s)
{
    rt_ensure_init();
    if (s == NULL)
        beskid_rt_panic_cstr("null string handle");
    return s->len;
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
    return a->len == 0 || memcmp(a->ptr, b->ptr, a->len) == 0;
}

BeskidStr *beskid_rt_str_from_i64(int64_t v)
{
    rt_ensure_init();
    char text[24];
    int n = snprintf(text, sizeof text, "%" PRId64, v);
    return rt_str_copy(text, (size_t)n);
}

BeskidStr *beskid_rt_str_from_u64(uint64_t v)
{
    rt_ensure_init();
    char text[24];
    int n = snprintf(text, sizeof text, "%" PRIu64, v);
    return rt_str_copy(text, (size_t)n);
}

BeskidStr *beskid_rt_str_from_bool(uint8_t v)
{
    rt_ensure_init();
    /* Static bytes: immutable, so no copy is needed. */
    return v ? rt_str_wrap((const uint8_t *)"true", 4) : rt_str_wrap((const uint8_t *)"false", 5);
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
