/* tests/unit/test_modules.c: mounted libraries (cli/compile.h CompileMount)
 * are loaded lazily (syntax/loader.c): only the modules a program names are
 * read, parsed and checked, once each; their files appear in the source map
 * under `source_root/relative`; warnings located in them are not reported
 * (language.md §5b item 11); their functions are entrypoints by qualified
 * name only (backends.md §0a item 3). The mount here is an in-memory one,
 * like the embedded standard library. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/compile.h"

static const struct {
    const char *path;
    const char *text;
} std_files[] = {
    {"Prelude.bd", "pub i64 Answer() { return 42; }\n"},
    {"Io.bd", "pub i64 Put(i64 x) { return x + helper(); }\ni64 helper() { return 1; }\ni64 unused() { return 0; }\n"},
    {"Math/Sum/Sum.bd", "mod Math.Sum;\npub i64 Add(i64 a, i64 b) { return a + b; }\n"},
    {"Broken.bd", "this is not Beskid\n"},
};

static int reads[sizeof std_files / sizeof std_files[0]];

static const char *read_std(const char *relative, size_t *len)
{
    for (size_t i = 0; i < sizeof std_files / sizeof std_files[0]; i++)
        if (strcmp(std_files[i].path, relative) == 0) {
            reads[i]++;
            *len = strlen(std_files[i].text);
            return std_files[i].text;
        }
    return NULL;
}

static const CompileMount std_mount = {
    .name = "Std", .source_root = "std", .entry = "Prelude.bd", .read_embedded = read_std};

/* Writes 'text' to a fresh temporary file and returns its path (malloc'ed). */
static char *write_program(const char *text)
{
    char *path = strdup("/tmp/beskid_modules_XXXXXX.bd");
    int fd = mkstemps(path, 3);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static bool has_source(const Compilation *c, const char *path)
{
    for (uint32_t i = 0; i < c->sources.count; i++)
        if (strcmp(c->sources.files[i].path, path) == 0)
            return true;
    return false;
}

static void mounted_modules_load_lazily(void **state)
{
    (void)state;
    memset(reads, 0, sizeof reads);
    char *path = write_program("use Std.Math.Sum.Add;\n"
                               "i64 main() { return Add(Std.Io.Put(1), Std.Io.Put(2)); }\n"
                               "pub i64 again() { return Std.Io.Put(3); }\n");
    Compilation c;
    compilation_init(&c, NULL);
    CompileInput input = {.path = path, .mounts = &std_mount, .mount_count = 1};
    bool ok = compilation_run_input(&c, &input, COMPILE_LOWER);
    for (uint32_t i = 0; i < c.diags.items.count; i++)
        print_message("%s\n", c.diags.items.items[i].message);
    assert_true(ok);
    /* the entry, Prelude (the mount is named), Io and Math.Sum; never Broken */
    assert_int_equal(c.sources.count, 4);
    assert_true(has_source(&c, "std/Prelude.bd"));
    assert_true(has_source(&c, "std/Io.bd"));
    assert_true(has_source(&c, "std/Math/Sum/Sum.bd"));
    assert_false(has_source(&c, "std/Broken.bd"));
    /* `unused` in Std.Io is no warning of the program's */
    assert_int_equal(c.diags.warning_count, 0);
    /* Std's functions are entries by qualified name only */
    bool put_found = false;
    for (uint32_t i = 0; i < c.artifact->entries.count; i++) {
        const IrEntry *e = &c.artifact->entries.items[i];
        if (strcmp(e->qualified_name, "Std::Io::Put") == 0) {
            put_found = true;
            assert_string_equal(e->source_name, "Std::Io::Put");
        }
    }
    assert_true(put_found);
    compilation_free(&c);
    unlink(path);
    free(path);
}

static void unnamed_mount_is_not_loaded(void **state)
{
    (void)state;
    memset(reads, 0, sizeof reads);
    char *path = write_program("i64 main() { return 1; }\n");
    Compilation c;
    compilation_init(&c, NULL);
    CompileInput input = {.path = path, .mounts = &std_mount, .mount_count = 1};
    assert_true(compilation_run_input(&c, &input, COMPILE_CHECK));
    assert_int_equal(c.sources.count, 1);
    for (size_t i = 0; i < sizeof reads / sizeof reads[0]; i++)
        assert_int_equal(reads[i], 0);
    compilation_free(&c);
    unlink(path);
    free(path);
}

static void unknown_mount_module_is_E1108_or_E1101(void **state)
{
    (void)state;
    char *path = write_program("i64 main() { return Std.Nope.f() + Std.Io.nope(); }\n");
    Compilation c;
    compilation_init(&c, NULL);
    CompileInput input = {.path = path, .mounts = &std_mount, .mount_count = 1};
    assert_false(compilation_run_input(&c, &input, COMPILE_CHECK));
    assert_int_equal(c.diags.error_count, 2);
    assert_string_equal(c.diags.items.items[0].message, "unknown module path `Std::Nope`");
    assert_string_equal(c.diags.items.items[1].message, "unknown value `nope` in module `Std::Io`");
    compilation_free(&c);
    unlink(path);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mounted_modules_load_lazily),
        cmocka_unit_test(unnamed_mount_is_not_loaded),
        cmocka_unit_test(unknown_mount_module_is_E1108_or_E1101),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
