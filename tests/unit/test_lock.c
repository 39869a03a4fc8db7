/* tests/unit/test_lock.c: Project.lock v1 (backends.md §7.7): the text
 * written, read back, equality in any order, and each parse error; the
 * materialisation hash and names (§7.6); relative paths (§7.7 [FIX]). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "project/project_lock.h"
#include "project/project_materialize.h"
#include "project/project_path.h"

static const LockDependency util = {"Util", "../util/Project.proj", "../util", "../util/Src",
                                    "obj/beskid/deps/src/Util-0000000000000001", NULL, NULL, NULL};
static const LockDependency core = {"Core", "../core/Project.proj", "../core", "../core/Src",
                                    "obj/beskid/deps/src/Core-0000000000000002", "1.0.0", "sha256:ab", "main"};

static const char expected_text[] =
    "# Project.lock v1\n"
    "root_manifest=Project.proj\n"
    "project_name=App\n"
    "dependencies:\n"
    "- name=Core;manifest=../core/Project.proj;project=../core;source_root=../core/Src;"
    "materialized_root=obj/beskid/deps/src/Core-0000000000000002;resolved_version=1.0.0;artifact_digest=sha256:ab;"
    "registry=main\n"
    "- name=Util;manifest=../util/Project.proj;project=../util;source_root=../util/Src;"
    "materialized_root=obj/beskid/deps/src/Util-0000000000000001\n";

static void renders_sorted_lines_and_reads_back(void **state)
{
    (void)state;
    LockDependency deps[] = {util, core};
    Lockfile lock = {"Project.proj", "App", deps, 2};
    StrBuf text = {0};
    lock_render(&lock, &text);
    assert_string_equal(text.data, expected_text);

    Arena *arena = arena_new();
    SourceMap map;
    source_map_init(&map, arena);
    DiagList diags;
    diag_list_init(&diags, arena);
    /* extra blank lines and unknown keys do not matter */
    const char *variant = "# Project.lock v1\n\nproject_name=App\nroot_manifest=Project.proj\ndependencies:\n"
                          "- name=Util;manifest=../util/Project.proj;project=../util;source_root=../util/Src;"
                          "materialized_root=obj/beskid/deps/src/Util-0000000000000001;future=1\n"
                          "- name=Core;manifest=../core/Project.proj;project=../core;source_root=../core/Src;"
                          "materialized_root=obj/beskid/deps/src/Core-0000000000000002;resolved_version=1.0.0;"
                          "artifact_digest=sha256:ab;registry=main\n";
    uint32_t file = source_add(&map, "Project.lock", variant, strlen(variant));
    Lockfile read;
    assert_true(lock_parse(arena, &map, file, &read, &diags));
    assert_int_equal(read.dependency_count, 2);
    assert_string_equal(read.dependencies[1].resolved_version, "1.0.0");
    assert_true(lock_equal(&read, &lock));
    LockDependency other[] = {util};
    Lockfile smaller = {"Project.proj", "App", other, 1};
    assert_false(lock_equal(&read, &smaller));
    strbuf_free(&text);
    arena_free(arena);
}

static void parse_error(const char *text, const char *message, uint32_t line, uint32_t col)
{
    Arena *arena = arena_new();
    SourceMap map;
    source_map_init(&map, arena);
    DiagList diags;
    diag_list_init(&diags, arena);
    uint32_t file = source_add(&map, "Project.lock", text, strlen(text));
    Lockfile read;
    assert_false(lock_parse(arena, &map, file, &read, &diags));
    assert_int_equal(diags.items.count, 1);
    const Diag *d = &diags.items.items[0];
    assert_string_equal(diag_code(d->id), "E3004");
    assert_string_equal(d->message, message);
    uint32_t l, c;
    source_line_col(source_file(&map, file), d->span.start, &l, &c);
    assert_int_equal(l, line);
    assert_int_equal(c, col);
    arena_free(arena);
}

static void every_parse_error(void **state)
{
    (void)state;
    parse_error("", "manifest validation error: lockfile header must be `# Project.lock v1`", 1, 1);
    parse_error("# Project.lock v1 \n", "manifest validation error: lockfile header must be `# Project.lock v1`", 1, 1);
    parse_error("# Project.lock v1\nroot_manifest=P\nproject_name=A\nwhat\n",
                "manifest validation error: invalid lockfile line `what`", 4, 1);
    parse_error("# Project.lock v1\nroot_manifest=P\nproject_name=A\n-name=A\n",
                "manifest validation error: invalid lockfile dependency line `-name=A`", 4, 1);
    parse_error("# Project.lock v1\nroot_manifest=P\nproject_name=A\n- name=A;oops\n",
                "manifest validation error: invalid lockfile dependency field `oops`", 4, 10);
    parse_error("# Project.lock v1\nroot_manifest=P\nproject_name=A\n- name=A;manifest=m;project=p;source_root=s\n",
                "manifest validation error: lockfile dependency entry missing `materialized_root`", 4, 1);
    parse_error("# Project.lock v1\nproject_name=A\n", "manifest validation error: lockfile missing `root_manifest`", 1,
                1);
    parse_error("# Project.lock v1\nroot_manifest=P\n", "manifest validation error: lockfile missing `project_name`", 1,
                1);
}

static void materialisation_names(void **state)
{
    (void)state;
    /* FNV-1a 64 reference values */
    assert_true(project_fnv1a64("") == 0xcbf29ce484222325ull);
    assert_true(project_fnv1a64("a") == 0xaf63dc4c8601ec8cull);
    Arena *arena = arena_new();
    assert_string_equal(project_sanitize(arena, "My App.v2-x_y"), "My_App_v2-x_y");
    arena_free(arena);
}

static void paths(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    assert_string_equal(path_relative(arena, "/w/app", "/w/core/Project.proj"), "../core/Project.proj");
    assert_string_equal(path_relative(arena, "/w/app", "/w/app/Project.proj"), "Project.proj");
    assert_string_equal(path_relative(arena, "/w/app", "/w/app"), ".");
    assert_string_equal(path_relative(arena, "/w/app", "/w/apple"), "../apple");
    assert_string_equal(path_relative(arena, "/", "/x/y"), "x/y");
    assert_string_equal(path_relative(arena, "/a/b/c", "/x"), "../../../x");
    assert_string_equal(path_normalize(arena, "a/./b/../c//d/"), "a/c/d");
    assert_string_equal(path_normalize(arena, "../x/../../y"), "../../y");
    assert_string_equal(path_normalize(arena, "/../a"), "/a");
    assert_string_equal(path_normalize(arena, "a/.."), ".");
    assert_string_equal(path_join(arena, "app", "../core"), "core");
    assert_string_equal(path_join(arena, "app", "/abs"), "/abs");
    assert_string_equal(path_basename(arena, "a/Src/"), "Src");
    assert_true(path_is_within("/w/app", "/w/app/Src/x.bd"));
    assert_false(path_is_within("/w/app", "/w/apple/x.bd"));
    arena_free(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(renders_sorted_lines_and_reads_back),
        cmocka_unit_test(every_parse_error),
        cmocka_unit_test(materialisation_names),
        cmocka_unit_test(paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
