/* tests/unit/test_manifest.c: the manifest parser (E3003, backends.md
 * §7.1) and the validation of Project.proj and Workspace.proj (E3004,
 * §7.2, §7.3): each message with its line and column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "project/manifest.h"
#include "project/project_manifest.h"

typedef struct Fixture {
    Arena *arena;
    SourceMap map;
    DiagList diags;
    uint32_t file;
} Fixture;

static void load(Fixture *f, const char *text)
{
    f->arena = arena_new();
    source_map_init(&f->map, f->arena);
    diag_list_init(&f->diags, f->arena);
    f->file = source_add(&f->map, "Project.proj", text, strlen(text));
}

/* The first diagnostic: its message, and its line and column. */
static void expect_error(Fixture *f, const char *code, const char *message, uint32_t line, uint32_t col)
{
    assert_true(f->diags.items.count >= 1);
    const Diag *d = &f->diags.items.items[0];
    assert_string_equal(diag_code(d->id), code);
    assert_string_equal(d->message, message);
    uint32_t l, c;
    source_line_col(source_file(&f->map, f->file), d->span.start, &l, &c);
    assert_int_equal(l, line);
    assert_int_equal(c, col);
}

static void parse_error(const char *text, ManifestKind kind, const char *message, uint32_t line, uint32_t col)
{
    Fixture f;
    load(&f, text);
    assert_null(manifest_parse(f.arena, &f.map, f.file, kind, &f.diags));
    expect_error(&f, "E3003", message, line, col);
    arena_free(f.arena);
}

static void blocks_entries_comments_and_spans(void **state)
{
    (void)state;
    Fixture f;
    load(&f, "# comment\nproject {  // trailing\n  name = \"A#b\"\n  name = \"Last\"\n  kind = App\n}\n\n"
             "target \"App\" {\n  entry = \"Main.bd\" # c\n}\n");
    Manifest *m = manifest_parse(f.arena, &f.map, f.file, MANIFEST_PROJECT, &f.diags);
    assert_non_null(m);
    assert_int_equal(f.diags.items.count, 0);
    assert_int_equal(m->blocks.count, 2);
    assert_string_equal(m->blocks.items[0].kind, "project");
    assert_null(m->blocks.items[0].label);
    assert_string_equal(manifest_entry(&m->blocks.items[0], "name")->value, "Last");
    assert_false(manifest_entry(&m->blocks.items[0], "kind")->quoted);
    assert_string_equal(m->blocks.items[1].label, "App");
    assert_string_equal(manifest_entry(&m->blocks.items[1], "entry")->value, "Main.bd");
    assert_null(manifest_entry(&m->blocks.items[1], "nope"));
    arena_free(f.arena);
    /* a `#` inside quotes is text */
    load(&f, "project {\n  name = \"a # b\"\n}\n");
    m = manifest_parse(f.arena, &f.map, f.file, MANIFEST_PROJECT, &f.diags);
    assert_string_equal(manifest_entry(&m->blocks.items[0], "name")->value, "a # b");
    arena_free(f.arena);
}

static void every_parse_error_has_its_line_and_column(void **state)
{
    (void)state;
    parse_error("workspace {\n}\nmember \"a\" { path = \"a\" }\n", MANIFEST_WORKSPACE,
                "manifest parse error at line 3: expected block opening `{`", 3, 14);
    parse_error("project\n", MANIFEST_PROJECT, "manifest parse error at line 1: expected block opening `{`", 1, 1);
    parse_error("  {\n}\n", MANIFEST_PROJECT, "manifest parse error at line 1: empty block header", 1, 3);
    parse_error("\"x\" {\n}\n", MANIFEST_PROJECT, "manifest parse error at line 1: missing block kind", 1, 1);
    parse_error("target App {\n}\n", MANIFEST_PROJECT,
                "manifest parse error at line 1: expected quoted label, found `App`", 1, 8);
    parse_error("project {\n  name \"x\"\n}\n", MANIFEST_PROJECT,
                "manifest parse error at line 2: expected key = value assignment", 2, 3);
    parse_error("project {\n   = \"x\"\n}\n", MANIFEST_PROJECT,
                "manifest parse error at line 2: assignment key cannot be empty", 2, 4);
    parse_error("project {\n  name = x\n}\n", MANIFEST_PROJECT,
                "manifest parse error at line 2: expected quoted string (or unquoted enum for this field), found `x`",
                2, 10);
    parse_error("target \"t\" {\n  kind =\n}\n", MANIFEST_PROJECT, "manifest parse error at line 2: expected identifier",
                2, 9);
    parse_error("target \"t\" {\n  kind = 9App\n}\n", MANIFEST_PROJECT,
                "manifest parse error at line 2: invalid identifier start in `9App`", 2, 10);
    parse_error("target \"t\" {\n  kind = A-pp\n}\n", MANIFEST_PROJECT,
                "manifest parse error at line 2: invalid identifier `A-pp`", 2, 10);
    parse_error("\n\nproject {\n  name = \"x\"\n", MANIFEST_PROJECT,
                "manifest parse error at line 3: missing closing `}` for `project` block", 3, 1);
    parse_error("project {\n  name = \"x\"\ntarget \"t\" {\n}\n", MANIFEST_PROJECT,
                "manifest parse error at line 3: missing closing `}` for `project` block", 3, 1);
    parse_error("package {\n}\n", MANIFEST_PROJECT, "manifest parse error at line 1: unknown block kind `package`", 1, 1);
    parse_error("project {\n}\n", MANIFEST_WORKSPACE, "manifest parse error at line 1: unknown block kind `project`", 1,
                1);
}

