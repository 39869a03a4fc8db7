/* test_rt_string.c: string handles, conversions and panics (runtime/rt_string.c,
 * rt_panic.c). Panics are caught with the panic hook, which longjmps back into
 * the test so the exact message can be checked. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gc/gc.h>
#include <gc/gc_mark.h>

#include "abi/abi_layout.h"
#include "beskid_rt.h"

#include "rt_gc_kinds.h"

/* A runtime-created string is one pointer-free block: header, then bytes. */
static void assert_one_block(const BeskidStr *s)
{
    assert_ptr_equal(GC_base((void *)s), s);
    assert_ptr_equal(s->ptr, (const uint8_t *)(s + 1));
    assert_true(pointer_free((void *)s));
}

#include "rt_panic_capture.h"

static BeskidStr *lit(const char *text)
{
    return str_new((const uint8_t *)text, strlen(text));
}

static void assert_text(const BeskidStr *s, const char *expected)
{
    assert_non_null(s);
    assert_non_null(s->ptr);
    assert_int_equal(s->len, strlen(expected));
    assert_memory_equal(s->ptr, expected, s->len);
}

static void test_new_shares_bytes(void **state)
{
    (void)state;
    static const uint8_t bytes[] = "héllo";
    BeskidStr *s = str_new(bytes, sizeof bytes - 1);
    assert_ptr_equal(s->ptr, bytes); /* no copy */
    assert_int_equal(str_len(s), 6);
    BeskidStr *t = str_new(bytes, sizeof bytes - 1);
    assert_ptr_not_equal(s, t); /* a fresh header per evaluation */
    BeskidStr *empty = str_new(bytes, 0);
    assert_int_equal(str_len(empty), 0);
}

static void assert_invalid_utf8(const char *text)
{
    ASSERT_PANICS(lit(text), "invalid utf-8 string data");
}

