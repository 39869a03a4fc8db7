/* codegen/cg_func.c: one artifact function → one LLVM function body. Locals
 * become entry-block allocas (mem2reg/SROA promote them), blocks map 1:1 and
 * are translated in dominator-respecting DFS order so every operand is
 * defined before use. Division is checked here (backends.md §0a item 12). */
#include <string.h>

#include "codegen/cg_internal.h"
#include "support/check.h"

static LLVMValueRef value(Codegen *cg, uint32_t id)
{
    BSK_ASSERT(id < cg->func->value_types.count);
    if (!cg->values[id]) /* only in unreachable code whose definer was skipped */
        return LLVMGetUndef(cg_type(cg, cg->func->value_types.items[id]));
    return cg->values[id];
}

static LLVMValueRef arg(Codegen *cg, const IrInst *inst, uint32_t index)
{
    BSK_ASSERT(index < inst->arg_count);
    return value(cg, inst->args[index]);
}

/* A block that panics through a noreturn runtime function, naming 'loc';
 * never falls through. */
static LLVMBasicBlockRef panic_block(Codegen *cg, IrRuntimeFn fn, Span loc, const char *name)
{
    LLVMBasicBlockRef saved = LLVMGetInsertBlock(cg->builder);
    LLVMBasicBlockRef block = LLVMAppendBasicBlockInContext(cg->ctx, cg->fn, name);
    LLVMPositionBuilderAtEnd(cg->builder, block);
    cg_panic_location(cg, loc);
    LLVMTypeRef type;
    LLVMValueRef callee = cg_runtime_func(cg, fn, &type);
    LLVMBuildCall2(cg->builder, type, callee, NULL, 0, "");
    LLVMBuildUnreachable(cg->builder);
    LLVMPositionBuilderAtEnd(cg->builder, saved);
    return block;
}

/* Branches to a panic when 'cond' holds and continues in a fresh block. */
static void guard(Codegen *cg, LLVMValueRef cond, IrRuntimeFn fn, Span loc, const char *name)
{
    LLVMBasicBlockRef fail = panic_block(cg, fn, loc, name);
    LLVMBasicBlockRef cont = LLVMAppendBasicBlockInContext(cg->ctx, cg->fn, "ok");
    LLVMBuildCondBr(cg->builder, cond, fail, cont);
    LLVMPositionBuilderAtEnd(cg->builder, cont);
}

static LLVMValueRef checked_div(Codegen *cg, IrOp op, Span loc, LLVMValueRef lhs, LLVMValueRef rhs)
{
    LLVMBuilderRef b = cg->builder;
    LLVMTypeRef type = LLVMTypeOf(lhs);
    LLVMValueRef zero = LLVMConstInt(type, 0, false);
    guard(cg, LLVMBuildICmp(b, LLVMIntEQ, rhs, zero, "divzero"), IR_RT_PANIC_DIV_ZERO, loc, "div_zero");
    LLVMValueRef minus_one = LLVMConstAllOnes(type);
    switch (op) {
    case IR_OP_SDIV: {
        unsigned bits = LLVMGetIntTypeWidth(type);
        LLVMValueRef min = LLVMConstInt(type, 1ull << (bits - 1), false);
        LLVMValueRef is_min = LLVMBuildICmp(b, LLVMIntEQ, lhs, min, "");
        LLVMValueRef is_m1 = LLVMBuildICmp(b, LLVMIntEQ, rhs, minus_one, "");
        guard(cg, LLVMBuildAnd(b, is_min, is_m1, "overflow"), IR_RT_PANIC_OVERFLOW, loc, "overflow");
        return LLVMBuildSDiv(b, lhs, rhs, "");
    }
    case IR_OP_SREM: {
        /* x % -1 == x % 1 == 0, and MIN % 1 cannot trap. */
        LLVMValueRef is_m1 = LLVMBuildICmp(b, LLVMIntEQ, rhs, minus_one, "");
        LLVMValueRef safe = LLVMBuildSelect(b, is_m1, LLVMConstInt(type, 1, false), rhs, "");
        return LLVMBuildSRem(b, lhs, safe, "");
    }
    case IR_OP_UDIV: return LLVMBuildUDiv(b, lhs, rhs, "");
    case IR_OP_UREM: return LLVMBuildURem(b, lhs, rhs, "");
    default: BSK_UNREACHABLE();
    }
}