static void validation_error(const char *text, bool workspace, const char *message, uint32_t line, uint32_t col)
{
    Fixture f;
    load(&f, text);
    if (workspace)
        assert_null(workspace_manifest_read(f.arena, &f.map, f.file, &f.diags));
    else
        assert_null(project_manifest_read(f.arena, &f.map, f.file, &f.diags));
    expect_error(&f, "E3004", message, line, col);
    arena_free(f.arena);
}

#define PROJECT "project {\n  name = \"P\"\n  version = \"1\"\n}\n" /* 4 lines */
#define TARGET "target \"App\" {\n  kind = App\n  entry = \"Main.bd\"\n}\n" /* lines 5-8 after PROJECT */

static void project_validation_messages(void **state)
{
    (void)state;
    validation_error(TARGET, false, "manifest validation error: missing required `project` block", 1, 1);
    validation_error("project {\n  version = \"1\"\n}\n" TARGET, false,
                     "manifest validation error: missing required field `name`", 1, 1);
    validation_error("project {\n  name = \" \"\n  version = \"1\"\n}\n" TARGET, false,
                     "manifest validation error: `project.name` is required", 2, 11);
    validation_error("project {\n  name = \"P\"\n  version = \"\"\n}\n" TARGET, false,
                     "manifest validation error: `project.version` is required", 3, 14);
    validation_error("project {\n  name = \"P\"\n  version = \"1\"\n  root = \"\"\n}\n" TARGET, false,
                     "manifest validation error: `project.root` cannot be empty", 4, 11);
    validation_error(PROJECT, false, "manifest validation error: at least one `target` block is required", 1, 1);
    validation_error(PROJECT "target {\n  kind = App\n  entry = \"M.bd\"\n}\n", false,
                     "manifest validation error: target block must include a label", 5, 1);
    validation_error(PROJECT "target \"t\" {\n  kind = Blob\n  entry = \"M.bd\"\n}\n", false,
                     "manifest validation error: target `t` has unsupported kind `Blob` (expected App, Lib, or Test, "
                     "e.g. `kind = Lib`)",
                     6, 10);
    validation_error(PROJECT TARGET TARGET, false, "manifest validation error: duplicate target label `App`", 9, 9);
    validation_error(PROJECT "target \"t\" {\n  kind = App\n  entry = \"/abs.bd\"\n}\n", false,
                     "manifest validation error: target entry path must be relative: `/abs.bd`", 7, 12);
    validation_error(PROJECT "target \"t\" {\n  kind = App\n  entry = \"a/../../x.bd\"\n}\n", false,
                     "manifest validation error: target entry path cannot escape source root: `a/../../x.bd`", 7, 12);
    validation_error(PROJECT TARGET "dependency {\n  source = path\n  path = \"x\"\n}\n", false,
                     "manifest validation error: dependency block must include a label", 9, 1);
    validation_error(PROJECT TARGET "dependency \"D\" {\n  source = ftp\n}\n", false,
                     "manifest validation error: dependency `D` has unsupported source `ftp` (expected path, git, or "
                     "registry, e.g. `source = path`)",
                     10, 12);
    validation_error(PROJECT TARGET "dependency \"D\" {\n  source = path\n  path = \"a\"\n}\n"
                                    "dependency \"D\" {\n  source = path\n  path = \"b\"\n}\n",
                     false, "manifest validation error: duplicate dependency label `D`", 13, 13);
    validation_error(PROJECT TARGET "dependency \"D\" {\n  source = path\n}\n", false,
                     "manifest validation error: dependency `D` with source = path requires `path`", 9, 1);
    validation_error(PROJECT TARGET "dependency \"D\" {\n  source = git\n  rev = \"r\"\n}\n", false,
                     "manifest validation error: dependency `D` with source = git requires `url`", 9, 1);
    validation_error(PROJECT TARGET "dependency \"D\" {\n  source = git\n  url = \"u\"\n}\n", false,
                     "manifest validation error: dependency `D` with source = git requires `rev`", 9, 1);
    validation_error(PROJECT TARGET "dependency \"D\" {\n  source = registry\n}\n", false,
                     "manifest validation error: dependency `D` with source = registry requires `version`", 9, 1);
}

