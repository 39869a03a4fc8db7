/* tests/unit/test_diag.c: diagnostics as values and their one rendering. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/diag.h"

static char *render(const SourceMap *map, const DiagList *list)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    diag_render(out, map, list);
    fclose(out);
    return buf;
}

static void located_error_has_code_location_and_caret(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    SourceMap map;
    source_map_init(&map, arena);
    const char text[] = "i64 main() {\n    let x = y;\n}\n";
    uint32_t file = source_add(&map, "src/Main.bd", text, sizeof text - 1);
    DiagList list;
    diag_list_init(&list, arena);
    uint32_t at = (uint32_t)(strchr(text, 'y') - text);
    Diag *d = diag_report(&list, (Span){file, at, at + 1}, DIAG_E1101_UNKNOWN_VALUE, "y");
    diag_set_label(&list, d, "unknown value");
    diag_set_help(&list, d, "declare `%s` first", "y");
    assert_true(diag_has_errors(&list));
    char *out = render(&map, &list);
    assert_string_equal(out, "error[E1101]: unknown value `y`\n"
                             " --> src/Main.bd:2:13\n"
                             "  |\n"
                             "2 |     let x = y;\n"
                             "  |             ^ unknown value\n"
                             "  = help: declare `y` first\n");
    free(out);
    arena_free(arena);
}

static void warnings_do_not_count_as_errors(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    SourceMap map;
    source_map_init(&map, arena);
    const char text[] = "return 1;\nx;";
    uint32_t file = source_add(&map, "w.bd", text, sizeof text - 1);
    DiagList list;
    diag_list_init(&list, arena);
    diag_report(&list, (Span){file, 10, 12}, DIAG_W1403_UNREACHABLE_CODE);
    assert_false(diag_has_errors(&list));
    assert_int_equal(list.warning_count, 1);
    char *out = render(&map, &list);
    assert_non_null(strstr(out, "warning[W1403]: unreachable code\n --> w.bd:2:1\n"));
    assert_non_null(strstr(out, "2 | x;\n  | ^^\n"));
    free(out);
    arena_free(arena);
}

static void unlocated_errors_are_one_line_with_code_prefix(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    DiagList list;
    diag_list_init(&list, arena);
    diag_report(&list, SPAN_NONE, DIAG_E4030_ENTRYPOINT_NOT_FOUND, "nope");
    diag_report(&list, SPAN_NONE, DIAG_E5001_MISSING_ENTRYPOINT, "main");
    diag_report(&list, SPAN_NONE, DIAG_CLI_ERROR, "Failed to read file: x.bd");
    char *out = render(NULL, &list);
    assert_string_equal(out, "error: [E4030] Entrypoint symbol not found: nope\n"
                             "error: [E5001] Missing entrypoint `main`\n"
                             "error: Failed to read file: x.bd\n");
    free(out);
    assert_string_equal(diag_code(DIAG_PARSE_ERROR), "parse");
    assert_int_equal(diag_severity_of(DIAG_W1203_IMPLICIT_NUMERIC_CAST), DIAG_SEVERITY_WARNING);
    arena_free(arena);
}

static void templates_expand_every_placeholder(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    DiagList list;
    diag_list_init(&list, arena);
    Diag *d = diag_report(&list, SPAN_NONE, DIAG_E1206_TYPE_MISMATCH, "i32", "bool");
    assert_string_equal(d->message, "type mismatch: expected i32, got bool");
    d = diag_report(&list, SPAN_NONE, DIAG_E1204_CALL_ARITY_MISMATCH, "2", "3");
    assert_string_equal(d->message, "call arity mismatch: expected 2, got 3");
    assert_int_equal(list.error_count, 2);
    arena_free(arena);
}

/* A fixture: one file in a map, one list. */
typedef struct Fixture {
    Arena *arena;
    SourceMap map;
    DiagList list;
    uint32_t file;
    const char *text;
} Fixture;

static void fixture_init(Fixture *f, const char *path, const char *text)
{
    f->arena = arena_new();
    source_map_init(&f->map, f->arena);
    f->text = text;
    f->file = source_add(&f->map, path, text, strlen(text));
    diag_list_init(&f->list, f->arena);
}

/* The span of the n-th (0-based) occurrence of 'what'. */
static Span span_of(const Fixture *f, const char *what, int n)
{
    const char *at = strstr(f->text, what);
    while (n-- > 0)
        at = strstr(at + 1, what);
    uint32_t start = (uint32_t)(at - f->text);
    return (Span){f->file, start, start + (uint32_t)strlen(what)};
}

