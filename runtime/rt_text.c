/* rt_text.c: the string and byte primitives the standard library builds on
 * (language.md §4.1 [EXT] builtins: __str_slice, __str_find, __str_join, …)
 * and the hashing behind __hash (docs/decisions.md, "Standard library").
 * A bad range or a bad element is a panic with a documented message; a
 * failed parse is a `false` result, never a panic. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gc/gc_mark.h>

#include "rt_internal.h"

static const uint8_t empty_bytes[1] = {0};

static void check_str(const BeskidStr *s)
{
    if (s == NULL)
        beskid_rt_panic_cstr("null string handle");
    if (s->ptr == NULL)
        beskid_rt_panic_cstr("null string data");
}

static bool is_continuation(uint8_t b)
{
    return (b & 0xC0) == 0x80;
}

/* [start, end) of s, sharing its bytes (strings are immutable). */
BeskidStr *beskid_rt_str_slice(const BeskidStr *s, int64_t start, int64_t end)
{
    rt_ensure_init();
    check_str(s);
    int64_t n = (int64_t)s->len;
    if (start < 0 || end < start || end > n) {
        char msg[128];
        int len = snprintf(msg, sizeof msg, "string slice out of bounds: %lld..%lld, length %lld", (long long)start,
                           (long long)end, (long long)n);
        beskid_rt_panic_bytes((const uint8_t *)msg, (size_t)len);
    }
    if ((start < n && is_continuation(s->ptr[start])) || (end < n && is_continuation(s->ptr[end])))
        beskid_rt_panic_cstr("string slice is not on a character boundary");
    if (start == end)
        return rt_str_wrap(empty_bytes, 0);
    return rt_str_wrap(s->ptr + start, (size_t)(end - start));
}

int64_t beskid_rt_str_find(const BeskidStr *hay, const BeskidStr *needle, int64_t from)
{
    rt_ensure_init();
    check_str(hay);
    check_str(needle);
    if (from < 0)
        from = 0;
    if (from > (int64_t)hay->len)
        return -1;
    if (needle->len == 0)
        return from;
    const uint8_t *at = memmem(hay->ptr + from, hay->len - (size_t)from, needle->ptr, needle->len);
    return at ? (int64_t)(at - hay->ptr) : -1;
}

int64_t beskid_rt_str_find_last(const BeskidStr *hay, const BeskidStr *needle)
{
    rt_ensure_init();
    check_str(hay);
    check_str(needle);
    if (needle->len > hay->len)
        return -1;
    for (size_t i = hay->len - needle->len + 1; i-- > 0;)
        if (memcmp(hay->ptr + i, needle->ptr, needle->len) == 0)
            return (int64_t)i;
    return -1;
}

static int64_t compare_bytes(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    if (c != 0)
        return c < 0 ? -1 : 1;
    return an < bn ? -1 : an > bn ? 1 : 0;
}

int64_t beskid_rt_str_compare(const BeskidStr *a, const BeskidStr *b)
{
    rt_ensure_init();
    check_str(a);
    check_str(b);
    return compare_bytes(a->ptr, a->len, b->ptr, b->len);
}

int64_t beskid_rt_bytes_compare(const BeskidArray *a, const BeskidArray *b)
{
    rt_ensure_init();
    return compare_bytes(a->ptr, a->len, b->ptr, b->len);
}

/* Panics unless [start, start+len) lies in an array of 'n' elements. */
static void check_range(int64_t start, int64_t len, size_t n)
{
    if (start < 0 || start > (int64_t)n)
        beskid_rt_panic_index(start, (int64_t)n);
    if (len < 0 || len > (int64_t)n - start)
        beskid_rt_panic_index(start + len, (int64_t)n);
}

uint8_t beskid_rt_bytes_utf8_valid(const BeskidArray *bytes, int64_t start, int64_t len)
{
    rt_ensure_init();
    check_range(start, len, bytes->len);
    return rt_utf8_valid(bytes->ptr + start, (size_t)len);
}

BeskidStr *beskid_rt_str_from_bytes_utf8(const BeskidArray *bytes, int64_t start, int64_t len)
{
    rt_ensure_init();
    check_range(start, len, bytes->len);
    if (!rt_utf8_valid(bytes->ptr + start, (size_t)len))
        beskid_rt_panic_cstr("invalid utf-8 string data");
    return rt_str_copy(bytes->ptr + start, (size_t)len);
}

BeskidArray *beskid_rt_str_to_bytes(const BeskidStr *s)
{
    rt_ensure_init();
    check_str(s);
    BeskidArray *a = beskid_rt_array_new(1, (int64_t)s->len, 0);
    memcpy(a->ptr, s->ptr, s->len);
    return a;
}

int64_t beskid_rt_bytes_put_str(BeskidArray *dst, int64_t at, const BeskidStr *s)
{
    rt_ensure_init();
    check_str(s);
    check_range(at, (int64_t)s->len, dst->len);
    memcpy(dst->ptr + at, s->ptr, s->len);
    return at + (int64_t)s->len;
}