static void project_defaults_and_targets(void **state)
{
    (void)state;
    Fixture f;
    load(&f, PROJECT "target \"T\" {\n  kind = Test\n  entry = \"T.bd\"\n}\n" TARGET
                     "dependency \"std\" {\n  source = path\n}\nunknown_key_block_ignored_below {\n}\n");
    /* an unknown block kind is a parse error; without it the rest validates */
    assert_null(project_manifest_read(f.arena, &f.map, f.file, &f.diags));
    arena_free(f.arena);
    load(&f, PROJECT "target \"T\" {\n  kind = \"Test\"\n  entry = \"T.bd\"\n  other = \"ignored\"\n}\n" TARGET
                     "dependency \"std\" {\n  source = path\n}\n");
    const ProjectManifest *m = project_manifest_read(f.arena, &f.map, f.file, &f.diags);
    assert_non_null(m);
    assert_string_equal(m->root, "Src");
    assert_int_equal(m->target_count, 2);
    assert_string_equal(project_target(m, NULL)->label, "App"); /* the first App target */
    assert_string_equal(project_target(m, "T")->label, "T");
    assert_null(project_target(m, "Nope"));
    assert_int_equal(m->dependency_count, 1);
    assert_null(m->dependencies[0].path); /* Std (any case) needs no path */
    assert_true(project_is_std_label("sTd"));
    arena_free(f.arena);
}

static void workspace_validation_messages(void **state)
{
    (void)state;
    validation_error("member \"a\" {\n  path = \"a\"\n}\n", true,
                     "manifest validation error: missing required `workspace` block", 1, 1);
    validation_error("workspace {\n  name = \"\"\n}\n", true, "manifest validation error: `workspace.name` is required", 2,
                     11);
    validation_error("workspace {\n  name = \"W\"\n  resolver = \"\"\n}\n", true,
                     "manifest validation error: `workspace.resolver` cannot be empty", 3, 15);
    validation_error("workspace {\n  name = \"W\"\n}\nmember {\n  path = \"a\"\n}\n", true,
                     "manifest validation error: member block must include a label", 4, 1);
    validation_error("workspace {\n  name = \"W\"\n}\nmember \"a\" {\n  path = \"a\"\n}\nmember \"a\" {\n  path = \"b\"\n}\n",
                     true, "manifest validation error: duplicate member label `a`", 7, 9);
    validation_error("workspace {\n  name = \"W\"\n}\nmember \"a\" {\n  path = \"\"\n}\n", true,
                     "manifest validation error: member `a` requires non-empty `path`", 5, 11);
    validation_error("workspace {\n  name = \"W\"\n}\nmember \"a\" {\n  path = \"/a\"\n}\n", true,
                     "manifest validation error: member path must be relative: `/a`", 5, 11);
    validation_error("workspace {\n  name = \"W\"\n}\nmember \"a\" {\n  path = \"../a\"\n}\n", true,
                     "manifest validation error: member path cannot escape workspace root: `../a`", 5, 11);
    validation_error("workspace {\n  name = \"W\"\n}\noverride {\n  version = \"1\"\n}\n", true,
                     "manifest validation error: override block must include a label", 4, 1);
    validation_error("workspace {\n  name = \"W\"\n}\noverride \"J\" {\n}\n", true,
                     "manifest validation error: override `J` requires non-empty `version`", 4, 1);
    validation_error("workspace {\n  name = \"W\"\n}\nregistry \"r\" {\n  url = \"u\"\n}\nregistry \"r\" {\n  url = \"v\"\n}\n",
                     true, "manifest validation error: duplicate registry label `r`", 7, 11);
    validation_error("workspace {\n  name = \"W\"\n}\nregistry \"r\" {\n}\n", true,
                     "manifest validation error: registry `r` requires non-empty `url`", 4, 1);
    Fixture f;
    load(&f, "workspace {\n  name = \"W\"\n}\nmember \"a\" {\n  path = \"x/a\"\n}\noverride \"J\" {\n  version = \"2\"\n}\n");
    const WorkspaceManifest *w = workspace_manifest_read(f.arena, &f.map, f.file, &f.diags);
    assert_non_null(w);
    assert_string_equal(w->resolver, "v1");
    assert_int_equal(w->member_count, 1);
    assert_string_equal(w->members[0].path, "x/a");
    assert_int_equal(w->override_count, 1);
    arena_free(f.arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(blocks_entries_comments_and_spans),
        cmocka_unit_test(every_parse_error_has_its_line_and_column),
        cmocka_unit_test(project_validation_messages),
        cmocka_unit_test(project_defaults_and_targets),
        cmocka_unit_test(workspace_validation_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