static LLVMIntPredicate int_pred(IrCond cond)
{
    switch (cond) {
    case IR_COND_EQ: return LLVMIntEQ;
    case IR_COND_NE: return LLVMIntNE;
    case IR_COND_SLT: return LLVMIntSLT;
    case IR_COND_SLE: return LLVMIntSLE;
    case IR_COND_SGT: return LLVMIntSGT;
    case IR_COND_SGE: return LLVMIntSGE;
    case IR_COND_ULT: return LLVMIntULT;
    case IR_COND_ULE: return LLVMIntULE;
    case IR_COND_UGT: return LLVMIntUGT;
    case IR_COND_UGE: return LLVMIntUGE;
    default: BSK_UNREACHABLE();
    }
}

/* Ordered comparisons, except `ne`, which is true for NaN. */
static LLVMRealPredicate real_pred(IrCond cond)
{
    switch (cond) {
    case IR_COND_EQ: return LLVMRealOEQ;
    case IR_COND_NE: return LLVMRealUNE;
    case IR_COND_FLT:
    case IR_COND_SLT: return LLVMRealOLT;
    case IR_COND_FLE:
    case IR_COND_SLE: return LLVMRealOLE;
    case IR_COND_FGT:
    case IR_COND_SGT: return LLVMRealOGT;
    case IR_COND_FGE:
    case IR_COND_SGE: return LLVMRealOGE;
    default: BSK_UNREACHABLE();
    }
}

/* Integer width changes; pointers take part through ptrtoint/inttoptr. */
static LLVMValueRef int_cast(Codegen *cg, IrOp op, LLVMValueRef v, IrType to)
{
    LLVMTypeRef dst = cg_type(cg, to);
    LLVMTypeRef src = LLVMTypeOf(v);
    if (src == dst)
        return v;
    if (LLVMGetTypeKind(src) == LLVMPointerTypeKind)
        return LLVMBuildPtrToInt(cg->builder, v, dst, "");
    if (to == IR_PTR)
        return LLVMBuildIntToPtr(cg->builder, v, dst, "");
    unsigned from_bits = LLVMGetIntTypeWidth(src), to_bits = LLVMGetIntTypeWidth(dst);
    if (to_bits < from_bits)
        return LLVMBuildTrunc(cg->builder, v, dst, "");
    if (op == IR_OP_SEXT)
        return LLVMBuildSExt(cg->builder, v, dst, "");
    return LLVMBuildZExt(cg->builder, v, dst, "");
}

static LLVMValueRef saturating_fp_to_int(Codegen *cg, bool is_signed, LLVMValueRef v, IrType to)
{
    const char *name = is_signed ? "llvm.fptosi.sat" : "llvm.fptoui.sat";
    unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
    BSK_ASSERT(id != 0);
    LLVMTypeRef overloads[2] = {cg_type(cg, to), LLVMDoubleTypeInContext(cg->ctx)};
    LLVMValueRef fn = LLVMGetIntrinsicDeclaration(cg->module, id, overloads, 2);
    LLVMTypeRef type = LLVMIntrinsicGetType(cg->ctx, id, overloads, 2);
    return LLVMBuildCall2(cg->builder, type, fn, &v, 1, "");
}

static LLVMValueRef address(Codegen *cg, LLVMValueRef ptr, int64_t offset)
{
    if (offset == 0)
        return ptr;
    LLVMTypeRef i8 = LLVMInt8TypeInContext(cg->ctx);
    LLVMValueRef index = LLVMConstInt(LLVMInt64TypeInContext(cg->ctx), (unsigned long long)offset, true);
    return LLVMBuildGEP2(cg->builder, i8, ptr, &index, 1, "");
}

static LLVMValueRef call(Codegen *cg, LLVMTypeRef type, LLVMValueRef callee, const IrInst *inst, uint32_t first)
{
    uint32_t count = inst->arg_count - first;
    LLVMValueRef args[count ? count : 1];
    for (uint32_t i = 0; i < count; i++)
        args[i] = arg(cg, inst, first + i);
    return LLVMBuildCall2(cg->builder, type, callee, args, count, "");
}

