/* test_aot.c: `beskid build` on hand-built artifacts (backend/aot): object
 * emission, executables that link against the shipped runtime and run,
 * static/shared outputs, and the validation and tool errors (E40xx) — each
 * failure must leave nothing behind in the output directory. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "artifact/ir.h"
#include "backend/aot/aot.h"
#include "support/diag.h"

typedef struct Fixture {
    Arena *arena;
    Artifact *a;
    DiagList diags;
    IrBuilder b;
    char dir[PATH_MAX];
    const char *source;
    const char *runtime_dir;
    char *text; /* printed lines */
} Fixture;

/* The shipped runtime: $BESKID_RT_DIR, else next to build/$MODE/tests/. */
static const char *runtime_dir(Arena *arena)
{
    const char *env = getenv("BESKID_RT_DIR");
    if (env)
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    assert_true(n > 0);
    exe[n] = '\0';
    return arena_strdup(arena, dirname(dirname(exe)));
}

static void fixture_init(Fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    fx->arena = arena_new();
    fx->a = ir_artifact_new(fx->arena);
    diag_list_init(&fx->diags, fx->arena);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/beskid_aot_XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    fx->source = arena_printf(fx->arena, "%s/prog.bd", fx->dir);
    fx->runtime_dir = runtime_dir(fx->arena);
}

static void fixture_free(Fixture *fx)
{
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    assert_int_equal(system(cmd), 0);
    free(fx->text);
    arena_free(fx->arena);
}

static IrFunc *begin(Fixture *fx, const char *name, IrType ret, IrResultKind kind)
{
    IrFunc *f = ir_func_new(fx->a, arena_printf(fx->arena, "_B%u%s", fx->a->funcs.count, name), ret, NULL, 0);
    f->source_name = arena_strdup(fx->arena, name);
    f->qualified_name = f->source_name;
    ir_block_new(fx->a, f);
    fx->b = (IrBuilder){.artifact = fx->a, .func = f, .block = 0, .loc = SPAN_NONE};
    IrEntry e = {.source_name = f->source_name, .qualified_name = f->qualified_name, .kind = IR_FUNC_FUNCTION,
                 .func = ir_func_index(fx->a, f), .result = kind};
    VEC_PUSH(fx->arena, &fx->a->entries, e);
    return f;
}

/* main() -> i32 { write(1, "hi\n"); return 42 } */
static void build_program(Fixture *fx)
{
    begin(fx, "main", IR_I32, IR_RESULT_I32);
    IrBuilder *b = &fx->b;
    uint32_t data = ir_data_string(fx->a, "hi\n", 3);
    uint32_t args[2] = {irb_data_addr(b, data), irb_iconst(b, IR_I64, 3)};
    uint32_t s = irb_call_rt(b, IR_RT_STR_NEW, args, 2);
    uint32_t w[2] = {irb_iconst(b, IR_I64, 1), s};
    irb_call_rt(b, IR_RT_SYSCALL_WRITE, w, 2);
    irb_ret(b, irb_iconst(b, IR_I32, 42));
}

static AotOptions default_options(Fixture *fx, AotKind kind)
{
    return (AotOptions){.source_path = fx->source, .kind = kind, .entrypoint = "main", .runtime_dir = fx->runtime_dir};
}

static bool build(Fixture *fx, const AotOptions *options)
{
    size_t len = 0;
    free(fx->text);
    fx->text = NULL;
    FILE *out = open_memstream(&fx->text, &len);
    bool ok = aot_build(fx->a, options, &fx->diags, out);
    fclose(out);
    return ok;
}

static bool exists(Fixture *fx, const char *name)
{
    struct stat st;
    return stat(arena_printf(fx->arena, "%s/%s", fx->dir, name), &st) == 0;
}

static int entries_in_dir(Fixture *fx)
{
    DIR *d = opendir(fx->dir);
    assert_non_null(d);
    int count = 0;
    for (struct dirent *e; (e = readdir(d));)
        count += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return count;
}

static void expect_error(Fixture *fx, const AotOptions *options, const char *code, const char *message)
{
    fx->diags.items.count = 0;
    assert_false(build(fx, options));
    assert_true(fx->diags.items.count >= 1);
    const Diag *d = &fx->diags.items.items[0];
    assert_string_equal(diag_code(d->id), code);
    if (message)
        assert_string_equal(d->message, message);
    assert_int_equal(entries_in_dir(fx), 0);
    assert_string_equal(fx->text, "");
}

