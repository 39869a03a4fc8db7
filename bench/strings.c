/* strings: repeated immutable concatenation; strings live on the Boehm heap
 * (GC_MALLOC_ATOMIC, a new object per `+`, like the beskid runtime). */
#include <gc.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct { int64_t len; char bytes[]; } Str;

static Str *str_new(const char *p, int64_t len) {
    Str *s = GC_MALLOC_ATOMIC(sizeof(Str) + (size_t)len);
    s->len = len;
    memcpy(s->bytes, p, (size_t)len);
    return s;
}

static Str *concat(const Str *a, const Str *b) {
    Str *s = GC_MALLOC_ATOMIC(sizeof(Str) + (size_t)(a->len + b->len));
    s->len = a->len + b->len;
    memcpy(s->bytes, a->bytes, (size_t)a->len);
    memcpy(s->bytes + a->len, b->bytes, (size_t)b->len);
    return s;
}

static Str *text(int64_t v) {
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
    return str_new(buf, n);
}

int main(void) {
    GC_INIT();
    /* string literals are made once (constants), as a compiler would */
    Str *empty = str_new("", 0), *lt = str_new("<", 1), *gt = str_new(">", 1);
    int64_t total = 0;
    for (int64_t i = 0; i < 1000000; i++) {
        Str *s = empty;
        for (int64_t j = 0; j < 8; j++) {
            /* s = s + "<" + text(i*j + j) + ">": left-associated, 3 concatenations */
            s = concat(concat(concat(s, lt), text(i * j + j)), gt);
        }
        total += s->len;
    }
    printf("strings: %lld\n", (long long)total);
    return 0;
}
