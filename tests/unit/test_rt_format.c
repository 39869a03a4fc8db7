/* test_rt_format.c: f64 and char text (runtime/rt_format.c).
 * The table pins the printer's contract (backends.md §3.4); the sweeps check
 * that every output round-trips, has no exponent and fits the documented buffer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "beskid_rt.h"

static const char *fmt(double v, char *buf)
{
    size_t n = beskid_rt_format_f64(v, buf, BESKID_RT_F64_TEXT_MAX);
    assert_int_equal(n, strlen(buf));
    return buf;
}

static void test_f64_table(void **state)
{
    (void)state;
    static const struct {
        double value;
        const char *text;
    } cases[] = {
        {2.5, "2.5"},
        {1.0, "1"},
        {0.0, "0"},
        {-0.0, "-0"},
        {100.0, "100"},
        {0.5, "0.5"},
        {-1.5, "-1.5"},
        {3.0, "3"},
        {123456789.125, "123456789.125"},
        {1e21, "1000000000000000000000"},
        {1e23, "100000000000000000000000"},
        {1e-7, "0.0000001"},
        {1e-5, "0.00001"},
        {0.1, "0.1"},
        {1.0 / 3.0, "0.3333333333333333"},
        {-2.0 / 3.0, "-0.6666666666666666"},
        {9007199254740993.0, "9007199254740992"},
        {123.456, "123.456"},
        {1.7976931348623157e308 / 1e300, "179769313.48623157"},
    };
    char buf[BESKID_RT_F64_TEXT_MAX];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(fmt(cases[i].value, buf), cases[i].text);
    volatile double a = 0.1, b = 0.2; /* computed at run time, not folded */
    assert_string_equal(fmt(a + b, buf), "0.30000000000000004");
}

static void test_f64_special(void **state)
{
    (void)state;
    char buf[BESKID_RT_F64_TEXT_MAX];
    assert_string_equal(fmt(NAN, buf), "NaN");
    assert_string_equal(fmt(-NAN, buf), "NaN");
    assert_string_equal(fmt(INFINITY, buf), "inf");
    assert_string_equal(fmt(-INFINITY, buf), "-inf");
}

static void test_f64_extremes(void **state)
{
    (void)state;
    char buf[BESKID_RT_F64_TEXT_MAX];

    /* 5e-324: "0." then 323 zeros then "5". */
    fmt(5e-324, buf);
    assert_int_equal(strlen(buf), 326);
    assert_memory_equal(buf, "0.000", 5);
    assert_int_equal(buf[325], '5');
    assert_int_equal(strspn(buf + 2, "0"), 323);
    assert_true(strtod(buf, NULL) == 5e-324);

    fmt(1e300, buf);
    assert_int_equal(strlen(buf), 301);
    assert_int_equal(buf[0], '1');
    assert_int_equal(strspn(buf + 1, "0"), 300);

    fmt(DBL_MAX, buf);
    assert_int_equal(strlen(buf), 309);
    assert_memory_equal(buf, "17976931348623157", 17);
    assert_true(strtod(buf, NULL) == DBL_MAX);

    fmt(-DBL_MAX, buf);
    assert_int_equal(buf[0], '-');
    assert_true(strtod(buf, NULL) == -DBL_MAX);

    fmt(DBL_MIN, buf);
    assert_true(strtod(buf, NULL) == DBL_MIN);
}

/* Random bit patterns, plus every binade's subnormal/normal edge, must
 * round-trip, never use an exponent and stay under the buffer bound. */
static void check_round_trip(double v, size_t *longest)
{
    char buf[BESKID_RT_F64_TEXT_MAX];
    size_t n = beskid_rt_format_f64(v, buf, sizeof buf);
    assert_true(n < sizeof buf);
    if (n > *longest)
        *longest = n;
    assert_null(strchr(buf, 'e'));
    double back = strtod(buf, NULL);
    assert_memory_equal(&back, &v, sizeof v);
}

static void test_f64_round_trip_sweep(void **state)
{
    (void)state;
    size_t longest = 0;
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    for (int i = 0; i < 50000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double v;
        memcpy(&v, &x, sizeof v);
        if (isnan(v) || isinf(v))
            continue;
        check_round_trip(v, &longest);
    }
    /* Negative subnormals with many digits are the longest texts. */
    for (uint64_t mantissa = 1; mantissa < ((uint64_t)1 << 52); mantissa = mantissa * 3 + 1) {
        uint64_t bits = ((uint64_t)1 << 63) | mantissa;
        double v;
        memcpy(&v, &bits, sizeof v);
        check_round_trip(v, &longest);
    }
    assert_true(longest < 330);
}

static void test_f64_truncation(void **state)
{
    (void)state;
    char small[4];
    assert_int_equal(beskid_rt_format_f64(123456.5, small, sizeof small), 8);
    assert_string_equal(small, "123");
    char untouched = 'x';
    assert_int_equal(beskid_rt_format_f64(2.5, &untouched, 0), 3);
    assert_int_equal(untouched, 'x');
}

static void test_char(void **state)
{
    (void)state;
    static const struct {
        uint32_t scalar;
        size_t len;
        const char *bytes;
    } cases[] = {
        {'A', 1, "A"},
        {0, 1, "\0"},
        {0x7F, 1, "\x7F"},
        {0x80, 2, "\xC2\x80"},
        {0xE9, 2, "\xC3\xA9"},
        {0x7FF, 2, "\xDF\xBF"},
        {0x800, 3, "\xE0\xA0\x80"},
        {0x20AC, 3, "\xE2\x82\xAC"},
        {0xFFFF, 3, "\xEF\xBF\xBF"},
        {0x10000, 4, "\xF0\x90\x80\x80"},
        {0x1F600, 4, "\xF0\x9F\x98\x80"},
        {0x10FFFF, 4, "\xF4\x8F\xBF\xBF"},
        {0xD800, 3, "\xEF\xBF\xBD"},
        {0xDFFF, 3, "\xEF\xBF\xBD"},
        {0x110000, 3, "\xEF\xBF\xBD"},
        {0xFFFFFFFF, 3, "\xEF\xBF\xBD"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[4];
        assert_int_equal(beskid_rt_format_char(cases[i].scalar, out), cases[i].len);
        assert_memory_equal(out, cases[i].bytes, cases[i].len);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_f64_table),
        cmocka_unit_test(test_f64_special),
        cmocka_unit_test(test_f64_extremes),
        cmocka_unit_test(test_f64_round_trip_sweep),
        cmocka_unit_test(test_f64_truncation),
        cmocka_unit_test(test_char),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
