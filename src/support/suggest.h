/* support/suggest.h: "did you mean" — the nearest name by edit distance,
 * shared by the CLI (commands, flags, values) and sema (values, types,
 * fields, methods, variants, modules). */
#ifndef BESKID_SUPPORT_SUGGEST_H
#define BESKID_SUPPORT_SUGGEST_H
#include <stdbool.h>
#include <stddef.h>

/* Optimal string alignment distance: insertions, deletions, substitutions
 * and swaps of two neighbours each cost 1. */
size_t suggest_distance(const char *a, const char *b);

/* Candidates offered one at a time; 'best' is the nearest near enough to be
 * a likely typo (one edit, or up to a third of the longer word; never for
 * words of one or two letters), the first of equals; NULL if none. */
typedef struct Suggest {
    const char *word;
    const char *best;
    size_t distance;
} Suggest;

void suggest_init(Suggest *s, const char *word);
void suggest_consider(Suggest *s, const char *candidate);

/* The same over an array. */
const char *suggest_nearest(const char *word, const char *const *candidates, size_t count);
#endif
