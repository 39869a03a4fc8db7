/* support/suggest.c: edit distance and the nearest candidate. */
#include "support/suggest.h"

#include <stdlib.h>
#include <string.h>

size_t suggest_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    size_t *d = calloc((n + 1) * (m + 1), sizeof *d);
    if (!d)
        return (size_t)-1;
#define D(i, j) d[(i) * (m + 1) + (j)]
    for (size_t i = 0; i <= n; i++)
        D(i, 0) = i;
    for (size_t j = 0; j <= m; j++)
        D(0, j) = j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            size_t best = D(i - 1, j - 1) + (a[i - 1] != b[j - 1]);
            if (D(i - 1, j) + 1 < best)
                best = D(i - 1, j) + 1;
            if (D(i, j - 1) + 1 < best)
                best = D(i, j - 1) + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && D(i - 2, j - 2) + 1 < best)
                best = D(i - 2, j - 2) + 1;
            D(i, j) = best;
        }
    size_t result = D(n, m);
#undef D
    free(d);
    return result;
}

void suggest_init(Suggest *s, const char *word)
{
    s->word = word;
    s->best = NULL;
    s->distance = (size_t)-1;
}

void suggest_consider(Suggest *s, const char *candidate)
{
    if (!candidate)
        return;
    size_t lw = strlen(s->word), lc = strlen(candidate);
    size_t longer = lw > lc ? lw : lc;
    size_t shorter = lw < lc ? lw : lc;
    if (longer <= 2 || longer - shorter > longer / 3 + 1) /* cheap rejection before the table */
        return;
    size_t distance = suggest_distance(s->word, candidate);
    /* One typo, or up to a third of the word (`--targetfoo` → `--target`);
     * nothing for one or two letters (`-O7` is not a typo of `-O0`). */
    bool near = distance <= 1 || distance * 3 <= longer;
    if (near && distance < s->distance) {
        s->best = candidate;
        s->distance = distance;
    }
}

const char *suggest_nearest(const char *word, const char *const *candidates, size_t count)
{
    Suggest s;
    suggest_init(&s, word);
    for (size_t i = 0; i < count; i++)
        suggest_consider(&s, candidates[i]);
    return s.best;
}
