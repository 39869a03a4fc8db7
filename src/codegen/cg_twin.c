/* codegen/cg_twin.c: recursive inlining (cg_internal.h). LLVM never inlines
 * a function into itself; gcc inlines a small self-recursive function into
 * itself a few levels. The twin gives LLVM the same shape: function F calls
 * twin T where it called itself, T (always inlined) calls F, so after
 * inlining F's body holds two levels of the recursion, and the optimiser
 * sees across them (common subexpressions, tail calls, fewer calls and
 * frames). Only under optimisation, and only for small bodies that compute
 * on their arguments alone (worth_a_twin). */
#include <string.h>

#include "codegen/cg_internal.h"

/* A body this small (in artifact instructions) is worth a second copy. */
#define TWIN_MAX_INSTS 64

/* Small, calls itself, and computes on its arguments alone (no memory read
 * or written, no other call but a panic). Where the body touches memory,
 * LLVM's own tail-recursion elimination already does well and a second copy
 * of the body only gets in its way (a tree walker ran 38 % more
 * instructions with a twin, a tree builder 5 % slower); where it computes
 * alone, the two levels' repeated calls are merged (`fib`). */
static bool worth_a_twin(const Artifact *a, const IrFunc *f, uint32_t index)
{
    uint32_t count = 0;
    bool self = false;
    for (uint32_t b = 0; b < f->blocks.count; b++) {
        count += f->blocks.items[b].insts.count;
        for (uint32_t i = 0; i < f->blocks.items[b].insts.count; i++) {
            const IrInst *inst = &f->blocks.items[b].insts.items[i];
            switch (inst->op) {
            case IR_OP_CALL:
                if (inst->target != index)
                    return false;
                self = true;
                break;
            case IR_OP_CALL_RT: /* a panic is the one runtime call a pure body makes */
                if (inst->target >= a->runtime_imports.count ||
                    !ir_runtime_noreturn(a->runtime_imports.items[inst->target].fn))
                    return false;
                break;
            case IR_OP_LOAD:
            case IR_OP_LOAD_FINAL:
            case IR_OP_STORE:
            case IR_OP_CALL_EXTERN:
            case IR_OP_CALL_INDIRECT: return false;
            default: break;
            }
        }
    }
    return self && count <= TWIN_MAX_INSTS;
}

static bool has_attr(LLVMValueRef fn, const char *name)
{
    unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
    return LLVMGetEnumAttributeAtIndex(fn, LLVMAttributeFunctionIndex, kind) != NULL;
}

static void copy_attributes_at(LLVMValueRef from, LLVMValueRef to, LLVMAttributeIndex at)
{
    unsigned n = LLVMGetAttributeCountAtIndex(from, at);
    if (!n)
        return;
    LLVMAttributeRef attrs[n];
    LLVMGetAttributesAtIndex(from, at, attrs);
    for (unsigned i = 0; i < n; i++)
        LLVMAddAttributeAtIndex(to, at, attrs[i]);
}

/* The function's own attributes, its result's and its parameters'. */
static void copy_attributes(LLVMValueRef from, LLVMValueRef to, uint32_t param_count)
{
    copy_attributes_at(from, to, LLVMAttributeFunctionIndex);
    copy_attributes_at(from, to, LLVMAttributeReturnIndex);
    for (uint32_t i = 1; i <= param_count; i++)
        copy_attributes_at(from, to, i);
}

void cg_declare_twins(Codegen *cg)
{
    const Artifact *a = cg->artifact;
    cg->twins = ARENA_ARRAY(a->arena, LLVMValueRef, a->funcs.count + 1);
    if (!cg->options->optimize)
        return;
    unsigned always = LLVMGetEnumAttributeKindForName("alwaysinline", 12);
    bool twinned = false;
    for (uint32_t i = 0; i < a->funcs.count; i++) {
        const IrFunc *f = a->funcs.items[i];
        LLVMValueRef fn = cg->funcs[i];
        /* not built at all (cg_module.c); the budget's verdicts stand (cg_budget.c) */
        if (cg->unused[i] || !worth_a_twin(a, f, i) || has_attr(fn, "noinline") || has_attr(fn, "optnone"))
            continue;
        /* `.` never occurs in a mangled symbol: the name is fresh */
        LLVMValueRef twin = LLVMAddFunction(cg->module, arena_printf(a->arena, "%s.rec", f->symbol), cg->func_types[i]);
        LLVMSetLinkage(twin, LLVMInternalLinkage);
        copy_attributes(fn, twin, f->param_count);
        LLVMAddAttributeAtIndex(twin, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(cg->ctx, always, 0));
        cg->twins[i] = twin;
        twinned = true;
    }
    /* cg_optimize reads it: a cleanup after the pipeline */
    if (twinned)
        LLVMAddModuleFlag(cg->module, LLVMModuleFlagBehaviorOverride, CG_TWINS_FLAG, strlen(CG_TWINS_FLAG),
                          LLVMValueAsMetadata(LLVMConstInt(LLVMInt32TypeInContext(cg->ctx), 1, false)));
}