static LLVMValueRef emit_call(Codegen *cg, const IrInst *inst)
{
    const Artifact *a = cg->artifact;
    switch (inst->op) {
    case IR_OP_CALL: {
        BSK_ASSERT(inst->target < a->funcs.count);
        LLVMValueRef callee = inst->target == cg->func_index ? cg->self_callee : cg->funcs[inst->target];
        return call(cg, cg->func_types[inst->target], callee, inst, 0);
    }
    case IR_OP_CALL_RT: {
        BSK_ASSERT(inst->target < a->runtime_imports.count);
        IrRuntimeFn rt = a->runtime_imports.items[inst->target].fn;
        if (ir_runtime_noreturn(rt)) /* a panic: its path is already cold */
            cg_panic_location(cg, inst->loc);
        LLVMTypeRef type;
        LLVMValueRef fn = cg_runtime_callee(cg, rt, &type);
        return call(cg, type, fn, inst, 0);
    }
    case IR_OP_CALL_EXTERN:
        BSK_ASSERT(inst->target < a->extern_imports.count);
        return call(cg, cg->extern_types[inst->target], cg->externs[inst->target], inst, 0);
    case IR_OP_CALL_INDIRECT: {
        BSK_ASSERT(inst->arg_count >= 1);
        uint32_t count = inst->arg_count - 1;
        LLVMTypeRef params[count ? count : 1];
        for (uint32_t i = 0; i < count; i++)
            params[i] = cg_type(cg, cg->func->value_types.items[inst->args[i + 1]]);
        LLVMTypeRef type = LLVMFunctionType(cg_type(cg, inst->type), params, count, false);
        return call(cg, type, arg(cg, inst, 0), inst, 1);
    }
    default: BSK_UNREACHABLE();
    }
}

static LLVMValueRef truth(Codegen *cg, LLVMValueRef i1)
{
    return LLVMBuildZExt(cg->builder, i1, LLVMInt8TypeInContext(cg->ctx), "");
}