static void test_object(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    build_program(&fx);
    AotOptions o = default_options(&fx, AOT_KIND_OBJECT);
    assert_true(build(&fx, &o));
    assert_string_equal(fx.text, arena_printf(fx.arena, "object: %s/prog.o\n", fx.dir));
    assert_true(exists(&fx, "prog.o"));
    assert_int_equal(entries_in_dir(&fx), 1);
    /* --output is the object path verbatim for --kind object, parents created */
    o.output = arena_printf(fx.arena, "%s/sub/dir/x.bin", fx.dir);
    assert_true(build(&fx, &o));
    assert_true(exists(&fx, "sub/dir/x.bin"));
    fixture_free(&fx);
}

static void test_exe_runs(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    build_program(&fx);
    AotOptions o = default_options(&fx, AOT_KIND_EXE);
    o.release = true;
    char *trace = NULL;
    size_t trace_len = 0;
    o.verbose_link = true;
    o.verbose_out = open_memstream(&trace, &trace_len);
    assert_true(build(&fx, &o));
    fclose(o.verbose_out);
    assert_non_null(strstr(trace, "[aot] link command: "));
    assert_non_null(strstr(trace, "-lgc -lpthread -ldl -lm -o "));
    free(trace);
    const char *expected = arena_printf(fx.arena,
                                        "object: %s/prog.o\noutput: %s/prog\n"
                                        "link: cc %s/prog.o %s/libbeskid_rt.a -lgc -lpthread -ldl -lm -o %s/prog\n",
                                        fx.dir, fx.dir, fx.dir, fx.runtime_dir, fx.dir);
    if (!getenv("CC") || !*getenv("CC"))
        assert_string_equal(fx.text, expected);
    assert_int_equal(entries_in_dir(&fx), 2);
    const char *cmd = arena_printf(fx.arena, "'%s/prog' > '%s/out.txt'", fx.dir, fx.dir);
    int status = system(cmd);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 42);
    FILE *f = fopen(arena_printf(fx.arena, "%s/out.txt", fx.dir), "r");
    char line[16] = {0};
    assert_non_null(fgets(line, sizeof line, f));
    fclose(f);
    assert_string_equal(line, "hi\n");
    fixture_free(&fx);
}

/* An executable panics like the JIT: `panic: division by zero`, status 101. */
static void test_exe_panics(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    IrFunc *helper = ir_func_new(fx.a, "_Bdiv", IR_I64, (IrType[]){IR_I64, IR_I64}, 2);
    ir_block_new(fx.a, helper);
    IrBuilder hb = {.artifact = fx.a, .func = helper, .block = 0, .loc = SPAN_NONE};
    irb_ret(&hb, irb_binary(&hb, IR_OP_SDIV, IR_I64, 0, 1));
    begin(&fx, "main", IR_I64, IR_RESULT_I64);
    uint32_t args[2] = {irb_iconst(&fx.b, IR_I64, 1), irb_iconst(&fx.b, IR_I64, 0)};
    irb_ret(&fx.b, irb_call(&fx.b, ir_func_index(fx.a, helper), args, 2));
    AotOptions o = default_options(&fx, AOT_KIND_EXE);
    assert_true(build(&fx, &o));
    const char *cmd = arena_printf(fx.arena, "'%s/prog' 2> '%s/err.txt'", fx.dir, fx.dir);
    int status = system(cmd);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 101);
    FILE *f = fopen(arena_printf(fx.arena, "%s/err.txt", fx.dir), "r");
    char line[64] = {0};
    assert_non_null(fgets(line, sizeof line, f));
    fclose(f);
    assert_string_equal(line, "panic: division by zero\n");
    fixture_free(&fx);
}

static void test_static_and_shared(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    build_program(&fx);
    IrFunc *f = fx.a->funcs.items[0];
    f->is_public = true;
    AotOptions o = default_options(&fx, AOT_KIND_STATIC);
    assert_true(build(&fx, &o));
    assert_true(exists(&fx, "libprog.a"));
    assert_non_null(strstr(fx.text, "link: ar -M < "));
    o = default_options(&fx, AOT_KIND_SHARED);
    const char *exports[1] = {"main"};
    o.exports = exports;
    o.export_count = 1;
    assert_true(build(&fx, &o));
    assert_true(exists(&fx, "libprog.so"));
    const char *cmd = arena_printf(fx.arena, "nm -D --defined-only '%s/libprog.so' | grep -q ' T main$'", fx.dir);
    assert_int_equal(system(cmd), 0);
    fixture_free(&fx);
}

