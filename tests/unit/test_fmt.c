/* tests/unit/test_fmt.c: the comment trivia of the lexer (syntax/lexer.h)
 * and the formatter (syntax/fmt.h). The property test formats every program
 * of the repository (tests/lit, examples, std, bench; run from the
 * repository's root, as tests/run.sh does) in this one process and checks
 * that the result parses to the same tree, formats to itself, and does not
 * depend on the input's spacing or indentation (the same file with its
 * horizontal whitespace scrambled formats to the same text). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "support/arena.h"
#include "support/diag.h"
#include "support/intern.h"
#include "support/source.h"
#include "support/strbuf.h"
#include "syntax/ast_print.h"
#include "syntax/fmt.h"
#include "syntax/lexer.h"
#include "syntax/parser.h"

typedef struct Fixture {
    Arena *arena;
    Interner *interner;
    SourceMap map;
    DiagList diags;
} Fixture;

static int setup(void **state)
{
    Fixture *fx = calloc(1, sizeof *fx);
    fx->arena = arena_new();
    fx->interner = intern_new(fx->arena);
    source_map_init(&fx->map, fx->arena);
    diag_list_init(&fx->diags, fx->arena);
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

/* ---- comment trivia --------------------------------------------------------- */

static void expect_comment(const char *text, const LexerComment *c, LexerCommentKind kind, const char *spelled)
{
    assert_int_equal(c->kind, kind);
    assert_int_equal(c->span.end - c->span.start, strlen(spelled));
    assert_memory_equal(text + c->span.start, spelled, strlen(spelled));
}

static void test_trivia_kinds_and_spans(void **state)
{
    Fixture *fx = *state;
    const char *text = "// line\r\n"
                       "/// doc\n"
                       "//// four\n"
                       "i32 x = /* in */ 1; // tail\n"
                       "string s = \"// not a comment ${ 1 /* nor */ }\";\n"
                       "/* two\n   lines */";
    uint32_t file = source_add(&fx->map, "t.bd", text, strlen(text));
    LexerCommentList comments;
    TokenList toks = lexer_tokenize_trivia(fx->arena, fx->interner, source_file(&fx->map, file), file, &comments);
    assert_int_equal(toks.items[toks.count - 1].kind, TOK_EOF);
    assert_int_equal(toks.items[0].kind, TOK_DOC); /* doc lines stay tokens */
    assert_int_equal(comments.count, 6);
    expect_comment(text, &comments.items[0], LEXER_COMMENT_LINE, "// line");
    expect_comment(text, &comments.items[1], LEXER_COMMENT_DOC, "/// doc");
    expect_comment(text, &comments.items[2], LEXER_COMMENT_LINE, "//// four");
    expect_comment(text, &comments.items[3], LEXER_COMMENT_BLOCK, "/* in */");
    expect_comment(text, &comments.items[4], LEXER_COMMENT_LINE, "// tail");
    expect_comment(text, &comments.items[5], LEXER_COMMENT_BLOCK, "/* two\n   lines */");
    for (uint32_t i = 1; i < comments.count; i++)
        assert_true(comments.items[i - 1].span.start < comments.items[i].span.start);
}

static void test_trivia_stops_at_a_lexical_error(void **state)
{
    Fixture *fx = *state;
    const char *text = "// before\ni32 x = `;\n// after\n";
    uint32_t file = source_add(&fx->map, "t.bd", text, strlen(text));
    LexerCommentList comments;
    TokenList toks = lexer_tokenize_trivia(fx->arena, fx->interner, source_file(&fx->map, file), file, &comments);
    assert_int_equal(toks.items[toks.count - 1].kind, TOK_ERROR);
    assert_int_equal(comments.count, 1);
}

/* ---- the formatter on snippets ------------------------------------------------ */

static const char *format_text(Fixture *fx, const char *text, bool *ok)
{
    uint32_t file = source_add(&fx->map, "t.bd", text, strlen(text));
    FmtResult r;
    *ok = fmt_file(fx->arena, fx->interner, &fx->map, file, &fx->diags, &r);
    return *ok ? r.text : NULL;
}

