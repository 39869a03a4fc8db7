/* codegen/cg_entry.c: which artifact entry `--entrypoint NAME` designates
 * (backends.md §3.3). The backends turn the status into their own codes
 * (E500x for run, E4030 for build). */
#include "codegen/codegen.h"

#include <string.h>

static bool is_candidate(const IrEntry *e)
{
    return e->kind == IR_FUNC_FUNCTION || e->kind == IR_FUNC_TEST;
}

bool cg_entry_matches(const Artifact *a, uint32_t index, const char *name)
{
    const IrEntry *e = &a->entries.items[index];
    if (!is_candidate(e))
        return false;
    return (e->source_name && strcmp(e->source_name, name) == 0) ||
           (e->qualified_name && strcmp(e->qualified_name, name) == 0);
}

CgEntryStatus cg_find_entry(const Artifact *a, const char *name, uint32_t *entry_out)
{
    uint32_t found = UINT32_MAX, count = 0;
    /* An exact qualified name is never ambiguous (a root-level `main` is
     * qualified `main`). */
    for (uint32_t i = 0; i < a->entries.count; i++) {
        const IrEntry *e = &a->entries.items[i];
        if (is_candidate(e) && e->qualified_name && strcmp(e->qualified_name, name) == 0) {
            if (count++ == 0)
                found = i;
        }
    }
    if (count != 1) {
        count = 0;
        for (uint32_t i = 0; i < a->entries.count; i++) {
            if (cg_entry_matches(a, i, name) && count++ == 0)
                found = i;
        }
    }
    if (count == 0)
        return CG_ENTRY_MISSING;
    if (count > 1)
        return CG_ENTRY_AMBIGUOUS;
    *entry_out = found;
    if (a->entries.items[found].param_count > 0)
        return CG_ENTRY_PARAMETERS;
    if (a->entries.items[found].is_generic)
        return CG_ENTRY_GENERIC;
    return CG_ENTRY_OK;
}
