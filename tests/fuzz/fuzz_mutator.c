/* tests/fuzz/fuzz_mutator.c: a structure-aware mutator for the source
 * harnesses. Half the time it edits whole tokens, found by beskid's own
 * lexer, so the result stays lexically valid and reaches the checker and
 * lowering instead of stopping in the parser: delete, duplicate, move or swap
 * token runs, replace a token by another of the input (an identifier by an
 * identifier, an operator by an operator), insert a keyword, operator or type
 * name, or put an edge value in an integer literal. Otherwise, and when the
 * input does not lex, libFuzzer's own byte mutations run. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "support/arena.h"
#include "support/intern.h"
#include "support/source.h"
#include "syntax/lexer.h"

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

static const char *const words[] = {
    "if", "else", "while", "for", "in", "return", "break", "continue", "let", "mut", "match", "when",
    "type", "enum", "contract", "impl", "event", "mod", "use", "pub", "true", "false", "bool", "i32",
    "i64", "u8", "f64", "char", "string", "unit", "+", "-", "*", "/", "%", "!", "=", "+=", "-=", "==",
    "!=", "===", "<", "<=", ">", ">=", "&&", "||", "=>", "?", ".", ",", ";", ":", "::", "(", ")", "{",
    "}", "[", "]", "as", "this", "main", "\"${x}\"", "'a'", "[1, 2, 3]", "x => x", "Option", "Some",
    "None", "Result", "Ok", "Err", "range(0, 3)", "i64 main() { return 0; }",
};
static const char *const edge_ints[] = {
    "0", "1", "-1", "255", "256", "2147483647", "2147483648", "9223372036854775807",
    "9223372036854775808", "18446744073709551616", "1000000",
};

static uint64_t next(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

/* Replaces bytes [start, end) of data by 'text' (len bytes) if it fits. */
static size_t splice(uint8_t *data, size_t size, size_t max_size, size_t start, size_t end, const char *text,
                     size_t len)
{
    if (size - (end - start) + len > max_size)
        return size;
    memmove(data + start + len, data + end, size - end);
    memcpy(data + start, text, len);
    return size - (end - start) + len;
}

static bool same_class(TokenKind a, TokenKind b)
{
    bool word_a = a == TOK_IDENT || (a >= TOK_KW_TYPE && a <= TOK_KW_UNIT);
    bool word_b = b == TOK_IDENT || (b >= TOK_KW_TYPE && b <= TOK_KW_UNIT);
    return a == b || (word_a && word_b) || (a > TOK_KW_UNIT && b > TOK_KW_UNIT);
}

static size_t mutate_tokens(uint8_t *data, size_t size, size_t max_size, uint64_t *rng)
{
    Arena *arena = arena_new();
    Interner *interner = intern_new(arena);
    SourceMap map;
    source_map_init(&map, arena);
    const SourceFile *src = source_file(&map, source_add(&map, "m.bd", (const char *)data, size));
    TokenList list = lexer_tokenize(arena, interner, src, 0, 0, src->len);
    size_t count = list.count ? list.count - 1 : 0; /* without EOF */
    size_t out = size;
    if (count == 0 || list.items[list.count - 1].kind != TOK_EOF) {
        arena_free(arena);
        return 0; /* does not lex: byte mutations instead */
    }
    const Token *t = list.items;
    size_t i = next(rng) % count, j = next(rng) % count;
    size_t run = 1 + next(rng) % 3;
    size_t k = i + run < count ? i + run - 1 : count - 1; /* tokens i..k */
    char buf[4096];
    switch (next(rng) % 7) {
    case 0: /* delete a run */
        out = splice(data, size, max_size, t[i].span.start, t[k].span.end, "", 0);
        break;
    case 1: { /* duplicate a run after token j */
        size_t len = t[k].span.end - t[i].span.start;
        if (len + 2 > sizeof buf)
            break;
        buf[0] = ' ';
        memcpy(buf + 1, data + t[i].span.start, len);
        buf[len + 1] = ' ';
        out = splice(data, size, max_size, t[j].span.end, t[j].span.end, buf, len + 2);
        break;
    }
    case 2: { /* replace token i by a token of the same class */
        for (size_t tries = 0; tries < 16 && !same_class(t[i].kind, t[j].kind); tries++)
            j = next(rng) % count;
        size_t len = t[j].span.end - t[j].span.start;
        if (len > sizeof buf)
            break;
        memcpy(buf, data + t[j].span.start, len);
        out = splice(data, size, max_size, t[i].span.start, t[i].span.end, buf, len);
        break;
    }
    case 3: { /* insert a word before token i */
        const char *w = words[next(rng) % (sizeof words / sizeof *words)];
        size_t len = strlen(w);
        buf[0] = ' ';
        memcpy(buf + 1, w, len);
        buf[len + 1] = ' ';
        out = splice(data, size, max_size, t[i].span.start, t[i].span.start, buf, len + 2);
        break;
    }
    case 4: { /* an edge value in an integer literal */
        for (size_t tries = 0; tries < 16 && t[i].kind != TOK_INT; tries++)
            i = next(rng) % count;
        const char *v = edge_ints[next(rng) % (sizeof edge_ints / sizeof *edge_ints)];
        out = splice(data, size, max_size, t[i].span.start, t[i].span.end, v, strlen(v));
        break;
    }
    case 5: { /* swap tokens i and j (i before j) */
        if (i > j) {
            size_t x = i;
            i = j;
            j = x;
        }
        size_t li = t[i].span.end - t[i].span.start, lj = t[j].span.end - t[j].span.start;
        size_t mid = t[j].span.start - t[i].span.end;
        if (i == j || li + lj + mid > sizeof buf)
            break;
        memcpy(buf, data + t[j].span.start, lj);
        memcpy(buf + lj, data + t[i].span.end, mid);
        memcpy(buf + lj + mid, data + t[i].span.start, li);
        out = splice(data, size, max_size, t[i].span.start, t[j].span.end, buf, li + lj + mid);
        break;
    }
    default: { /* wrap a run in braces or parentheses */
        const char *open = next(rng) % 2 ? "(" : "{", *close = open[0] == '(' ? ")" : "}";
        out = splice(data, size, max_size, t[k].span.end, t[k].span.end, close, 1);
        out = splice(data, out, max_size, t[i].span.start, t[i].span.start, open, 1);
        break;
    }
    }
    arena_free(arena);
    return out;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    uint64_t rng = (uint64_t)seed * 0x9E3779B97F4A7C15u + 1;
    if (size > 0 && next(&rng) % 2 == 0) {
        size_t out = mutate_tokens(data, size, max_size, &rng);
        if (out > 0)
            return out;
    }
    return LLVMFuzzerMutate(data, size, max_size);
}