static void test_new_panics(void **state)
{
    (void)state;
    ASSERT_PANICS(str_new(NULL, 0), "null string data");
    ASSERT_PANICS(str_new(NULL, 3), "null string data");
    static const char *const bad[] = {
        "\x80",             /* lone continuation byte */
        "\xC3",             /* truncated 2-byte sequence */
        "\xC0\xAF",         /* overlong '/' */
        "\xE0\x80\xAF",     /* overlong 3-byte */
        "\xED\xA0\x80",     /* surrogate U+D800 */
        "\xF4\x90\x80\x80", /* above U+10FFFF */
        "\xF5\x80\x80\x80", /* invalid lead byte */
        "ok\xFF",           /* 0xFF never appears */
        "\xE2\x82",         /* truncated euro sign */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_invalid_utf8(bad[i]);
    /* Valid edge cases pass. */
    assert_text(lit("\xF4\x8F\xBF\xBF"), "\xF4\x8F\xBF\xBF");
    assert_text(lit("\xEF\xBF\xBD\xE2\x82\xAC\xC2\x80"), "\xEF\xBF\xBD\xE2\x82\xAC\xC2\x80");
}

static void test_concat(void **state)
{
    (void)state;
    BeskidStr *a = lit("foo"), *b = lit("bär");
    BeskidStr *ab = str_concat(a, b);
    assert_text(ab, "foobär");
    assert_ptr_not_equal(ab->ptr, a->ptr);
    assert_text(str_concat(lit(""), lit("")), "");
    assert_text(str_concat(a, lit("")), "foo");
    assert_text(a, "foo"); /* operands untouched */
    assert_one_block(ab);
    assert_one_block(str_concat(lit(""), lit("")));
    /* Literal bytes are outside the heap: the header needs no scanning. */
    assert_true(pointer_free(a));
    /* Header over heap bytes: scanned, so it keeps them alive. */
    BeskidStr *over_heap = str_new(ab->ptr, 3);
    assert_text(over_heap, "foo");
    assert_int_equal(GC_get_kind_and_size(over_heap, NULL), KIND_SCANNED);

    BeskidStr broken = {.ptr = NULL, .len = 0};
    ASSERT_PANICS(str_concat(NULL, a), "null string handle");
    ASSERT_PANICS(str_concat(a, NULL), "null string handle");
    ASSERT_PANICS(str_concat(&broken, a), "null string data");
    ASSERT_PANICS(str_len(NULL), "null string handle");
}

static void test_eq(void **state)
{
    (void)state;
    BeskidStr *a = lit("same"), *b = str_concat(lit("sa"), lit("me"));
    assert_int_equal(beskid_rt_str_eq(a, b), 1);
    assert_int_equal(beskid_rt_str_eq(a, a), 1);
    assert_int_equal(beskid_rt_str_eq(a, lit("Same")), 0);
    assert_int_equal(beskid_rt_str_eq(a, lit("sam")), 0);
    assert_int_equal(beskid_rt_str_eq(lit(""), lit("")), 1);
    ASSERT_PANICS(beskid_rt_str_eq(NULL, a), "null string handle");
}

/* The values tests/lit/strings/eq-hash-inline.bd expects of the inline
 * body (codegen/cg_inline.c): the runtime's hash is the same function. */
static void test_hash_str(void **state)
{
    (void)state;
    assert_int_equal(beskid_rt_hash_str(lit("")), -8966266163006123317LL);
    assert_int_equal(beskid_rt_hash_str(lit("abc")), -6786029390799391476LL);
    assert_int_equal(beskid_rt_hash_str(lit("hello, wide world")), 9165863500600572533LL);
    assert_int_equal(beskid_rt_hash_str(str_concat(lit("hello, "), lit("wide world"))),
                     beskid_rt_hash_str(lit("hello, wide world")));
    assert_true(beskid_rt_hash_str(lit("ab")) != beskid_rt_hash_str(lit("ba")));
    ASSERT_PANICS(beskid_rt_hash_str(NULL), "null string handle");
}

static void test_split(void **state)
{
    (void)state;
    BeskidArray *parts = beskid_rt_str_split(str_concat(lit(",a,,"), lit("bcdefghijk,")), lit(","));
    assert_int_equal(parts->len, 5);
    BeskidStr **items = (BeskidStr **)parts->ptr;
    assert_text(items[0], "");
    assert_text(items[1], "a");
    assert_text(items[2], "");
    assert_text(items[3], "bcdefghijk");
    assert_text(items[4], "");
    BeskidArray *wide = beskid_rt_str_split(lit("x<>y<><>"), lit("<>"));
    assert_int_equal(wide->len, 4);
    assert_text(((BeskidStr **)wide->ptr)[1], "y");
    BeskidStr *whole = lit("whole");
    BeskidArray *one = beskid_rt_str_split(whole, lit(""));
    assert_int_equal(one->len, 1);
    assert_ptr_equal(((BeskidStr **)one->ptr)[0], whole);
    ASSERT_PANICS(beskid_rt_str_split(NULL, whole), "null string handle");
}

static void test_conversions(void **state)
{
    (void)state;
    assert_text(beskid_rt_str_from_i64(0), "0");
    assert_text(beskid_rt_str_from_i64(-42), "-42");
    assert_text(beskid_rt_str_from_i64(INT64_MAX), "9223372036854775807");
    assert_text(beskid_rt_str_from_i64(INT64_MIN), "-9223372036854775808");
    assert_text(beskid_rt_str_from_u64(UINT64_MAX), "18446744073709551615");
    assert_text(beskid_rt_str_from_u64(255), "255");
    assert_one_block(beskid_rt_str_from_i64(-7));
    /* Every digit-count boundary, both signs, against snprintf. */
    char expected[32];
    for (uint64_t p = 1, k = 0; k < 20; k++, p *= 10) {
        uint64_t samples[] = {p - 1, p, p + 1, p * 9 + (p - 1)};
        for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
            snprintf(expected, sizeof expected, "%" PRIu64, samples[i]);
            assert_text(beskid_rt_str_from_u64(samples[i]), expected);
            int64_t v = (int64_t)(samples[i] & (uint64_t)INT64_MAX);
            snprintf(expected, sizeof expected, "%" PRId64, v);
            assert_text(beskid_rt_str_from_i64(v), expected);
            snprintf(expected, sizeof expected, "%" PRId64, -v);
            assert_text(beskid_rt_str_from_i64(-v), expected);
        }
    }
    /* The digit count comes from the bit length: every bit-length boundary,
     * and a sweep of pseudo-random magnitudes of every size, written in
     * place as a join does. */
    uint8_t buffer[32];
    for (unsigned bit = 0; bit < 64; bit++) {
        uint64_t p = (uint64_t)1 << bit;
        uint64_t samples[] = {p - 1, p, p + 1};
        for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
            snprintf(expected, sizeof expected, "%" PRIu64, samples[i]);
            assert_text(beskid_rt_str_from_u64(samples[i]), expected);
            size_t n = beskid_rt_str_put_u64(buffer, samples[i]);
            assert_int_equal(n, strlen(expected));
            assert_memory_equal(buffer, expected, n);
        }
    }
    uint64_t x = 88172645463325252u;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int64_t v = (int64_t)(x >> (i % 64));
        snprintf(expected, sizeof expected, "%" PRId64, v);
        size_t n = beskid_rt_str_put_i64(buffer, v);
        assert_int_equal(n, strlen(expected));
        assert_memory_equal(buffer, expected, n);
    }
    assert_text(beskid_rt_str_from_bool(1), "true");
    assert_text(beskid_rt_str_from_bool(7), "true");
    assert_text(beskid_rt_str_from_bool(0), "false");
    assert_text(beskid_rt_str_from_char('x'), "x");
    assert_text(beskid_rt_str_from_char(0x1F600), "\xF0\x9F\x98\x80");
    assert_text(beskid_rt_str_from_char(0xD800), "\xEF\xBF\xBD");
    assert_text(beskid_rt_str_from_f64(2.5), "2.5");
    assert_text(beskid_rt_str_from_f64(1e21), "1000000000000000000000");
    assert_text(beskid_rt_str_from_f64(-INFINITY), "-inf");
    /* Interpolation "${a}${b}" = concatenation of the two texts. */
    assert_text(str_concat(beskid_rt_str_from_i64(1), beskid_rt_str_from_i64(23)), "123");
}