static void expect_format(void **state, const char *in, const char *expected)
{
    bool ok;
    Fixture *fx = *state;
    const char *out = format_text(fx, in, &ok);
    if (!ok)
        fail_msg("%s: %s", in, fx->diags.items.items[fx->diags.items.count - 1].message);
    assert_string_equal(out, expected);
}

static void test_snippets(void **state)
{
    expect_format(state, "", "");
    expect_format(state, "\n\n  // only a comment  \n\n", "// only a comment\n");
    expect_format(state, "i32 f(){return 1;}", "i32 f() { return 1; }\n");
    /* blank lines: one at most, none inside braces or at the ends */
    expect_format(state, "\n\nuse a;\n\n\n\nuse b;\n\n", "use a;\n\nuse b;\n");
    expect_format(state, "unit f() {\n\n    g();\n\n}\n", "unit f() {\n    g();\n}\n");
    /* Allman braces and a lone else join the line before */
    expect_format(state, "unit f()\n{\n  if a\n  {\n  }\n  else\n  {\n  }\n}\n",
                  "unit f() {\n    if a {\n    } else {\n    }\n}\n");
    /* a comment keeps its place; one before `{` keeps the brace on its line */
    expect_format(state, "unit f() // why\n{\n}\n", "unit f() // why\n{\n}\n");
    /* unary and binary minus, generics and comparisons */
    expect_format(state, "unit f(){bool x=a-b- -c<d;List<i64> y=g<i64>(-1)[0];}",
                  "unit f() { bool x = a - b - -c < d; List<i64> y = g<i64>(-1)[0]; }\n");
    /* interpolated strings are kept verbatim */
    expect_format(state, "unit f(){string s=\"${ a  +b }\";}", "unit f() { string s = \"${ a  +b }\"; }\n");
}

static void test_refuses_what_does_not_parse(void **state)
{
    Fixture *fx = *state;
    bool ok;
    assert_null(format_text(fx, "i32 main() { return 0 }\n", &ok));
    assert_false(ok);
    assert_int_equal(fx->diags.items.count, 1);
    assert_int_equal(fx->diags.items.items[0].id, DIAG_PARSE_ERROR);
}

static void test_off_directive(void **state)
{
    Fixture *fx = *state;
    const char *text = "i32 main( ) {\n  // beskid-format: off  \n";
    uint32_t file = source_add(&fx->map, "t.bd", text, strlen(text));
    FmtResult r;
    assert_true(fmt_file(fx->arena, fx->interner, &fx->map, file, &fx->diags, &r));
    assert_true(r.disabled);
    assert_false(r.changed);
    assert_string_equal(r.text, text);
}

/* ---- the property test over the repository's programs ------------------------ */

static char *tree_of(Arena *arena, Interner *interner, const char *path, const char *text, size_t len)
{
    SourceMap map;
    source_map_init(&map, arena);
    DiagList diags;
    diag_list_init(&diags, arena);
    uint32_t file = source_add(&map, path, text, len);
    AstFile *ast = parse_file(arena, interner, &map, file, 0, &diags);
    if (!ast || diag_has_errors(&diags))
        return NULL;
    char *buf = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&buf, &size);
    ast_print(fp, ast, &map);
    fclose(fp);
    return buf;
}

/* The same text with every run of spaces between two tokens on a line
 * replaced by 0-3 spaces (none only where there was none) and every
 * indentation by 0-9 spaces or a tab: the tokens, comments and line breaks
 * stay, so the formatter must give the same result. */