static void secondary_spans_and_notes_render_like_rustc(void **state)
{
    (void)state;
    Fixture f;
    fixture_init(&f, "m.bd", "i32 f(i32 a) { return a; }\ni32 main() { i64 x = 1; x = 2; return f(1, 2); }\n");
    Diag *d = diag_report(&f.list, span_of(&f, "x = 2", 0), DIAG_E1214_IMMUTABLE_ASSIGNMENT, "x");
    diag_set_label(&f.list, d, "cannot assign twice");
    diag_add_span(&f.list, d, span_of(&f, "x", 0), "first assignment");
    diag_add_span(&f.list, d, span_of(&f, "f", 0), "declared here");
    diag_add_child(&f.list, d, DIAG_CHILD_NOTE, SPAN_NONE, "a note");
    diag_add_suggestion(&f.list, d, span_of(&f, "i64 x", 0), "i64 mut x", "make it mutable");
    char *out = render(&f.map, &f.list);
    assert_string_equal(out, "error[E1214]: cannot assign to immutable binding `x`\n"
                             " --> m.bd:2:25\n"
                             "  |\n"
                             "1 | i32 f(i32 a) { return a; }\n"
                             "  |     - declared here\n"
                             "2 | i32 main() { i64 x = 1; x = 2; return f(1, 2); }\n"
                             "  |                  -      ^^^^^ cannot assign twice\n"
                             "  |                  |\n"
                             "  |                  first assignment\n"
                             "  = note: a note\n"
                             "help: make it mutable\n"
                             "  |\n"
                             "2 | i32 main() { i64 mut x = 1; x = 2; return f(1, 2); }\n"
                             "  |              ~~~~~~~~~\n");
    free(out);
    arena_free(f.arena);
}

static void arrow_follows_the_gutter_and_tabs_expand(void **state)
{
    (void)state;
    Fixture f;
    fixture_init(&f, "t.bd", "\n\n\n\n\n\n\n\n\n\tx;\n");
    diag_report(&f.list, span_of(&f, "x", 0), DIAG_E1101_UNKNOWN_VALUE, "x");
    char *out = render(&f.map, &f.list);
    assert_string_equal(out, "error[E1101]: unknown value `x`\n"
                             "  --> t.bd:10:2\n"
                             "   |\n"
                             "10 |     x;\n"
                             "   |     ^\n");
    free(out);
    arena_free(f.arena);
}

static void long_lines_are_cut_around_the_span(void **state)
{
    (void)state;
    char text[700];
    memset(text, 'a', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    memcpy(text + 400, " zz ", 4);
    Fixture f;
    fixture_init(&f, "l.bd", text);
    diag_report(&f.list, span_of(&f, "zz", 0), DIAG_E1101_UNKNOWN_VALUE, "zz");
    char *out = render(&f.map, &f.list);
    /* 60 columns of context on each side, `…` where the line was cut. */
    assert_non_null(strstr(out, " --> l.bd:1:402\n"));
    char want[512];
    snprintf(want, sizeof want, "1 | \xe2\x80\xa6%.*s zz %.*s\xe2\x80\xa6\n", 59, text, 59, text);
    assert_non_null(strstr(out, want));
    snprintf(want, sizeof want, "  | %*s^^\n", 61, "");
    assert_non_null(strstr(out, want));
    free(out);
    arena_free(f.arena);
}

static void lists_sort_by_file_and_position(void **state)
{
    (void)state;
    Fixture f;
    fixture_init(&f, "s.bd", "a b c");
    diag_report(&f.list, span_of(&f, "c", 0), DIAG_E1101_UNKNOWN_VALUE, "c");
    diag_report(&f.list, SPAN_NONE, DIAG_CLI_ERROR, "x");
    diag_report(&f.list, span_of(&f, "a", 0), DIAG_E1101_UNKNOWN_VALUE, "a");
    diag_report(&f.list, span_of(&f, "b", 0), DIAG_E1101_UNKNOWN_VALUE, "b");
    diag_list_sort(&f.list);
    assert_string_equal(f.list.items.items[0].message, "unknown value `c`");
    assert_string_equal(f.list.items.items[1].message, "x");
    assert_string_equal(f.list.items.items[2].message, "unknown value `a`");
    assert_string_equal(f.list.items.items[3].message, "unknown value `b`");
    arena_free(f.arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(located_error_has_code_location_and_caret),
        cmocka_unit_test(warnings_do_not_count_as_errors),
        cmocka_unit_test(unlocated_errors_are_one_line_with_code_prefix),
        cmocka_unit_test(templates_expand_every_placeholder),
        cmocka_unit_test(secondary_spans_and_notes_render_like_rustc),
        cmocka_unit_test(arrow_follows_the_gutter_and_tabs_expand),
        cmocka_unit_test(long_lines_are_cut_around_the_span),
        cmocka_unit_test(lists_sort_by_file_and_position),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