/* A join as lowering emits it: one block of the summed bounds, each part
 * put in place, the length stored last. */
static void test_join(void **state)
{
    (void)state;
    const BeskidStr *lit = str_new((const uint8_t *)"<", 1);
    char expected[64];
    int64_t values[] = {0, 7, -7, 99, 100, INT64_MAX, INT64_MIN};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        BeskidStr *s = beskid_rt_str_alloc(1 + 20 + 20 + 5 + 4 + 1);
        uint8_t *base = (uint8_t *)s->ptr;
        size_t at = beskid_rt_str_put_str(base, lit);
        at += beskid_rt_str_put_i64(base + at, values[i]);
        at += beskid_rt_str_put_u64(base + at, (uint64_t)values[i]);
        at += beskid_rt_str_put_bool(base + at, values[i] != 0);
        at += beskid_rt_str_put_char(base + at, 0x1F600);
        at += beskid_rt_str_put_str(base + at, lit);
        s->len = at;
        snprintf(expected, sizeof expected, "<%" PRId64 "%" PRIu64 "%s\xF0\x9F\x98\x80<", values[i],
                 (uint64_t)values[i], values[i] != 0 ? "true" : "false");
        assert_text(s, expected);
        assert_one_block(s);
    }
    BeskidStr *empty = beskid_rt_str_alloc(0);
    empty->len = 0;
    assert_text(empty, "");
}

static void test_panic_messages(void **state)
{
    (void)state;
    BeskidStr *msg = lit("boom ✓");
    ASSERT_PANICS(panic_str(msg), "boom ✓");
    ASSERT_PANICS(panic_str(NULL), "null string handle");
    BeskidStr no_data = {.ptr = NULL, .len = 1};
    ASSERT_PANICS(panic_str(&no_data), "null string data");
    static const uint8_t invalid[] = {'a', 0xFF};
    BeskidStr bad = {.ptr = invalid, .len = 2};
    ASSERT_PANICS(panic_str(&bad), "<invalid utf8>");
    ASSERT_PANICS(panic((const uint8_t *)"given text", 10), "given text");
    ASSERT_PANICS(beskid_rt_panic_div_zero(), "division by zero");
    ASSERT_PANICS(beskid_rt_panic_overflow(), "arithmetic overflow");
    ASSERT_PANICS(beskid_rt_panic_no_match(), "no match arm matched");
    ASSERT_PANICS(beskid_rt_panic_uninit(), "uninitialized array element");
    ASSERT_PANICS(beskid_rt_panic_index(-1, 3), "index out of bounds: index -1, length 3");
    ASSERT_PANICS(beskid_rt_panic_index(INT64_MAX, 0),
                  "index out of bounds: index 9223372036854775807, length 0");
    ASSERT_PANICS(beskid_rt_panic_cstr("out of memory"), "out of memory");
}