int64_t beskid_rt_bytes_put_i64(BeskidArray *dst, int64_t at, int64_t v)
{
    rt_ensure_init();
    int64_t len = (int64_t)rt_decimal_len(v);
    check_range(at, len, dst->len);
    beskid_rt_str_put_i64(dst->ptr + at, v);
    return at + len;
}

int64_t beskid_rt_bytes_copy(BeskidArray *dst, int64_t at, const BeskidArray *src, int64_t start, int64_t len)
{
    rt_ensure_init();
    check_range(start, len, src->len);
    check_range(at, len, dst->len);
    memmove(dst->ptr + at, src->ptr + start, (size_t)len);
    return at + len;
}

BeskidStr *beskid_rt_str_join(const BeskidArray *parts, int64_t count, const BeskidStr *sep)
{
    rt_ensure_init();
    check_str(sep);
    if (count < 0 || count > (int64_t)parts->len)
        beskid_rt_panic_index(count, (int64_t)parts->len);
    const BeskidStr *const *items = (const BeskidStr *const *)parts->ptr;
    size_t total = 0;
    for (int64_t i = 0; i < count; i++) {
        if (items[i] == NULL)
            beskid_rt_panic_uninit();
        total += items[i]->len + (i > 0 ? sep->len : 0);
    }
    if (total == 0)
        return rt_str_wrap(empty_bytes, 0);
    BeskidStr *out = rt_str_alloc(total);
    uint8_t *at = (uint8_t *)(out + 1);
    for (int64_t i = 0; i < count; i++) {
        if (i > 0) {
            memcpy(at, sep->ptr, sep->len);
            at += sep->len;
        }
        memcpy(at, items[i]->ptr, items[i]->len);
        at += items[i]->len;
    }
    return out;
}

enum { WORD_BYTES = 8 };
#define LOW7 0x7f7f7f7f7f7f7f7full
#define ONES 0x0101010101010101ull

/* The high bit of each byte of 'x' that is zero, exactly (no false hits
 * from borrows, unlike the classic has-zero test). */
static uint64_t zero_bytes(uint64_t x)
{
    return ~(((x & LOW7) + LOW7) | x | LOW7);
}

/* The bytes [0, 8) of 'p' equal to the byte repeated in 'pattern', as a mask
 * of their high bits. */
static uint64_t matches_at(const uint8_t *p, uint64_t pattern)
{
    uint64_t word;
    memcpy(&word, p, WORD_BYTES);
    return zero_bytes(word ^ pattern);
}

/* Where a part ends: one separator found, the header of the part before it
 * written. */
typedef struct SplitCut {
    BeskidStr *headers;
    BeskidStr **items;
    const uint8_t *from;
    size_t k;
} SplitCut;

static void cut_at(SplitCut *c, const uint8_t *to, size_t step)
{
    c->headers[c->k].ptr = to > c->from ? c->from : empty_bytes;
    c->headers[c->k].len = (size_t)(to - c->from);
    c->items[c->k] = &c->headers[c->k];
    c->k++;
    c->from = to + step;
}

/* The separators in [start, end): counted (cut == NULL) or cut at. A
 * one-byte separator is found eight bytes a step (words are short: a
 * library call per word costs more than the scan); longer ones by memmem. */
static size_t split_scan(const uint8_t *start, const uint8_t *end, const BeskidStr *sep, SplitCut *cut)
{
    size_t found = 0;
    if (sep->len > 1) {
        for (const uint8_t *at = start; (at = memmem(at, (size_t)(end - at), sep->ptr, sep->len)) != NULL;
             at += sep->len, found++)
            if (cut)
                cut_at(cut, at, sep->len);
        return found;
    }
    uint64_t pattern = ONES * sep->ptr[0];
    const uint8_t *p = start;
    for (; end - p >= WORD_BYTES; p += WORD_BYTES) {
        uint64_t hits = matches_at(p, pattern);
        if (!cut) {
            found += (size_t)(((hits >> 7) * ONES) >> 56); /* one per byte: the sum fits a byte */
            continue;
        }
        for (; hits != 0; hits &= hits - 1, found++)
            cut_at(cut, p + (__builtin_ctzll(hits) >> 3), 1);
    }
    for (; p < end; p++)
        if (*p == sep->ptr[0]) {
            if (cut)
                cut_at(cut, p, 1);
            found++;
        }
    return found;
}

/* Two passes (count, then cut), so the array is allocated at its size; the
 * parts' headers are one block rather than an object each (interior
 * pointers keep it alive, as they keep the text's bytes alive), scanned
 * only when the bytes are collected (as rt_str_wrap decides). A match of a
 * valid separator in valid text is on character boundaries (UTF-8 is
 * self-synchronising), so no part cuts a character. */