/* Emits one instruction; returns its value (NULL for none). */
static LLVMValueRef emit_inst(Codegen *cg, const IrInst *inst)
{
    LLVMBuilderRef b = cg->builder;
    LLVMTypeRef type = cg_type(cg, inst->type);
    switch (inst->op) {
    case IR_OP_ICONST:
        if (inst->type == IR_PTR) {
            LLVMValueRef bits = LLVMConstInt(LLVMInt64TypeInContext(cg->ctx), (unsigned long long)inst->imm, false);
            return inst->imm == 0 ? LLVMConstPointerNull(type) : LLVMBuildIntToPtr(b, bits, type, "");
        }
        return LLVMConstInt(type, (unsigned long long)inst->imm, true);
    case IR_OP_FCONST: return LLVMConstReal(type, inst->fimm);
    case IR_OP_ADD: return LLVMBuildAdd(b, arg(cg, inst, 0), arg(cg, inst, 1), "");
    case IR_OP_SUB: return LLVMBuildSub(b, arg(cg, inst, 0), arg(cg, inst, 1), "");
    case IR_OP_MUL: return LLVMBuildMul(b, arg(cg, inst, 0), arg(cg, inst, 1), "");
    case IR_OP_SDIV:
    case IR_OP_SREM:
    case IR_OP_UDIV:
    case IR_OP_UREM: return checked_div(cg, inst->op, inst->loc, arg(cg, inst, 0), arg(cg, inst, 1));
    case IR_OP_FADD: return LLVMBuildFAdd(b, arg(cg, inst, 0), arg(cg, inst, 1), "");
    case IR_OP_FSUB: return LLVMBuildFSub(b, arg(cg, inst, 0), arg(cg, inst, 1), "");
    case IR_OP_FMUL: return LLVMBuildFMul(b, arg(cg, inst, 0), arg(cg, inst, 1), "");
    case IR_OP_FDIV: return LLVMBuildFDiv(b, arg(cg, inst, 0), arg(cg, inst, 1), "");
    case IR_OP_NEG: return LLVMBuildNeg(b, arg(cg, inst, 0), "");
    case IR_OP_FNEG: return LLVMBuildFNeg(b, arg(cg, inst, 0), "");
    case IR_OP_NOT: return LLVMBuildXor(b, arg(cg, inst, 0), LLVMConstInt(LLVMInt8TypeInContext(cg->ctx), 1, false), "");
    case IR_OP_ICMP: {
        LLVMValueRef lhs = arg(cg, inst, 0), rhs = arg(cg, inst, 1);
        return truth(cg, LLVMBuildICmp(b, int_pred(inst->cond), lhs, rhs, ""));
    }
    case IR_OP_FCMP:
        return truth(cg, LLVMBuildFCmp(b, real_pred(inst->cond), arg(cg, inst, 0), arg(cg, inst, 1), ""));
    case IR_OP_SEXT:
    case IR_OP_ZEXT:
    case IR_OP_TRUNC: return int_cast(cg, inst->op, arg(cg, inst, 0), inst->type);
    case IR_OP_SITOFP: return LLVMBuildSIToFP(b, arg(cg, inst, 0), type, "");
    case IR_OP_UITOFP: return LLVMBuildUIToFP(b, arg(cg, inst, 0), type, "");
    case IR_OP_FPTOSI: return saturating_fp_to_int(cg, true, arg(cg, inst, 0), inst->type);
    case IR_OP_FPTOUI: return saturating_fp_to_int(cg, false, arg(cg, inst, 0), inst->type);
    case IR_OP_LOCAL_GET:
        BSK_ASSERT(inst->target < cg->func->locals.count);
        return LLVMBuildLoad2(b, type, cg->locals[inst->target], "");
    case IR_OP_LOCAL_SET:
        BSK_ASSERT(inst->target < cg->func->locals.count);
        LLVMBuildStore(b, arg(cg, inst, 0), cg->locals[inst->target]);
        return NULL;
    case IR_OP_LOAD: return LLVMBuildLoad2(b, type, address(cg, arg(cg, inst, 0), inst->imm), "");
    case IR_OP_LOAD_FINAL: { /* the value the object was made with: loads of it fold across calls */
        LLVMValueRef load = LLVMBuildLoad2(b, type, address(cg, arg(cg, inst, 0), inst->imm), "");
        LLVMSetMetadata(load, LLVMGetMDKindIDInContext(cg->ctx, "invariant.load", 14),
                        LLVMMetadataAsValue(cg->ctx, LLVMMDNodeInContext2(cg->ctx, NULL, 0)));
        return load;
    }
    case IR_OP_STORE:
        LLVMBuildStore(b, arg(cg, inst, 1), address(cg, arg(cg, inst, 0), inst->imm));
        return NULL;
    case IR_OP_PTR_ADD: {
        LLVMValueRef offset = arg(cg, inst, 1);
        return LLVMBuildGEP2(b, LLVMInt8TypeInContext(cg->ctx), arg(cg, inst, 0), &offset, 1, "");
    }
    case IR_OP_DATA_ADDR:
        BSK_ASSERT(inst->target < cg->artifact->data.count);
        return cg->data[inst->target];
    case IR_OP_FUNC_ADDR:
        BSK_ASSERT(inst->target < cg->artifact->funcs.count);
        return cg->funcs[inst->target];
    case IR_OP_CALL:
    case IR_OP_CALL_RT:
    case IR_OP_CALL_EXTERN:
    case IR_OP_CALL_INDIRECT: {
        LLVMValueRef result = emit_call(cg, inst);
        return inst->type == IR_VOID ? NULL : result;
    }
    case IR_OP_JMP:
        BSK_ASSERT(inst->target < cg->func->blocks.count);
        LLVMBuildBr(b, cg->blocks[inst->target]);
        return NULL;
    case IR_OP_BR: {
        BSK_ASSERT(inst->target < cg->func->blocks.count && inst->target2 < cg->func->blocks.count);
        LLVMValueRef c = arg(cg, inst, 0);
        LLVMValueRef cond = LLVMBuildICmp(b, LLVMIntNE, c, LLVMConstInt(LLVMTypeOf(c), 0, false), "");
        LLVMBuildCondBr(b, cond, cg->blocks[inst->target], cg->blocks[inst->target2]);
        return NULL;
    }
    case IR_OP_RET:
        if (inst->arg_count == 0 || cg->func->ret == IR_VOID)
            LLVMBuildRetVoid(b);
        else
            LLVMBuildRet(b, arg(cg, inst, 0));
        return NULL;
    case IR_OP_UNREACHABLE: LLVMBuildUnreachable(b); return NULL;
    case IR_OP__COUNT: break;
    }
    BSK_UNREACHABLE();
}

static void successors(const IrBlock *block, uint32_t out[2], uint32_t *count)
{
    *count = 0;
    if (block->insts.count == 0)
        return;
    const IrInst *last = &VEC_LAST(&block->insts);
    if (last->op == IR_OP_JMP) {
        out[(*count)++] = last->target;
    } else if (last->op == IR_OP_BR) {
        out[(*count)++] = last->target;
        out[(*count)++] = last->target2;
    }
}

