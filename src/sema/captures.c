/* sema/captures.c: small queries on lambda captures, shared by the checker
 * and lowering (see captures.h). */
#include "sema/captures.h"

bool captures_needs_cell(const SemaLocal *local)
{
    /* a never-assigned variable has one value for its whole life, so a copy is
     * indistinguishable from sharing it (backends.md §0a item 1) */
    return local->is_captured && local->is_assigned;
}

uint32_t captures_index(const SemaLambda *lambda, const SemaLocal *local)
{
    for (uint32_t i = 0; i < lambda->captures.count; i++)
        if (lambda->captures.items[i] == local)
            return i;
    return UINT32_MAX;
}
