/* lower/lower_contract.c: contract values (language.md §3.6.5,
 * docs/decisions.md "Contract values"). A contract value is a 16-byte block
 * {object, vtable} (abi/abi_layout.h ABI_CONTRACT_*); the vtable of a
 * (SemaTypeDef, contract) pair is read-only data emitted once, on first use:
 * the code addresses of the type's implementing methods in the contract's
 * slot order, then one vtable address per contract it embeds (for
 * conversions to those). A call through a contract loads the object, the
 * vtable and the slot, and makes one indirect call with the object as `this`,
 * exactly as a direct method call passes it.
 * Vtable symbol: "_Bvtbl" owner seg(contract), owner = seg(type) or, for an
 * instance of a generic type, "I" seg(its mangled type); seg = decimal length
 * then the text (cannot collide with a mangled name, "_B" digit, or
 * layout.c's). */
#include <string.h>

#include "lower/layout.h"
#include "lower/mangle.h"
#include "support/check.h"

static uint32_t *vtable_slot(Lowerer *lw, const SemaTypeDef *def, const SemaContract *contract)
{
    const SemaProgram *p = lw->program;
    if (!lw->vtables) {
        size_t n = (size_t)p->typedefs.count * p->contracts.count;
        lw->vtables = ARENA_ARRAY(lw->arena, uint32_t, n ? n : 1);
        for (size_t i = 0; i < n; i++)
            lw->vtables[i] = UINT32_MAX;
    }
    return &lw->vtables[(size_t)def->index * p->contracts.count + contract->index];
}

/* The data index of the vtable of ('def', 'contract'). The entry is recorded
 * before the embedded vtables are built, so embedding cycles end. */
static uint32_t vtable_of(Lowerer *lw, const SemaTypeDef *def, const SemaContract *contract)
{
    uint32_t *cached = vtable_slot(lw, def, contract);
    if (*cached != UINT32_MAX)
        return *cached;
    uint32_t methods = contract->methods.count, words = methods + contract->embeds.count;
    uint8_t *bytes = ARENA_ARRAY(lw->arena, uint8_t, words ? (size_t)words * ABI_WORD : ABI_WORD);
    memset(bytes, 0, words ? (size_t)words * ABI_WORD : ABI_WORD);
    /* a generic instance or a type of a module: its mangled type (module path included) */
    bool mangled = def->origin || (def->module && def->module->depth);
    const char *type = mangled ? mangle_type(lw->arena, def->type) : def->type->name;
    const char *name = contract->module && contract->module->depth ? mangle_type(lw->arena, contract->type)
                                                                    : contract->type->name;
    const char *symbol = arena_printf(lw->arena, "_Bvtbl%s%zu%s%zu%s", mangled ? "I" : "", strlen(type), type,
                                      strlen(name), name);
    uint32_t index = ir_data_new(lw->artifact, symbol, IR_DATA_OTHER, ABI_WORD, bytes, words ? words * ABI_WORD : ABI_WORD);
    *cached = index;
    for (uint32_t i = 0; i < methods; i++) {
        const SemaFunction *impl = sema_method(def, contract->methods.items[i]->name);
        BSK_ASSERT(impl); /* the checker proved conformance (E1601) */
        IrReloc reloc = {.offset = i * ABI_WORD, .is_function = true, .target = impl->index};
        VEC_PUSH(lw->artifact->arena, &lw->artifact->data.items[index].relocs, reloc);
    }
    for (uint32_t i = 0; i < contract->embeds.count; i++) {
        uint32_t embedded = vtable_of(lw, def, contract->embeds.items[i]);
        IrReloc reloc = {.offset = (methods + i) * ABI_WORD, .is_function = false, .target = embedded};
        VEC_PUSH(lw->artifact->arena, &lw->artifact->data.items[index].relocs, reloc);
    }
    return index;
}

/* A new contract value {object, vtable}; the stores initialise a fresh block,
 * so they need no write barrier. */
static uint32_t wrap(Lowerer *lw, uint32_t object, uint32_t vtable)
{
    uint32_t args[2] = {irb_iconst(&lw->b, IR_I64, ABI_CONTRACT_BYTES), irb_iconst(&lw->b, IR_PTR, 0)};
    uint32_t value = irb_call_rt(&lw->b, IR_RT_ALLOC, args, 2);
    irb_store(&lw->b, value, ABI_CONTRACT_OBJECT, object);
    irb_store(&lw->b, value, ABI_CONTRACT_VTABLE, vtable);
    return value;
}

uint32_t lower_to_contract(Lowerer *lw, uint32_t value, const Type *from, const Type *to)
{
    const SemaContract *target = sema_contract_of(to);
    BSK_ASSERT(target);
    if (from->kind == TYPE_STRUCT)
        return wrap(lw, value, irb_data_addr(&lw->b, vtable_of(lw, from->def, target)));
    /* a contract value to a contract it embeds: same object, the embedded vtable */
    const SemaContract *source = sema_contract_of(from);
    int embed = sema_contract_embed_index(source, target);
    BSK_ASSERT(source && embed >= 0);
    uint32_t object = irb_load(&lw->b, IR_PTR, value, ABI_CONTRACT_OBJECT);
    uint32_t vtable = irb_load(&lw->b, IR_PTR, value, ABI_CONTRACT_VTABLE);
    uint32_t offset = (source->methods.count + (uint32_t)embed) * ABI_WORD;
    return wrap(lw, object, irb_load(&lw->b, IR_PTR, vtable, offset));
}

uint32_t lower_contract_call(Lowerer *lw, const AstExpr *e, const uint32_t *args, uint32_t count)
{
    const SemaBinding *b = &lower_node(lw, e->id)->binding;
    BSK_ASSERT(b->kind == SEMA_BIND_DISPATCH && count >= 1);
    uint32_t call_args[count];
    memcpy(call_args, args, sizeof call_args);
    call_args[0] = irb_load(&lw->b, IR_PTR, args[0], ABI_CONTRACT_OBJECT);
    uint32_t vtable = irb_load(&lw->b, IR_PTR, args[0], ABI_CONTRACT_VTABLE);
    uint32_t code = irb_load(&lw->b, IR_PTR, vtable, (int64_t)b->dispatch.slot * ABI_WORD);
    IrType ret = lower_ir_type(b->dispatch.contract->methods.items[b->dispatch.slot]->ret);
    return irb_call_indirect(&lw->b, ret, code, call_args, count);
}
