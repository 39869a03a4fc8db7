/* rt_format.c: text of f64 and char values, shared by the JIT's result
 * printer and string interpolation so both print the same bytes.
 * f64: shortest round-tripping digits from printf's correctly rounded %e,
 * then laid out positionally (never an exponent). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

/* Digits of the shortest %e form of finite 'v' that strtod reads back to the
 * same bits. Stores the significant digits (no trailing zeros except a lone
 * "0") and the decimal exponent of the first digit; returns the digit count. */
static size_t shortest_digits(double v, char digits[20], int *exponent)
{
    char sci[48];
    for (int precision = 0; precision <= 17; precision++) {
        snprintf(sci, sizeof sci, "%.*e", precision, v);
        double back = strtod(sci, NULL);
        if (memcmp(&back, &v, sizeof v) == 0)
            break;
    }
    /* sci is "[-]d[<point>ddd]e<sign>xx"; the point is locale-dependent, so
     * anything that is not a digit before the 'e' is skipped. */
    size_t count = 0;
    const char *p = sci;
    for (; *p != '\0' && *p != 'e' && *p != 'E'; p++) {
        if (*p >= '0' && *p <= '9' && count < 19)
            digits[count++] = *p;
    }
    *exponent = (*p != '\0') ? (int)strtol(p + 1, NULL, 10) : 0;
    while (count > 1 && digits[count - 1] == '0')
        count--;
    digits[count] = '\0';
    return count;
}

/* Positional text of finite 'v' into out (BESKID_RT_F64_TEXT_MAX bytes). */
static size_t format_finite(double v, char *out)
{
    char digits[20];
    int exponent;
    size_t count = shortest_digits(v, digits, &exponent);
    size_t n = 0;
    if (signbit(v))
        out[n++] = '-';
    /* 'point' = digits before the decimal point (may be <= 0). */
    long point = (long)exponent + 1;
    if (point <= 0) {
        out[n++] = '0';
        out[n++] = '.';
        for (long i = 0; i < -point; i++)
            out[n++] = '0';
        memcpy(out + n, digits, count);
        n += count;
    } else if ((size_t)point >= count) {
        memcpy(out + n, digits, count);
        n += count;
        for (size_t i = count; i < (size_t)point; i++)
            out[n++] = '0';
    } else {
        memcpy(out + n, digits, (size_t)point);
        n += (size_t)point;
        out[n++] = '.';
        memcpy(out + n, digits + point, count - (size_t)point);
        n += count - (size_t)point;
    }
    out[n] = '\0';
    return n;
}

size_t beskid_rt_format_f64(double v, char *buf, size_t cap)
{
    char text[BESKID_RT_F64_TEXT_MAX];
    size_t n;
    if (isnan(v)) {
        n = 3;
        memcpy(text, "NaN", 4);
    } else if (isinf(v)) {
        n = v < 0 ? 4 : 3;
        memcpy(text, v < 0 ? "-inf" : "inf", n + 1);
    } else {
        n = format_finite(v, text);
    }
    if (cap > 0) {
        size_t copy = n < cap ? n : cap - 1;
        memcpy(buf, text, copy);
        buf[copy] = '\0';
    }
    return n;
}

size_t beskid_rt_format_char(uint32_t c, char out[4])
{
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        c = 0xFFFD;
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}
