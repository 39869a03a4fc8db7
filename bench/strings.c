/* strings: 1,000,000 times build s from "" with 8 steps of
 * s = s + "<" + text(i*j + j) + ">"; prints the sum of the lengths.
 *
 * As a C programmer writes it: s is a byte buffer that grows by doubling
 * (realloc) and is reused from one i to the next (its length reset to 0);
 * each step appends "<", the digits and ">" after one capacity check, the
 * integer written by hand (no snprintf). Each step leaves exactly the bytes
 * of the Beskid program's string in the buffer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    char *bytes;
    size_t len, cap;
} Buf;

/* Makes room for `extra` more bytes, doubling the capacity (16 at first). */
static void reserve(Buf *b, size_t extra) {
    if (b->len + extra <= b->cap) return;
    size_t cap = b->cap ? b->cap : 16;
    while (cap < b->len + extra) cap *= 2;
    b->bytes = realloc(b->bytes, cap);
    if (b->bytes == NULL) abort();
    b->cap = cap;
}

/* Writes the decimal text of v at out (at most 20 bytes); returns its length. */
static size_t format_i64(char *out, int64_t v) {
    char tmp[20];
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    size_t k = 0;
    if (v < 0) out[k++] = '-';
    while (n > 0) out[k++] = tmp[--n];
    return k;
}

int main(void) {
    Buf s = {0};
    int64_t total = 0;
    for (int64_t i = 0; i < 1000000; i++) {
        s.len = 0;
        for (int64_t j = 0; j < 8; j++) {
            reserve(&s, 22); /* "<", at most 20 digits, ">" */
            s.bytes[s.len++] = '<';
            s.len += format_i64(s.bytes + s.len, i * j + j);
            s.bytes[s.len++] = '>';
        }
        total += (int64_t)s.len;
    }
    free(s.bytes);
    printf("strings: %lld\n", (long long)total);
    return 0;
}
