/* codegen/cg_budget.h: the inlining and optimisation budget (cg_budget.c). */
#ifndef BESKID_CODEGEN_CG_BUDGET_H
#define BESKID_CODEGEN_CG_BUDGET_H
#include <stdint.h>

#include "artifact/ir.h"

typedef enum CgBudget {
    CG_BUDGET_NOINLINE = 1 << 0, /* past its caller's inlining budget */
    CG_BUDGET_OPTNONE = 1 << 1,  /* too large to optimise */
} CgBudget;

/* CgBudget bits for every function of 'a', by index: which single-call
 * callees no caller may absorb any more (so no caller grows past the budget)
 * and which functions are too large to optimise. The caller frees the array. */
uint8_t *cg_budget(const Artifact *a);
#endif
