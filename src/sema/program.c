/* sema/program.c: queries on the checked program (sema/program.h), shared
 * by the checker and lowering. */
#include "sema/program.h"

int sema_field_index(const SemaTypeDef *def, Symbol name)
{
    for (uint32_t i = 0; i < def->field_count; i++)
        if (def->fields[i].name == name)
            return (int)i;
    return -1;
}

int sema_variant_index(const SemaTypeDef *def, Symbol name)
{
    for (uint32_t i = 0; i < def->variant_count; i++)
        if (def->variants[i].name == name)
            return (int)i;
    return -1;
}

SemaFunction *sema_method(const SemaTypeDef *def, Symbol name)
{
    for (uint32_t i = 0; i < def->methods.count; i++)
        if (def->methods.items[i]->name == name)
            return def->methods.items[i];
    return NULL;
}

bool sema_needs_cell(const SemaLocal *local)
{
    /* a never-assigned variable has one value for its whole life, so a copy is
     * indistinguishable from sharing it (backends.md §0a item 1) */
    return local->is_captured && local->is_assigned;
}

bool sema_string_appendable(const SemaLocal *local)
{
    return local->type && local->type->kind == TYPE_STRING && local->is_mutable && !local->is_captured &&
           local->uses == local->copied_uses;
}

uint32_t sema_capture_index(const SemaLambda *lambda, const SemaLocal *local)
{
    for (uint32_t i = 0; i < lambda->captures.count; i++)
        if (lambda->captures.items[i] == local)
            return i;
    return UINT32_MAX;
}

int sema_contract_slot(const SemaContract *contract, Symbol name)
{
    for (uint32_t i = 0; i < contract->methods.count; i++)
        if (contract->methods.items[i]->name == name)
            return (int)i;
    return -1;
}

int sema_contract_embed_index(const SemaContract *contract, const SemaContract *embedded)
{
    for (uint32_t i = 0; i < contract->embeds.count; i++)
        if (contract->embeds.items[i] == embedded)
            return (int)i;
    return -1;
}

const char *sema_qualified_name(Arena *arena, const SemaModule *module, const char *name)
{
    if (!module || !*module->qualified)
        return name;
    return arena_printf(arena, "%s::%s", module->qualified, name);
}
