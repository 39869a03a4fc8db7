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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(located_error_has_code_location_and_caret),
        cmocka_unit_test(warnings_do_not_count_as_errors),
        cmocka_unit_test(unlocated_errors_are_one_line_with_code_prefix),
        cmocka_unit_test(templates_expand_every_placeholder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
