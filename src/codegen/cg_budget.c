/* codegen/cg_budget.c: an inlining budget. LLVM inlines a function called
 * from one place whatever its size (the bonus for the last call to a local
 * function), so a program of many functions each called once from `main`
 * becomes one enormous function, and the machine passes are superlinear in a
 * function's size (MachineCombiner, the register allocator): a generated
 * program of 22,000 lines took eight minutes to compile that way. As gcc
 * bounds a function's growth by inlining (large-function-growth), a caller
 * here absorbs single-call callees only up to CALLER_BUDGET instructions of
 * the artifact; the single-call callees past it keep their own bodies
 * (`noinline`). Small callees are never held back: they cost less than the
 * call, and LLVM inlines them wherever they are called from.
 * One function written huge (generated code: 10,000 `else if` arms) is past
 * what the optimiser handles in reasonable time (SimplifyCFG and InstCombine
 * took a minute on it), so a function of more than OPTIMISE_BUDGET
 * instructions is compiled without optimisation (`optnone`), as HotSpot
 * leaves huge methods to the interpreter. */
#include "codegen/cg_budget.h"

#include <stdlib.h>

#include "support/check.h"

enum {
    CALLER_BUDGET = 4000, /* artifact instructions a function may grow to by inlining single-call callees */
    SMALL_CALLEE = 40,    /* at most this many instructions: always left to LLVM */
    OPTIMISE_BUDGET = 10000, /* a function larger than this is not optimised */
};

typedef enum { UNSEEN, ACTIVE, DONE } Visit;

typedef struct Budget {
    const Artifact *a;
    uint32_t *uses;   /* direct call sites plus address uses, by function */
    uint32_t *grown;  /* size after the inlining the budget allows, by function */
    uint8_t *visit;   /* Visit, by function */
    uint8_t *result; /* CgBudget bits, by function */
} Budget;

static uint32_t own_size(const IrFunc *f)
{
    uint32_t n = 0;
    for (uint32_t b = 0; b < f->blocks.count; b++)
        n += f->blocks.items[b].insts.count;
    return n;
}

static void count_uses(Budget *bg)
{
    const Artifact *a = bg->a;
    for (uint32_t i = 0; i < a->funcs.count; i++) {
        const IrFunc *f = a->funcs.items[i];
        for (uint32_t b = 0; b < f->blocks.count; b++)
            for (uint32_t k = 0; k < f->blocks.items[b].insts.count; k++) {
                const IrInst *inst = &f->blocks.items[b].insts.items[k];
                if ((inst->op == IR_OP_CALL || inst->op == IR_OP_FUNC_ADDR) && inst->target < a->funcs.count)
                    bg->uses[inst->target]++;
            }
    }
    for (uint32_t d = 0; d < a->data.count; d++)
        for (uint32_t r = 0; r < a->data.items[d].relocs.count; r++) {
            const IrReloc *rel = &a->data.items[d].relocs.items[r];
            if (rel->is_function && rel->target < a->funcs.count)
                bg->uses[rel->target]++;
        }
}

/* The single-call callee of 'inst', or UINT32_MAX. */
static uint32_t single_call_callee(const Budget *bg, const IrInst *inst)
{
    if (inst->op != IR_OP_CALL || inst->target >= bg->a->funcs.count || bg->uses[inst->target] != 1)
        return UINT32_MAX;
    return inst->target;
}

/* Spends 'caller's budget on its single-call callees in call order, holding
 * back the ones that no longer fit; sets its grown size. Its callees are done. */
static void spend(Budget *bg, uint32_t caller)
{
    const IrFunc *f = bg->a->funcs.items[caller];
    uint64_t size = own_size(f);
    for (uint32_t b = 0; b < f->blocks.count; b++)
        for (uint32_t k = 0; k < f->blocks.items[b].insts.count; k++) {
            uint32_t g = single_call_callee(bg, &f->blocks.items[b].insts.items[k]);
            if (g == UINT32_MAX || g == caller || bg->visit[g] != DONE)
                continue; /* recursion: LLVM does not inline it whole anyway */
            if (bg->grown[g] > SMALL_CALLEE && size + bg->grown[g] > CALLER_BUDGET)
                bg->result[g] |= CG_BUDGET_NOINLINE;
            else
                size += bg->grown[g];
        }
    bg->grown[caller] = size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;
}

/* Post-order over the call graph with an explicit stack (call chains may be
 * as deep as the program is long); 'at_block'/'at_inst' are where each
 * function on the stack resumes its scan. */
static void visit_from(Budget *bg, uint32_t root, uint32_t *stack, uint32_t *at_block, uint32_t *at_inst)
{
    uint32_t depth = 0;
    stack[depth++] = root;
    bg->visit[root] = ACTIVE;
    while (depth) {
        uint32_t fi = stack[depth - 1];
        const IrFunc *f = bg->a->funcs.items[fi];
        uint32_t g = UINT32_MAX;
        while (g == UINT32_MAX && at_block[fi] < f->blocks.count) {
            const IrBlock *block = &f->blocks.items[at_block[fi]];
            if (at_inst[fi] >= block->insts.count) {
                at_block[fi]++;
                at_inst[fi] = 0;
                continue;
            }
            uint32_t callee = single_call_callee(bg, &block->insts.items[at_inst[fi]++]);
            if (callee != UINT32_MAX && bg->visit[callee] == UNSEEN)
                g = callee;
        }
        if (g != UINT32_MAX) {
            bg->visit[g] = ACTIVE;
            stack[depth++] = g;
        } else {
            spend(bg, fi);
            bg->visit[fi] = DONE;
            depth--;
        }
    }
}

uint8_t *cg_budget(const Artifact *a)
{
    uint32_t n = a->funcs.count;
    Budget bg = {.a = a};
    bg.uses = calloc(n ? n : 1, sizeof *bg.uses);
    bg.grown = calloc(n ? n : 1, sizeof *bg.grown);
    bg.visit = calloc(n ? n : 1, sizeof *bg.visit);
    bg.result = calloc(n ? n : 1, sizeof *bg.result);
    uint32_t *stack = calloc(n ? n : 1, sizeof *stack);
    uint32_t *at_block = calloc(n ? n : 1, sizeof *at_block);
    uint32_t *at_inst = calloc(n ? n : 1, sizeof *at_inst);
    if (!bg.uses || !bg.grown || !bg.visit || !bg.result || !stack || !at_block || !at_inst)
        bsk_out_of_memory();
    count_uses(&bg);
    for (uint32_t i = 0; i < n; i++)
        if (bg.visit[i] == UNSEEN)
            visit_from(&bg, i, stack, at_block, at_inst);
    for (uint32_t i = 0; i < n; i++)
        if (own_size(a->funcs.items[i]) > OPTIMISE_BUDGET)
            bg.result[i] |= CG_BUDGET_OPTNONE | CG_BUDGET_NOINLINE; /* optnone requires noinline */
    free(bg.uses);
    free(bg.grown);
    free(bg.visit);
    free(stack);
    free(at_block);
    free(at_inst);
    return bg.result;
}
