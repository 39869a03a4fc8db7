/* A small C library for tests/lit/extern/c-library.bd: each C type an extern
 * signature may use (bool, u8, i32, i64, f64, `ref u8`, unit). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

int64_t small_mix(int64_t a, int32_t b, double c, uint8_t d, bool e)
{
    return a * 1000 + b * 100 + (int64_t)(c * 10) + d + (e ? 1 : 0);
}

double small_half(double x) { return x / 2; }

uint8_t small_high(void) { return 250; }

bool small_is_odd(int32_t x) { return x % 2 != 0; }

int32_t small_neg(int32_t x) { return -x; }

int64_t small_sum(const uint8_t *bytes, int64_t n)
{
    int64_t total = 0;
    for (int64_t i = 0; i < n; i++)
        total += bytes[i];
    return total;
}

void small_say(const char *text)
{
    char line[256];
    int len = snprintf(line, sizeof line, "C says: %s\n", text);
    if (write(1, line, (size_t)len) < 0)
        return;
}