static void test_syscall_write_read(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(syscall_write(fds[1], lit("héllo")), 6);
    assert_int_equal(syscall_write(fds[1], lit("")), 0);
    assert_int_equal(syscall_write(-1, lit("x")), -1);
    assert_int_equal(syscall_write(1LL << 40, lit("x")), -1);
    BeskidStr *got = syscall_read(fds[0], 3);
    assert_text(got, "h\xC3\xA9"); /* at most max_bytes */
    got = syscall_read(fds[0], 100);
    assert_text(got, "llo");
    assert_text(syscall_read(fds[0], 0), "");
    assert_text(syscall_read(-5, 10), "");
    assert_int_equal(syscall_write(fds[1], lit("\xE2\x82\xAC")), 3);
    ASSERT_PANICS(syscall_read(fds[0], 2), "invalid utf-8 string data"); /* split euro sign */
    ASSERT_PANICS(syscall_read(fds[0], 10), "invalid utf-8 string data"); /* its last byte */
    close(fds[1]);
    assert_text(syscall_read(fds[0], 10), ""); /* EOF */
    close(fds[0]);
    ASSERT_PANICS(syscall_write(1, NULL), "null string handle");
}

/* An enum object as codegen lays it out: header, int32 tag at +8, payload at +16. */
/* An enum object of variant 'tag' (0 or 1): its header is the variant's
 * descriptor, which holds the index (abi/abi_layout.h). */
static void *make_enum(int32_t tag, const BeskidStr *payload)
{
    static const size_t offsets[] = {ABI_ENUM_PAYLOAD};
    static const BeskidTypeDesc variants[2] = {
        {.size = 16, .align = 8, .ptr_count = 1, .variant = 0, .offsets = offsets},
        {.size = 16, .align = 8, .ptr_count = 1, .variant = 1, .offsets = offsets},
    };
    uint8_t *obj = alloc(16, &variants[tag]);
    memcpy(obj + ABI_ENUM_PAYLOAD, &payload, sizeof payload);
    return obj;
}

static void test_interop_dispatch(void **state)
{
    (void)state;
    assert_int_equal(interop_dispatch_usize(make_enum(0, lit("héllo"))), 6);
    ASSERT_PANICS(interop_dispatch_usize(make_enum(1, lit("x"))),
                  "invalid interop tag for usize dispatch");
    ASSERT_PANICS(interop_dispatch_usize(make_enum(0, NULL)), "null string handle");
    ASSERT_PANICS(interop_dispatch_unit(make_enum(0, lit("x"))),
                  "invalid interop tag for unit dispatch");
    ASSERT_PANICS(interop_dispatch_ptr(make_enum(0, lit("x"))),
                  "invalid interop tag for ptr dispatch");
}

/* The capacity of an owned buffer (abi_layout.h: the word after its header). */
static size_t owned_cap(const BeskidStr *s)
{
    size_t cap;
    memcpy(&cap, (const uint8_t *)s + ABI_OWNED_STR_CAP, sizeof cap);
    return cap;
}

/* A returned function's buffer is the thread's next first buffer, once,
 * when it has room; one not owned, or over 4 KiB, is not kept. */
static void test_owned_buffer_reuse(void **state)
{
    (void)state;
    BeskidStr *a = beskid_rt_str_reserve(lit(""), 0, 10);
    memcpy((uint8_t *)a->ptr, "abc", 3);
    a->len = 3;
    beskid_rt_str_release(a, 1);
    BeskidStr *b = beskid_rt_str_reserve(lit("xy"), 0, 5);
    assert_ptr_equal(b, a);
    assert_text(b, "xy");
    BeskidStr *c = beskid_rt_str_reserve(lit(""), 0, 5);
    assert_ptr_not_equal(c, b);

    beskid_rt_str_release(lit("q"), 0);
    BeskidStr *d = beskid_rt_str_reserve(lit(""), 0, 5);
    assert_ptr_not_equal(d, c);

    beskid_rt_str_release(c, 1);
    BeskidStr *e = beskid_rt_str_reserve(lit("long"), 0, 1000);
    assert_ptr_not_equal(e, c);
    assert_true(owned_cap(e) >= 1004);
    assert_text(e, "long");

    BeskidStr *big = beskid_rt_str_reserve(lit(""), 0, 10000);
    beskid_rt_str_release(big, 1);
    BeskidStr *f = beskid_rt_str_reserve(lit(""), 0, 5);
    assert_ptr_not_equal(f, big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_shares_bytes),
        cmocka_unit_test(test_new_panics),
        cmocka_unit_test(test_concat),
        cmocka_unit_test(test_eq),
        cmocka_unit_test(test_hash_str),
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_conversions),
        cmocka_unit_test(test_join),
        cmocka_unit_test(test_panic_messages),
        cmocka_unit_test(test_syscall_write_read),
        cmocka_unit_test(test_interop_dispatch),
        cmocka_unit_test(test_owned_buffer_reuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
