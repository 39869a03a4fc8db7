/* words: word frequencies (see bench/README.md). A vocabulary of 5,000 pseudo-random words, a text of
 * 2,000,000 of them joined by single spaces, split on spaces, counted in a hash table keyed by the
 * word, sorted by count (descending) then word (ascending); prints the number of distinct words,
 * the sum over the first 100 sorted entries of (rank + 1) * count, and the most frequent word. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { VOCAB = 5000, WORDS = 2000000, TOP = 100 };

static int64_t seed = 42;

static int64_t next(int64_t m)
{
    seed = (int64_t)((uint64_t)seed * 6364136223846793005u + 1442695040888963407u);
    int64_t r = (seed / 65536) % m;
    return r < 0 ? r + m : r;
}

typedef struct Entry {
    const char *word; /* into the text; not NUL-terminated */
    uint32_t len;
    int64_t count;
} Entry;

static uint64_t hash(const char *s, uint32_t n)
{
    uint64_t h = 1469598103934665603u;
    for (uint32_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

static int by_count_then_word(const void *pa, const void *pb)
{
    const Entry *a = pa, *b = pb;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    uint32_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->word, b->word, n);
    if (c)
        return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

int main(void)
{
    static char vocab[VOCAB][11];
    static uint32_t vlen[VOCAB];
    for (int k = 0; k < VOCAB; k++) {
        vlen[k] = (uint32_t)(3 + next(8));
        for (uint32_t i = 0; i < vlen[k]; i++)
            vocab[k][i] = (char)('a' + next(26));
    }
    size_t cap = 1 << 20, len = 0;
    char *text = malloc(cap);
    for (int w = 0; w < WORDS; w++) {
        int64_t a = next(VOCAB), b = next(VOCAB);
        int64_t k = a < b ? a : b;
        if (len + vlen[k] + 1 > cap)
            text = realloc(text, cap *= 2);
        if (w)
            text[len++] = ' ';
        memcpy(text + len, vocab[k], vlen[k]);
        len += vlen[k];
    }
    /* open addressing, power-of-two table, grown at 1/2 load */
    size_t slots = 1024, used = 0;
    Entry *table = calloc(slots, sizeof *table);
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && text[i] != ' ')
            continue;
        const char *word = text + start;
        uint32_t n = (uint32_t)(i - start);
        start = i + 1;
        size_t j = hash(word, n) & (slots - 1);
        while (table[j].word && !(table[j].len == n && memcmp(table[j].word, word, n) == 0))
            j = (j + 1) & (slots - 1);
        if (table[j].word) {
            table[j].count++;
            continue;
        }
        table[j] = (Entry){word, n, 1};
        if (++used * 2 > slots) {
            Entry *old = table;
            size_t old_slots = slots;
            slots *= 2;
            table = calloc(slots, sizeof *table);
            for (size_t o = 0; o < old_slots; o++) {
                if (!old[o].word)
                    continue;
                size_t h = hash(old[o].word, old[o].len) & (slots - 1);
                while (table[h].word)
                    h = (h + 1) & (slots - 1);
                table[h] = old[o];
            }
            free(old);
        }
    }
    Entry *entries = malloc(used * sizeof *entries);
    size_t count = 0;
    for (size_t j = 0; j < slots; j++)
        if (table[j].word)
            entries[count++] = table[j];
    qsort(entries, count, sizeof *entries, by_count_then_word);
    int64_t sum = 0;
    for (size_t r = 0; r < TOP && r < count; r++)
        sum += (int64_t)(r + 1) * entries[r].count;
    printf("words: %zu %lld %.*s\n", count, (long long)sum, (int)entries[0].len, entries[0].word);
    free(entries);
    free(table);
    free(text);
    return 0;
}