static char *scramble(Arena *arena, Interner *interner, const SourceFile *src, uint32_t file, uint32_t *seed)
{
    LexerCommentList comments;
    TokenList toks = lexer_tokenize_trivia(arena, interner, src, file, &comments);
    StrBuf sb = {0};
    uint32_t pos = 0, t = 0, c = 0;
    for (;;) {
        Span next;
        bool tok_left = t < toks.count && toks.items[t].kind != TOK_EOF;
        while (c < comments.count && comments.items[c].kind == LEXER_COMMENT_DOC)
            c++;
        bool com_left = c < comments.count;
        if (!tok_left && !com_left)
            break;
        if (com_left && (!tok_left || comments.items[c].span.start < toks.items[t].span.start))
            next = comments.items[c++].span;
        else
            next = toks.items[t++].span;
        uint32_t newlines = 0;
        for (uint32_t i = pos; i < next.start; i++)
            newlines += src->text[i] == '\n';
        *seed = *seed * 1103515245u + 12345u;
        uint32_t r = (*seed >> 16) & 0x7fff;
        if (pos == 0) {
            strbuf_append(&sb, src->text, next.start); /* leading text as it is */
        } else if (newlines) {
            for (uint32_t i = 0; i < newlines; i++)
                strbuf_putc(&sb, '\n');
            if (r % 11 == 10)
                strbuf_putc(&sb, '\t');
            else
                for (uint32_t i = 0; i < r % 10; i++)
                    strbuf_putc(&sb, ' ');
        } else {
            uint32_t spaces = next.start > pos ? 1 + r % 3 : r % 2;
            for (uint32_t i = 0; i < spaces; i++)
                strbuf_putc(&sb, ' ');
        }
        strbuf_append(&sb, src->text + next.start, next.end - next.start);
        pos = next.end;
    }
    strbuf_append(&sb, src->text + pos, src->len - pos);
    char *out = arena_strndup(arena, sb.data ? sb.data : "", sb.len);
    strbuf_free(&sb);
    return out;
}

typedef struct Totals {
    unsigned formatted;
    unsigned skipped; /* holding the off directive */
    uint32_t seed;
} Totals;

static void check_file(const char *path, Totals *totals)
{
    Arena *arena = arena_new();
    Interner *interner = intern_new(arena);
    SourceMap map;
    source_map_init(&map, arena);
    DiagList diags;
    diag_list_init(&diags, arena);
    uint32_t file;
    assert_int_equal(source_load(&map, path, SOURCE_DEFAULT_LIMIT, &file), SOURCE_OK);
    FmtResult r;
    if (!fmt_file(arena, interner, &map, file, &diags, &r))
        fail_msg("%s: %s", path, diags.items.count ? diags.items.items[0].message : "fails");
    if (r.disabled) {
        totals->skipped++;
        arena_free(arena);
        return;
    }
    const SourceFile *src = source_file(&map, file);
    char *before = tree_of(arena, interner, path, src->text, src->len);
    char *after = tree_of(arena, interner, path, r.text, r.len);
    assert_non_null(before);
    if (!after || strcmp(before, after) != 0)
        fail_msg("%s: the formatted file parses to another tree", path);
    free(before);
    free(after);
    /* formats to itself */
    uint32_t again = source_add(&map, path, r.text, r.len);
    FmtResult r2;
    assert_true(fmt_file(arena, interner, &map, again, &diags, &r2));
    if (r2.changed)
        fail_msg("%s: the formatted file does not format to itself", path);
    /* does not depend on the input's horizontal whitespace */
    char *scrambled = scramble(arena, interner, src, file, &totals->seed);
    uint32_t third = source_add(&map, path, scrambled, strlen(scrambled));
    FmtResult r3;
    if (!fmt_file(arena, interner, &map, third, &diags, &r3))
        fail_msg("%s: the scrambled file does not format", path);
    if (r3.len != r.len || memcmp(r3.text, r.text, r.len) != 0)
        fail_msg("%s: the scrambled file formats differently:\n%s", path, r3.text);
    totals->formatted++;
    arena_free(arena);
}

static void walk(const char *dir, Totals *totals)
{
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("cannot open %s (run from the repository's root)", dir);
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) != 0)
            continue;
        size_t n = strlen(e->d_name);
        if (S_ISDIR(st.st_mode))
            walk(path, totals);
        else if (S_ISREG(st.st_mode) && n > 3 && strcmp(e->d_name + n - 3, ".bd") == 0)
            check_file(path, totals);
    }
    closedir(d);
}

static void test_every_program_of_the_repository(void **state)
{
    (void)state;
    Totals totals = {.seed = 15};
    walk("tests/lit", &totals);
    walk("examples", &totals);
    walk("std", &totals);
    walk("bench", &totals);
    /* the programs do exist: the walk did not silently find nothing */
    assert_true(totals.formatted > 400);
    /* the off directive stays rare */
    assert_true(totals.skipped < totals.formatted / 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_trivia_kinds_and_spans, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trivia_stops_at_a_lexical_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_snippets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_what_does_not_parse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_off_directive, setup, teardown),
        cmocka_unit_test(test_every_program_of_the_repository),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
