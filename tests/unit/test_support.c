/* tests/unit/test_support.c: arena, vec, interning and the string buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "support/arena.h"
#include "support/intern.h"
#include "support/source.h"
#include "support/strbuf.h"
#include "support/suggest.h"
#include "support/vec.h"

static void arena_allocations_are_zeroed_and_aligned(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    for (int i = 0; i < 1000; i++) {
        unsigned char *p = arena_alloc(arena, (size_t)(i % 97) + 1, 16);
        assert_int_equal((uintptr_t)p % 16, 0);
        for (int j = 0; j < i % 97 + 1; j++)
            assert_int_equal(p[j], 0);
        memset(p, 0xAB, (size_t)(i % 97) + 1);
    }
    char *big = arena_alloc(arena, 1 << 20, 8); /* larger than a chunk */
    big[(1 << 20) - 1] = 1;
    assert_string_equal(arena_printf(arena, "%d-%s", 7, "x"), "7-x");
    arena_free(arena);
}

static void arena_release_rewinds_to_mark(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    char *keep = arena_strdup(arena, "keep");
    ArenaMark mark = arena_mark(arena);
    for (int i = 0; i < 100; i++)
        arena_alloc(arena, 4096, 8);
    arena_release(arena, mark);
    char *next = arena_alloc(arena, 1, 1);
    assert_string_equal(keep, "keep");
    assert_ptr_equal(next, keep + 5);
    arena_free(arena);
}

static void vec_grows_and_keeps_order(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    VEC(int) v = {0};
    for (int i = 0; i < 10000; i++)
        VEC_PUSH(arena, &v, i * 3);
    assert_int_equal(v.count, 10000);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(v.items[i], i * 3);
    assert_int_equal(VEC_LAST(&v), 9999 * 3);
    arena_free(arena);
}

static void interning_gives_one_pointer_per_text(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    Interner *in = intern_new(arena);
    Symbol a = intern_cstr(in, "main");
    Symbol b = intern(in, "main_", 4);
    assert_ptr_equal(a, b);
    assert_ptr_not_equal(a, intern_cstr(in, "mainx"));
    char name[32];
    Symbol first[5000];
    for (int i = 0; i < 5000; i++) { /* forces several rehashes */
        snprintf(name, sizeof name, "n%d", i);
        first[i] = intern_cstr(in, name);
    }
    for (int i = 0; i < 5000; i++) {
        snprintf(name, sizeof name, "n%d", i);
        assert_ptr_equal(first[i], intern_cstr(in, name));
        assert_string_equal(first[i], name);
    }
    assert_ptr_equal(a, intern_cstr(in, "main"));
    arena_free(arena);
}

static void strbuf_formats(void **state)
{
    (void)state;
    StrBuf sb = {0};
    assert_string_equal(strbuf_cstr(&sb), "");
    strbuf_puts(&sb, "a");
    strbuf_printf(&sb, "%d%s", 42, "b");
    strbuf_putc(&sb, '!');
    for (int i = 0; i < 1000; i++)
        strbuf_putc(&sb, 'x');
    assert_int_equal(sb.len, 5 + 1000);
    assert_memory_equal(strbuf_cstr(&sb), "a42b!x", 6);
    strbuf_free(&sb);
}

static void source_lines_and_columns(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    SourceMap map;
    source_map_init(&map, arena);
    const char text[] = "ab\n\ncd\nlast";
    uint32_t id = source_add(&map, "x.bd", text, sizeof text - 1);
    const SourceFile *f = source_file(&map, id);
    uint32_t line, col;
    source_line_col(f, 0, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 1);
    source_line_col(f, 4, &line, &col);
    assert_int_equal(line, 3);
    assert_int_equal(col, 1);
    source_line_col(f, 8, &line, &col);
    assert_int_equal(line, 4);
    assert_int_equal(col, 2);
    source_line_col(f, f->len, &line, &col); /* end of file */
    assert_int_equal(line, 4);
    assert_int_equal(col, 5);
    Span joined = span_join((Span){id, 3, 5}, (Span){id, 1, 2});
    assert_int_equal(joined.start, 1);
    assert_int_equal(joined.end, 5);
    arena_free(arena);
}

/* Writes 'len' bytes of 'text' to a fresh temporary file; returns its path. */
static const char *temp_file(char *path, const char *text, size_t len)
{
    strcpy(path, "/tmp/beskid-source-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    return path;
}

static void source_load_limits_and_bom(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    SourceMap map;
    source_map_init(&map, arena);
    char path[64];
    uint32_t id = 0;
    /* a byte-order mark is dropped; the limit counts the file's bytes and is inclusive */
    temp_file(path, "\xEF\xBB\xBFi64 main()", 13);
    assert_int_equal(source_load(&map, path, 13, &id), SOURCE_OK);
    assert_int_equal(source_file(&map, id)->len, 10);
    assert_memory_equal(source_file(&map, id)->text, "i64 main()", 10);
    assert_int_equal(source_load(&map, path, 12, &id), SOURCE_TOO_LARGE);
    unlink(path);
    /* a lone partial mark stays */
    temp_file(path, "\xEF\xBBx", 3);
    assert_int_equal(source_load(&map, path, 100, &id), SOURCE_OK);
    assert_int_equal(source_file(&map, id)->len, 3);
    unlink(path);
    /* a device that never ends is refused at the limit */
    assert_int_equal(source_load(&map, "/dev/zero", 1 << 20, &id), SOURCE_TOO_LARGE);
    assert_int_equal(source_load(&map, "/nonexistent/x.bd", 100, &id), SOURCE_UNREADABLE);
    /* a pipe is read like a file, under the same limit */
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(write(fds[1], "abc", 3), 3);
    close(fds[1]);
    char fd_path[64];
    snprintf(fd_path, sizeof fd_path, "/dev/fd/%d", fds[0]);
    assert_int_equal(source_load(&map, fd_path, 100, &id), SOURCE_OK);
    assert_int_equal(source_file(&map, id)->len, 3);
    close(fds[0]);
    arena_free(arena);
}

static void suggestions_are_near_names_only(void **state)
{
    (void)state;
    assert_int_equal(suggest_distance("cuont", "count"), 1); /* a swap is one edit */
    assert_int_equal(suggest_distance("Summ", "Sum"), 1);
    assert_int_equal(suggest_distance("abc", "xyz"), 3);
    static const char *const names[] = {"count", "total", "compute"};
    assert_string_equal(suggest_nearest("cuont", names, 3), "count");
    assert_string_equal(suggest_nearest("computte", names, 3), "compute");
    assert_null(suggest_nearest("zebra", names, 3));
    static const char *const short_names[] = {"x", "ab"};
    assert_null(suggest_nearest("y", short_names, 2)); /* one or two letters: never a typo */
    assert_null(suggest_nearest("ac", short_names, 2));
    Suggest s; /* the first of equals wins */
    suggest_init(&s, "cat");
    suggest_consider(&s, "bat");
    suggest_consider(&s, "hat");
    assert_string_equal(s.best, "bat");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_allocations_are_zeroed_and_aligned),
        cmocka_unit_test(arena_release_rewinds_to_mark),
        cmocka_unit_test(vec_grows_and_keeps_order),
        cmocka_unit_test(interning_gives_one_pointer_per_text),
        cmocka_unit_test(strbuf_formats),
        cmocka_unit_test(source_lines_and_columns),
        cmocka_unit_test(source_load_limits_and_bom),
        cmocka_unit_test(suggestions_are_near_names_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