/* DFS preorder from the entry: a dominator is always visited before the
 * blocks it dominates, so SSA operands exist when used. Unreachable blocks
 * follow in index order. */
static uint32_t block_order(Codegen *cg, uint32_t *order)
{
    const IrFunc *f = cg->func;
    uint32_t n = f->blocks.count;
    Arena *arena = cg->artifact->arena;
    bool *seen = ARENA_ARRAY(arena, bool, n);
    uint32_t *stack = ARENA_ARRAY(arena, uint32_t, 2 * n + 2);
    uint32_t top = 0, count = 0;
    stack[top++] = 0;
    while (top) {
        uint32_t block = stack[--top];
        if (block >= n || seen[block])
            continue;
        seen[block] = true;
        order[count++] = block;
        uint32_t succ[2], succ_count;
        successors(&f->blocks.items[block], succ, &succ_count);
        for (uint32_t i = succ_count; i-- > 0;)
            if (succ[i] < n && !seen[succ[i]])
                stack[top++] = succ[i];
    }
    for (uint32_t i = 0; i < n; i++)
        if (!seen[i])
            order[count++] = i;
    return count;
}

void cg_define_func(Codegen *cg, uint32_t index)
{
    LLVMValueRef twin = cg->twins ? cg->twins[index] : NULL;
    cg_define_body(cg, index, cg->funcs[index], twin ? twin : cg->funcs[index]);
    if (twin)
        cg_define_body(cg, index, twin, cg->funcs[index]);
}

void cg_define_body(Codegen *cg, uint32_t index, LLVMValueRef fn, LLVMValueRef self_callee)
{
    const IrFunc *f = cg->artifact->funcs.items[index];
    Arena *arena = cg->artifact->arena;
    ArenaMark mark = arena_mark(arena);
    cg->func = f;
    cg->func_index = index;
    cg->fn = fn;
    cg->self_callee = self_callee;
    cg->values = ARENA_ARRAY(arena, LLVMValueRef, f->value_types.count + 1);
    cg->locals = ARENA_ARRAY(arena, LLVMValueRef, f->locals.count + 1);
    cg->blocks = ARENA_ARRAY(arena, LLVMBasicBlockRef, f->blocks.count + 1);
    BSK_ASSERT(f->blocks.count > 0);
    for (uint32_t i = 0; i < f->param_count; i++)
        cg->values[i] = LLVMGetParam(cg->fn, i);

    /* A separate prologue holds the allocas, so IR block 0 may be a branch target. */
    LLVMBasicBlockRef prologue = LLVMAppendBasicBlockInContext(cg->ctx, cg->fn, "entry");
    for (uint32_t i = 0; i < f->blocks.count; i++)
        cg->blocks[i] = LLVMAppendBasicBlockInContext(cg->ctx, cg->fn, arena_printf(arena, "b%u", i));
    LLVMPositionBuilderAtEnd(cg->builder, prologue);
    cg_debug_func_begin(cg);
    for (uint32_t i = 0; i < f->locals.count; i++)
        cg->locals[i] = LLVMBuildAlloca(cg->builder, cg_type(cg, f->locals.items[i].type), f->locals.items[i].name);
    cg_debug_locals(cg, prologue);
    LLVMBuildBr(cg->builder, cg->blocks[0]);

    uint32_t *order = ARENA_ARRAY(arena, uint32_t, f->blocks.count);
    uint32_t count = block_order(cg, order);
    for (uint32_t k = 0; k < count; k++) {
        const IrBlock *block = &f->blocks.items[order[k]];
        LLVMPositionBuilderAtEnd(cg->builder, cg->blocks[order[k]]);
        bool terminated = false;
        for (uint32_t i = 0; i < block->insts.count && !terminated; i++) {
            const IrInst *inst = &block->insts.items[i];
            cg_debug_inst(cg, inst);
            LLVMValueRef result = emit_inst(cg, inst);
            if (inst->result != IR_NO_VALUE) {
                BSK_ASSERT(inst->result < f->value_types.count && result);
                cg->values[inst->result] = result;
            }
            terminated = ir_op_is_terminator(inst->op);
        }
        if (!terminated) /* the verifier forbids this; keep LLVM's module valid */
            LLVMBuildUnreachable(cg->builder);
    }
    cg_debug_func_end(cg);
    arena_release(arena, mark);
    cg->values = NULL;
    cg->locals = NULL;
    cg->blocks = NULL;
}
