/* test_codegen.c: artifact -> LLVM IR (codegen), in two roles.
 * As a cmocka test it covers what has no IR text: the target checks and
 * entrypoint resolution over hand-made entries. As a driver
 * (`test_codegen --emit-llvm [-O<n>] [--before-passes] [--local-private]
 * [--exe-entry NAME] FILE.ir`, lit's %cg-llvm; --before-passes prints the
 * module built for -O<n> before the optimiser runs) it reads an artifact in text form, verifies it,
 * builds the module, requires LLVMVerifyModule to pass and prints the LLVM
 * IR, so the .ir files of tests/lit/codegen/ can FileCheck the decisions of backends.md
 * §0a item 12 (checked division, saturating conversion, no nsw/nuw),
 * linkage, data and the exe shim. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <llvm-c/Analysis.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "artifact/ir.h"
#include "artifact/ir_parse.h"
#include "artifact/ir_verify.h"
#include "codegen/codegen.h"
#include "support/diag.h"

/* Driver mode; returns the process status. */
static int emit_llvm(int argc, char **argv)
{
    int opt_level = 0;
    bool local_private = false, before_passes = false;
    const char *exe_entry = NULL, *path = NULL;
    for (int i = 2; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1] == 'O' && argv[i][2] >= '0' && argv[i][2] <= '3' && !argv[i][3])
            opt_level = argv[i][2] - '0';
        else if (strcmp(argv[i], "--local-private") == 0)
            local_private = true;
        else if (strcmp(argv[i], "--before-passes") == 0)
            before_passes = true;
        else if (strcmp(argv[i], "--exe-entry") == 0 && i + 1 < argc)
            exe_entry = argv[++i];
        else if (!path && argv[i][0] != '-')
            path = argv[i];
        else {
            fprintf(stderr, "usage: %s --emit-llvm [-O<n>] [--before-passes] [--local-private] [--exe-entry NAME] FILE.ir\n",
                    argv[0]);
            return 2;
        }
    }
    if (!path)
        return 2;
    Arena *arena = arena_new();
    SourceMap map;
    source_map_init(&map, arena);
    DiagList diags;
    diag_list_init(&diags, arena);
    uint32_t file = 0;
    int status = 1;
    LLVMContextRef ctx = LLVMContextCreate();
    LLVMTargetMachineRef tm = NULL;
    LLVMModuleRef module = NULL;
    Artifact *a = NULL;
    if (source_load(&map, path, SOURCE_DEFAULT_LIMIT, &file) != SOURCE_OK) {
        fprintf(stderr, "cannot read %s\n", path);
        goto done;
    }
    a = ir_parse(arena, &map, file, &diags);
    if (!a || !ir_verify(a, &diags) || !(tm = cg_host_target_machine(NULL, opt_level, &diags)))
        goto done;
    CgOptions options = {.target_machine = tm,
                         .local_private_symbols = local_private,
                         .exe_entry_func = UINT32_MAX,
                         .optimize = opt_level > 0};
    if (exe_entry) {
        uint32_t entry = 0;
        if (cg_find_entry(a, exe_entry, &entry) != CG_ENTRY_OK) {
            fprintf(stderr, "no entry %s\n", exe_entry);
            goto done;
        }
        options.exe_entry_func = a->entries.items[entry].func;
        options.exe_entry_result = a->entries.items[entry].result;
    }
    module = cg_build_module(ctx, a, &options, &diags);
    if (!module)
        goto done;
    char *message = NULL;
    if (LLVMVerifyModule(module, LLVMReturnStatusAction, &message)) {
        fprintf(stderr, "LLVM module does not verify: %s\n", message);
        LLVMDisposeMessage(message);
        goto done;
    }
    LLVMDisposeMessage(message);
    if (opt_level > 0 && !before_passes && !cg_optimize(module, tm, opt_level, &diags))
        goto done;
    char *ir = LLVMPrintModuleToString(module);
    fputs(ir, stdout);
    LLVMDisposeMessage(ir);
    status = 0;
done:
    diag_render(stderr, &map, &diags);
    if (module)
        LLVMDisposeModule(module);
    if (tm)
        LLVMDisposeTargetMachine(tm);
    LLVMContextDispose(ctx);
    arena_free(arena);
    return status;
}

static void test_target_checks(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    DiagList diags;
    diag_list_init(&diags, arena);
    assert_null(cg_host_target_machine("nonsense-triple-xyz", 0, &diags));
    assert_null(cg_host_target_machine("i686-unknown-linux-gnu", 0, &diags));
    assert_int_equal(diags.items.count, 2);
    assert_string_equal(diag_code(diags.items.items[0].id), "E4001");
    assert_non_null(strstr(diags.items.items[1].message, "64-bit little-endian"));
    LLVMTargetMachineRef tm = cg_host_target_machine("aarch64-unknown-linux-gnu", 2, &diags);
    assert_non_null(tm);
    LLVMDisposeTargetMachine(tm);
    arena_free(arena);
}

static void test_entry_resolution(void **state)
{
    (void)state;
    Arena *arena = arena_new();
    Artifact *a = ir_artifact_new(arena);
    IrEntry entries[] = {
        {.source_name = "main", .qualified_name = "main", .kind = IR_FUNC_FUNCTION},
        {.source_name = "main", .qualified_name = "m::main", .kind = IR_FUNC_FUNCTION, .func = 1},
        {.source_name = "go", .qualified_name = "a::go", .kind = IR_FUNC_FUNCTION},
        {.source_name = "go", .qualified_name = "b::go", .kind = IR_FUNC_TEST},
        {.source_name = "m", .qualified_name = "T::m", .kind = IR_FUNC_METHOD},
    };
    for (unsigned i = 0; i < sizeof entries / sizeof entries[0]; i++)
        VEC_PUSH(arena, &a->entries, entries[i]);
    uint32_t index = 99;
    assert_int_equal(cg_find_entry(a, "main", &index), CG_ENTRY_OK);
    assert_int_equal(index, 0);
    assert_int_equal(cg_find_entry(a, "m::main", &index), CG_ENTRY_OK);
    assert_int_equal(index, 1);
    assert_int_equal(cg_find_entry(a, "go", &index), CG_ENTRY_AMBIGUOUS);
    assert_int_equal(cg_find_entry(a, "b::go", &index), CG_ENTRY_OK);
    assert_int_equal(cg_find_entry(a, "m", &index), CG_ENTRY_MISSING);
    assert_int_equal(cg_find_entry(a, "T::m", &index), CG_ENTRY_MISSING);
    arena_free(arena);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--emit-llvm") == 0)
        return emit_llvm(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_target_checks),
        cmocka_unit_test(test_entry_resolution),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
