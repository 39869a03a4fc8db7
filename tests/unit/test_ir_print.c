/* test_ir_print.c: what of the artifact text form (artifact/ir_print.c) only
 * the C API can reach. Everything else is tested on IR text through `beskid
 * ir` (tests/lit/ir/print-*): the golden text, locations, determinism,
 * ir_print_inst in verifier messages and fconst.
 * Kept here: IR_PRINT_LOCATIONS without a source map. The CLI always passes
 * the map it read the input with, so no command prints without one. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "artifact/ir.h"
#include "artifact/ir_parse.h"
#include "artifact/ir_print.h"

/* Exactly what ir_print writes for it, so the plain print is 'text' again. */
static const char text[] = "; beskid artifact v1\n"
                           "\n"
                           "func $f() -> i32 kind=function name=f qualified=f {\n"
                           "@b0:\n"
                           "    %0: i32 = iconst 42\n"
                           "    ret %0\n"
                           "}\n";

static char *print(const Artifact *a, const SourceMap *map, IrPrintFlags flags)
{
    char *out_text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&out_text, &len);
    ir_print(out, a, map, flags);
    fclose(out);
    return out_text;
}

static void test_locations_without_map(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    SourceMap map;
    source_map_init(&map, arena);
    uint32_t file = source_add(&map, "f.ir", text, sizeof text - 1);
    DiagList diags;
    diag_list_init(&diags, arena);
    Artifact *a = ir_parse(arena, &map, file, &diags);
    assert_non_null(a);
    /* The reader located every instruction, so the map would annotate them... */
    char *located = print(a, &map, IR_PRINT_LOCATIONS);
    assert_non_null(strstr(located, "    %0: i32 = iconst 42                     ; f.ir:5:5\n"));
    /* ...but without a map the flag is ignored: the plain text, no comments. */
    char *plain = print(a, NULL, IR_PRINT_LOCATIONS);
    assert_string_equal(plain, text);
    free(located);
    free(plain);
    arena_free(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_locations_without_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
