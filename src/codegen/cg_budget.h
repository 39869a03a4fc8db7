/* codegen/cg_budget.h: the inlining budget (cg_budget.c). */
#ifndef BESKID_CODEGEN_CG_BUDGET_H
#define BESKID_CODEGEN_CG_BUDGET_H
#include <stdbool.h>

#include "artifact/ir.h"

/* Which functions of 'a' must not be inlined, by function index, so that no
 * caller grows past the budget by absorbing single-call callees. The caller
 * frees the array. */
bool *cg_inline_budget(const Artifact *a);
#endif
