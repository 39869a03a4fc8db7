/* tests/unit/test_lexer.c: the token stream of syntax/lexer for tricky inputs
 * (maximal munch, whole-token keywords, doc comments, decoded escapes) and
 * the lexical errors, each of which ends the stream with one TOK_ERROR. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/arena.h"
#include "support/intern.h"
#include "support/source.h"
#include "syntax/lexer.h"

typedef struct Fixture {
    Arena *arena;
    Interner *interner;
    SourceMap map;
} Fixture;

static int setup(void **state)
{
    Fixture *fx = calloc(1, sizeof *fx);
    fx->arena = arena_new();
    fx->interner = intern_new(fx->arena);
    source_map_init(&fx->map, fx->arena);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    Fixture *fx = *state;
    arena_free(fx->arena);
    free(fx);
    return 0;
}

static TokenList lex_n(void **state, const char *text, size_t len)
{
    Fixture *fx = *state;
    uint32_t file = source_add(&fx->map, "t.bd", text, len);
    const SourceFile *src = source_file(&fx->map, file);
    return lexer_tokenize(fx->arena, fx->interner, src, file, 0, src->len);
}

static TokenList lex(void **state, const char *text)
{
    return lex_n(state, text, strlen(text));
}

/* Asserts the kinds of the whole stream, EOF/ERROR included. */
static void expect_kinds(TokenList toks, const TokenKind *kinds, uint32_t count)
{
    assert_int_equal(toks.count, count);
    for (uint32_t i = 0; i < count; i++)
        assert_int_equal(toks.items[i].kind, kinds[i]);
}

#define EXPECT_KINDS(toks, ...)                                                                  \
    do {                                                                                         \
        const TokenKind kinds_[] = {__VA_ARGS__};                                                \
        expect_kinds((toks), kinds_, sizeof kinds_ / sizeof kinds_[0]);                          \
    } while (0)

static void test_keyword_prefixes_are_identifiers(void **state)
{
    TokenList toks = lex(state, "in_range test_case type_name stringValue unitCount in type string");
    EXPECT_KINDS(toks, TOK_IDENT, TOK_IDENT, TOK_IDENT, TOK_IDENT, TOK_IDENT, TOK_KW_IN, TOK_KW_TYPE,
                 TOK_KW_STRING, TOK_EOF);
    assert_string_equal(toks.items[0].ident, "in_range");
    assert_string_equal(toks.items[3].ident, "stringValue");
}

static void test_reserved_words(void **state)
{
    TokenList toks = lex(state, "true false bool i32 i64 u8 f64 char unit meta skip when as _ _x");
    EXPECT_KINDS(toks, TOK_KW_TRUE, TOK_KW_FALSE, TOK_KW_BOOL, TOK_KW_I32, TOK_KW_I64, TOK_KW_U8, TOK_KW_F64,
                 TOK_KW_CHAR, TOK_KW_UNIT, TOK_KW_META, TOK_KW_SKIP, TOK_KW_WHEN, TOK_IDENT, TOK_IDENT, TOK_IDENT,
                 TOK_EOF);
}

static void test_operators_maximal_munch(void **state)
{
    TokenList toks = lex(state, "<= >= < > === !== == != = => :: : += -= *= /= %= % && || ! ?");
    EXPECT_KINDS(toks, TOK_LE, TOK_GE, TOK_LT, TOK_GT, TOK_SAME, TOK_NOTSAME, TOK_EQ, TOK_NE, TOK_ASSIGN,
                 TOK_ARROW, TOK_COLON_COLON, TOK_COLON, TOK_PLUS_ASSIGN, TOK_MINUS_ASSIGN, TOK_STAR_ASSIGN,
                 TOK_SLASH_ASSIGN, TOK_PERCENT_ASSIGN, TOK_PERCENT, TOK_AND, TOK_OR, TOK_BANG, TOK_QUESTION,
                 TOK_EOF);
    toks = lex(state, "a<=b====c");
    EXPECT_KINDS(toks, TOK_IDENT, TOK_LE, TOK_IDENT, TOK_SAME, TOK_ASSIGN, TOK_IDENT, TOK_EOF);
}

static void test_comments_and_docs(void **state)
{
    TokenList toks = lex(state, "// line\n//// four\n/* block // */ x\n/// doc one\n   ///  two\n///three");
    EXPECT_KINDS(toks, TOK_IDENT, TOK_DOC, TOK_DOC, TOK_DOC, TOK_EOF);
    assert_string_equal(toks.items[1].text, "doc one");
    assert_string_equal(toks.items[2].text, " two"); /* only one space is stripped */
    assert_string_equal(toks.items[3].text, "three");
}

static void test_numbers(void **state)
{
    TokenList toks = lex(state, "42 2.5 3. 1.x 18446744073709551615 18446744073709551616");
    EXPECT_KINDS(toks, TOK_INT, TOK_FLOAT, TOK_INT, TOK_DOT, TOK_INT, TOK_DOT, TOK_IDENT, TOK_INT, TOK_INT,
                 TOK_EOF);
    assert_int_equal(toks.items[0].int_value, 42);
    assert_true(toks.items[1].float_value == 2.5);
    assert_true(toks.items[7].int_value == UINT64_MAX);
    assert_false(toks.items[7].overflowed);
    assert_true(toks.items[8].overflowed);
}