static void test_validation(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    AotOptions o = default_options(&fx, AOT_KIND_EXE);
    expect_error(&fx, &o, "E4041", "Invalid build request: codegen artifact has no lowered functions for executable build");
    build_program(&fx);
    o.entrypoint = "  ";
    expect_error(&fx, &o, "E4041", "Invalid build request: entrypoint must not be empty");
    o.entrypoint = "start";
    expect_error(&fx, &o, "E4030", "Entrypoint symbol not found: start");
    o = default_options(&fx, AOT_KIND_EXE);
    o.runtime_archive = "/nonexistent/libbeskid_rt.a";
    expect_error(&fx, &o, "E4013", NULL);
    o.runtime_abi_version = "1";
    expect_error(&fx, &o, "E4012", "Runtime ABI version mismatch (expected 2, got 1)");
    o.runtime_abi_version = "2";
    expect_error(&fx, &o, "E4011", "Runtime archive not found at: /nonexistent/libbeskid_rt.a");
    o = default_options(&fx, AOT_KIND_EXE);
    o.runtime_dir = "/nonexistent";
    expect_error(&fx, &o, "E4011", NULL);
    o = default_options(&fx, AOT_KIND_EXE);
    o.target_triple = "wasm32-unknown-unknown";
    expect_error(&fx, &o, "E4022", NULL);
    fixture_free(&fx);
}

/* --runtime-archive: `nm -g` must show every runtime symbol (E4010). */
static void test_prebuilt_archive(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    build_program(&fx);
    char other[PATH_MAX];
    snprintf(other, sizeof other, "/tmp/beskid_aot_rt_XXXXXX");
    assert_non_null(mkdtemp(other));
    AotOptions o = default_options(&fx, AOT_KIND_EXE);
    o.runtime_archive = arena_printf(fx.arena, "%s/libbeskid_rt.a", fx.runtime_dir);
    o.runtime_abi_version = "2";
    assert_true(build(&fx, &o));
    assert_true(exists(&fx, "prog"));
    assert_int_equal(system(arena_printf(fx.arena, "rm -f '%s/prog' '%s/prog.o'", fx.dir, fx.dir)), 0);

    const char *fake = arena_printf(fx.arena, "%s/fake.a", other);
    FILE *f = fopen(fake, "w");
    fputs("not an archive\n", f);
    fclose(f);
    o.runtime_archive = fake;
    expect_error(&fx, &o, "E4010", arena_printf(fx.arena, "Runtime build failed: failed to inspect runtime archive symbols via `nm -g %s`", fake));

    AotOptions obj = default_options(&fx, AOT_KIND_OBJECT);
    obj.output = arena_printf(fx.arena, "%s/x.o", other);
    assert_true(build(&fx, &obj));
    const char *partial = arena_printf(fx.arena, "%s/partial.a", other);
    assert_int_equal(system(arena_printf(fx.arena, "ar rcs '%s' '%s/x.o'", partial, other)), 0);
    o.runtime_archive = partial;
    expect_error(&fx, &o, "E4010", NULL);
    assert_non_null(strstr(fx.diags.items.items[0].message, "is missing required symbols: alloc, str_new"));
    assert_int_equal(system(arena_printf(fx.arena, "rm -rf '%s'", other)), 0);
    fixture_free(&fx);
}

static void test_linker_errors(void **state)
{
    (void)state;
    Fixture fx;
    fixture_init(&fx);
    build_program(&fx);
    char *saved = getenv("CC") ? strdup(getenv("CC")) : NULL;
    AotOptions o = default_options(&fx, AOT_KIND_EXE);
    setenv("CC", "definitely-not-a-c-compiler", 1);
    expect_error(&fx, &o, "E4020", "Linker tool not available");
    setenv("CC", "false", 1);
    expect_error(&fx, &o, "E4021", NULL);
    if (saved) {
        setenv("CC", saved, 1);
        free(saved);
    } else {
        unsetenv("CC");
    }
    fixture_free(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_object),
        cmocka_unit_test(test_exe_runs),
        cmocka_unit_test(test_exe_panics),
        cmocka_unit_test(test_static_and_shared),
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_prebuilt_archive),
        cmocka_unit_test(test_linker_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
