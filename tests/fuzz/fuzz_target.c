/* tests/fuzz/fuzz_target.c: the libFuzzer harnesses (issue 12), one per
 * FUZZ_TARGET (make fuzz-build):
 *   parse     lexer + parser
 *   check     parser + checker
 *   pipeline  parser, checker, lowering and the artifact verifier
 *   ir        IR text reader + verifier + codegen (the LLVM module, verified)
 * Every input is one source file; diagnostics are rendered to /dev/null so
 * the renderer runs too. A crash, a sanitizer report, a failed assertion or
 * a timeout is a finding; diagnostics are not. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "artifact/ir_parse.h"
#include "artifact/ir_verify.h"
#include "lower/lower.h"
#include "sema/sema.h"
#include "support/arena.h"
#include "support/diag.h"
#include "support/intern.h"
#include "support/source.h"
#include "syntax/parser.h"

#define FUZZ_PARSE 1
#define FUZZ_CHECK 2
#define FUZZ_PIPELINE 3
#define FUZZ_IR 4

#if FUZZ_TARGET == FUZZ_IR
#include <llvm-c/Core.h>

#include "codegen/codegen.h"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink(void)
{
    static FILE *null_file;
    if (!null_file)
        null_file = fopen("/dev/null", "w");
    return null_file;
}

#if FUZZ_TARGET == FUZZ_IR
static void run_codegen(const Artifact *a, DiagList *diags)
{
    static LLVMTargetMachineRef tm;
    if (!tm)
        tm = cg_host_target_machine(NULL, 0, diags); /* kept for the process */
    if (!tm)
        return;
    LLVMContextRef ctx = LLVMContextCreate();
    CgOptions options = {.target_machine = tm, .exe_entry_func = UINT32_MAX, .jit_entry_func = UINT32_MAX};
    LLVMModuleRef module = cg_build_module(ctx, a, &options, diags);
    if (module)
        LLVMDisposeModule(module);
    LLVMContextDispose(ctx);
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20)) /* the interesting inputs are small */
        return -1;
    Arena *arena = arena_new();
    Interner *interner = intern_new(arena);
    SourceMap map;
    source_map_init(&map, arena);
    DiagList diags;
    diag_list_init(&diags, arena);
#if FUZZ_TARGET == FUZZ_IR
    uint32_t file = source_add(&map, "fuzz.ir", (const char *)data, size);
    (void)interner;
    Artifact *a = ir_parse(arena, &map, file, &diags);
    if (a && ir_verify(a, &diags))
        run_codegen(a, &diags);
#else
    uint32_t file = source_add(&map, "fuzz.bd", (const char *)data, size);
    AstFile *ast = parse_file(arena, interner, &map, file, 0, &diags);
#if FUZZ_TARGET >= FUZZ_CHECK
    const SemaProgram *program = NULL;
    if (ast && !diag_has_errors(&diags))
        program = sema_check(arena, interner, &map, (const AstFile *const *)&ast, 1, &diags);
#if FUZZ_TARGET == FUZZ_PIPELINE
    if (program && !diag_has_errors(&diags)) {
        Artifact *a = lower_program(arena, program, &diags);
        if (a && !diag_has_errors(&diags))
            ir_verify(a, &diags);
    }
#else
    (void)program;
#endif
#else
    (void)ast;
#endif
#endif
    diag_render(sink(), &map, &diags);
    arena_free(arena);
    return 0;
}