static void test_string_escapes_decoded(void **state)
{
    TokenList toks = lex(state, "\"a\\\"b\" \"\\n\\t\\r\\\\\\${x}\" \"raw\nline\"");
    EXPECT_KINDS(toks, TOK_STRING, TOK_STRING, TOK_STRING, TOK_EOF);
    assert_int_equal(toks.items[0].len, 3);
    assert_string_equal(toks.items[0].text, "a\"b");
    assert_false(toks.items[1].is_interpolated);
    assert_string_equal(toks.items[1].text, "\n\t\r\\${x}");
    assert_string_equal(toks.items[2].text, "raw\nline");
    toks = lex(state, "\"a\\0b\"");
    assert_int_equal(toks.items[0].len, 3);
    assert_int_equal(toks.items[0].text[1], '\0');
}

static void test_string_interpolation_parts(void **state)
{
    TokenList toks = lex(state, "\"a${ x + \"}\" }b${'}'}\"");
    EXPECT_KINDS(toks, TOK_STRING, TOK_EOF);
    const Token *tok = &toks.items[0];
    assert_true(tok->is_interpolated);
    assert_int_equal(tok->part_count, 4);
    assert_false(tok->parts[0].is_expr);
    assert_string_equal(tok->parts[0].text, "a");
    assert_true(tok->parts[1].is_expr);
    assert_int_equal(tok->parts[1].span.start, 4);
    assert_int_equal(tok->parts[1].span.end, 13);
    assert_string_equal(tok->parts[2].text, "b");
    assert_true(tok->parts[3].is_expr);
}

static void test_chars(void **state)
{
    TokenList toks = lex(state, "'a' '\\'' '\\n' '\\\\' '\\0' '\xc3\xa9'");
    EXPECT_KINDS(toks, TOK_CHAR, TOK_CHAR, TOK_CHAR, TOK_CHAR, TOK_CHAR, TOK_CHAR, TOK_EOF);
    assert_int_equal(toks.items[0].char_value, 'a');
    assert_int_equal(toks.items[1].char_value, 0x27);
    assert_int_equal(toks.items[2].char_value, '\n');
    assert_int_equal(toks.items[3].char_value, '\\');
    assert_int_equal(toks.items[4].char_value, 0);
    assert_int_equal(toks.items[5].char_value, 0xE9);
}

/* Each input ends in one TOK_ERROR after 'valid' good tokens, with 'message'. */
static void expect_error(void **state, const char *text, size_t len, uint32_t valid, const char *message)
{
    TokenList toks = lex_n(state, text, len);
    assert_int_equal(toks.count, valid + 1);
    assert_int_equal(toks.items[valid].kind, TOK_ERROR);
    assert_string_equal(toks.items[valid].text, message);
}

static void test_errors(void **state)
{
    expect_error(state, "x \"\\q\"", 6, 1, "invalid escape sequence `\\q` in string literal");
    expect_error(state, "'\\q'", 4, 0, "invalid escape sequence `\\q` in char literal");
    expect_error(state, "''", 2, 0, "empty char literal");
    expect_error(state, "'ab'", 4, 0, "char literal must contain exactly one character");
    expect_error(state, "\"abc", 4, 0, "unterminated string literal");
    expect_error(state, "'", 1, 0, "unterminated char literal");
    expect_error(state, "/* x", 4, 0, "unterminated block comment");
    expect_error(state, "\"${}\"", 5, 0, "empty interpolation `${}` in string literal");
    expect_error(state, "\"${x\"", 5, 0, "unterminated interpolation `${` in string literal");
    expect_error(state, "a & b", 5, 1, "unexpected character `&`");
    expect_error(state, "a \xc3\xa9", 4, 1, "non-ASCII character outside a string, char literal or comment");
    expect_error(state, "a \0 b", 5, 1, "unexpected byte 0x00");
    expect_error(state, "\"\\$x\"", 5, 0, "invalid escape sequence `\\$` in string literal");
    expect_error(state, "\"\xff\"", 3, 0, "invalid UTF-8 in string literal");
}

static void test_non_ascii_in_comment_and_string(void **state)
{
    TokenList toks = lex(state, "// \xc3\xa9\n\"\xc3\xa9\" /* \xff */");
    EXPECT_KINDS(toks, TOK_STRING, TOK_EOF);
    assert_int_equal(toks.items[0].len, 2);
}

static void test_spans(void **state)
{
    TokenList toks = lex(state, "  foo <= 12");
    assert_int_equal(toks.items[0].span.start, 2);
    assert_int_equal(toks.items[0].span.end, 5);
    assert_int_equal(toks.items[1].span.start, 6);
    assert_int_equal(toks.items[1].span.end, 8);
    assert_int_equal(toks.items[2].span.start, 9);
    assert_int_equal(toks.items[2].span.end, 11);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_keyword_prefixes_are_identifiers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reserved_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_operators_maximal_munch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_comments_and_docs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_string_escapes_decoded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_string_interpolation_parts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chars, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_non_ascii_in_comment_and_string, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spans, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