BeskidArray *beskid_rt_str_split(const BeskidStr *text, const BeskidStr *sep)
{
    rt_ensure_init();
    check_str(text);
    check_str(sep);
    const uint8_t *start = text->ptr, *end = text->ptr + text->len;
    size_t count = 1 + (sep->len > 0 ? split_scan(start, end, sep, NULL) : 0);
    BeskidArray *parts = beskid_rt_array_new(8, (int64_t)count, 1);
    BeskidStr **items = (BeskidStr **)parts->ptr;
    if (sep->len == 0) {
        items[0] = (BeskidStr *)text;
        return parts;
    }
    uintptr_t bytes = (uintptr_t)start;
    bool managed =
        bytes >= (uintptr_t)GC_least_plausible_heap_addr && bytes <= (uintptr_t)GC_greatest_plausible_heap_addr;
    size_t size = count * sizeof(BeskidStr); /* at most 16 * (len + 1): no overflow */
    SplitCut cut = {.headers = managed ? rt_alloc_scanned(size) : rt_alloc_atomic(size),
                    .items = items,
                    .from = start,
                    .k = 0};
    split_scan(start, end, sep, &cut);
    cut_at(&cut, end, 0);
    return parts;
}

/* The whole text, or nothing: no blanks, no trailing bytes. */
static bool text_of(const BeskidStr *s, char *buf, size_t cap)
{
    if (s->len == 0 || s->len >= cap || memchr(s->ptr, 0, s->len))
        return false;
    memcpy(buf, s->ptr, s->len);
    buf[s->len] = '\0';
    return !(buf[0] == ' ' || buf[0] == '\t' || buf[0] == '\n' || buf[0] == '\r' || buf[0] == '\f' ||
             buf[0] == '\v');
}

uint8_t beskid_rt_str_parse_i64(const BeskidStr *s, BeskidArray *out)
{
    rt_ensure_init();
    check_str(s);
    if (out->len < 1)
        beskid_rt_panic_index(0, (int64_t)out->len);
    char buf[64];
    if (!text_of(s, buf, sizeof buf))
        return 0;
    for (size_t i = (buf[0] == '-' || buf[0] == '+'); i < s->len; i++)
        if (buf[i] < '0' || buf[i] > '9')
            return 0; /* decimal digits only: no hex, no spaces */
    char *end;
    errno = 0;
    long long v = strtoll(buf, &end, 10);
    if (errno != 0 || *end != '\0' || end == buf)
        return 0;
    int64_t value = v;
    memcpy(out->ptr, &value, sizeof value);
    return 1;
}

uint8_t beskid_rt_str_parse_f64(const BeskidStr *s, BeskidArray *out)
{
    rt_ensure_init();
    check_str(s);
    if (out->len < 1)
        beskid_rt_panic_index(0, (int64_t)out->len);
    char buf[512];
    if (!text_of(s, buf, sizeof buf))
        return 0;
    for (size_t i = 0; i < s->len; i++) /* decimal notation only: no hex floats */
        if (buf[i] == 'x' || buf[i] == 'X')
            return 0;
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (*end != '\0' || end == buf || (errno == ERANGE && isinf(v)))
        return 0;
    memcpy(out->ptr, &v, sizeof v);
    return 1;
}

/* The string hash's start and multiplier (odd, bits well spread). */
#define HASH_SEED 0x9e3779b97f4a7c15ull
#define HASH_MUL 0xff51afd7ed558ccdull

/* splitmix64's finaliser: every input bit reaches every output bit. */
static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

int64_t beskid_rt_hash_i64(int64_t v)
{
    return (int64_t)mix64((uint64_t)v);
}

/* Equal values hash equally: 0.0 == -0.0. */
int64_t beskid_rt_hash_f64(double v)
{
    if (v == 0.0)
        v = 0.0;
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    return (int64_t)mix64(bits);
}

/* Identity: the collector never moves an object. */
int64_t beskid_rt_hash_ptr(const void *p)
{
    return (int64_t)mix64((uint64_t)(uintptr_t)p);
}

/* Eight bytes a step (a multiply and a shift each), the last one to eight
 * bytes as one value (two overlapping 4-byte loads from 4 bytes, else the
 * first, middle and last byte), then mixed with the length. Words and keys
 * are short: most take one step. codegen/cg_inline.c emits exactly this as
 * IR (body_hash_str); the two must agree bit for bit. */
int64_t beskid_rt_hash_str(const BeskidStr *s)
{
    rt_ensure_init();
    check_str(s);
    const uint8_t *p = s->ptr;
    size_t n = s->len, i = 0;
    uint64_t h = HASH_SEED;
    for (; n - i > 8; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * HASH_MUL;
        h ^= h >> 32;
    }
    size_t r = n - i;
    uint64_t t = 0;
    if (r >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, p + i, 4);
        memcpy(&hi, p + i + r - 4, 4);
        t = lo | (uint64_t)hi << 32;
    } else if (r > 0) {
        t = p[i] | (uint64_t)p[i + r / 2] << 8 | (uint64_t)p[i + r - 1] << 16;
    }
    h = (h ^ t) * HASH_MUL;
    return (int64_t)mix64(h ^ n);
}
