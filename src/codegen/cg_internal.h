/* codegen/cg_internal.h: state shared by the codegen files (module-level
 * declarations in cg_module.c, function bodies in cg_func.c). Everything LLVM
 * lives in these side tables, indexed by artifact ids; nothing leaves codegen. */
#ifndef BESKID_CODEGEN_CG_INTERNAL_H
#define BESKID_CODEGEN_CG_INTERNAL_H
#include <llvm-c/Core.h>
#include <llvm-c/DebugInfo.h>

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
    uint8_t *unused; /* by function index: 1 when nothing kept reaches it (not defined, cg_module.c) */
    LLVMTypeRef *func_types;           /* by function index */
    LLVMValueRef *data;                /* by data index */
    LLVMValueRef *externs;             /* by extern import index */
    LLVMTypeRef *extern_types;         /* by extern import index */
    LLVMValueRef rt_funcs[IR_RT__COUNT]; /* declared on first use */
    LLVMTypeRef rt_types[IR_RT__COUNT];
    LLVMValueRef rt_inline[IR_RT__COUNT]; /* inline bodies, made on first call (cg_inline.c) */
    LLVMValueRef *file_names; /* by source file index, each made on first use (cg_debug.c) */
    /* DWARF (cg_debug.c); 'dib' is NULL without debug information */
    LLVMDIBuilderRef dib;
    LLVMMetadataRef *di_files;          /* by source file index */
    LLVMMetadataRef di_types[IR_PTR + 1]; /* by IrType (not VOID) */
    LLVMMetadataRef di_scope;           /* the current function's subprogram */
    uint32_t di_file_index;             /* its file: other files' spans are not its lines */
    LLVMValueRef *twins; /* by function index: its recursive twin (cg_twin.c), or NULL */
    /* per function (cg_func.c) */
    const IrFunc *func;
    uint32_t func_index;
    LLVMValueRef fn;
    LLVMValueRef self_callee; /* what the body's calls of itself call */
    LLVMValueRef *values; /* by value id; NULL until defined */
    LLVMValueRef *locals; /* allocas by local index */
    LLVMBasicBlockRef *blocks;
} Codegen;

LLVMTypeRef cg_type(Codegen *cg, IrType type);
/* cg_export.c: the C functions of a library (CgOptions.c_exports). */
bool cg_emit_c_exports(Codegen *cg);
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
/* DWARF, when CgOptions.debug_info and the artifact has sources; each does
 * nothing otherwise. begin/end bracket the module; func_begin (after
 * cg->func and cg->fn are set, builder in the prologue) makes the subprogram,
 * locals declares the stack slots at the end of 'prologue', inst sets the
 * location of what follows, func_end closes the function. */
void cg_debug_begin(Codegen *cg);
void cg_debug_end(Codegen *cg);
void cg_debug_func_begin(Codegen *cg);
void cg_debug_locals(Codegen *cg, LLVMBasicBlockRef prologue);
void cg_debug_inst(Codegen *cg, const IrInst *inst);
void cg_debug_func_end(Codegen *cg);
/* Translates the body of artifact function 'index' (and of its twin). */
void cg_define_func(Codegen *cg, uint32_t index);
/* The body of artifact function 'index' into 'fn', its calls of itself
 * calling 'self_callee' (cg_func.c). */
void cg_define_body(Codegen *cg, uint32_t index, LLVMValueRef fn, LLVMValueRef self_callee);
/* cg_twin.c: recursive inlining, as gcc does for a self-recursive function.
 * A small function that calls itself gets a twin, an always-inline copy of
 * its body: the function calls the twin where it called itself and the twin
 * calls the function, so after inlining each call does two levels of the
 * recursion. Declared after the functions, when the module is optimised. */
void cg_declare_twins(Codegen *cg);
#endif
