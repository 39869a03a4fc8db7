/* codegen/cg_internal.h: state shared by the codegen files (module-level
 * declarations in cg_module.c, function bodies in cg_func.c). Everything LLVM
 * lives in these side tables, indexed by artifact ids; nothing leaves codegen. */
#ifndef BESKID_CODEGEN_CG_INTERNAL_H
#define BESKID_CODEGEN_CG_INTERNAL_H
#include <llvm-c/Core.h>

#include "artifact/ir.h"
#include "codegen/codegen.h"
#include "support/diag.h"

typedef struct Codegen {
    LLVMContextRef ctx;
    LLVMModuleRef module;
    LLVMBuilderRef builder;
    const Artifact *artifact;
    const CgOptions *options;
    DiagList *diags;
    LLVMValueRef *funcs;               /* by function index */
    LLVMTypeRef *func_types;           /* by function index */
    LLVMValueRef *data;                /* by data index */
    LLVMValueRef *externs;             /* by extern import index */
    LLVMTypeRef *extern_types;         /* by extern import index */
    LLVMValueRef rt_funcs[IR_RT__COUNT]; /* declared on first use */
    LLVMTypeRef rt_types[IR_RT__COUNT];
    LLVMValueRef rt_inline[IR_RT__COUNT]; /* inline bodies, made on first call (cg_inline.c) */
    LLVMValueRef *file_names; /* by source file index, each made on first use (cg_debug.c) */
    /* per function (cg_func.c) */
    const IrFunc *func;
    LLVMValueRef fn;
    LLVMValueRef *values; /* by value id; NULL until defined */
    LLVMValueRef *locals; /* allocas by local index */
    LLVMBasicBlockRef *blocks;
} Codegen;

LLVMTypeRef cg_type(Codegen *cg, IrType type);
/* The declaration of runtime function 'fn' (added to the module on first use). */
LLVMValueRef cg_runtime_func(Codegen *cg, IrRuntimeFn fn, LLVMTypeRef *type_out);
/* The callee of a call of 'fn': an inline body for the trivial runtime
 * functions (cg_inline.c), else the declaration. */
LLVMValueRef cg_runtime_callee(Codegen *cg, IrRuntimeFn fn, LLVMTypeRef *type_out);
/* Line and column of 'loc' (cg_debug.c); false when it names no source file. */
bool cg_line_col(const Codegen *cg, Span loc, uint32_t *line, uint32_t *col);
/* Before a panicking call (cold path only): names 'loc' as the location the
 * panic prints (beskid_rt_panic_location); nothing when 'loc' has none. */
void cg_panic_location(Codegen *cg, Span loc);
/* Translates the body of artifact function 'index'. */
void cg_define_func(Codegen *cg, uint32_t index);
#endif
