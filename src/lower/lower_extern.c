/* lower/lower_extern.c: calls of foreign functions (language.md §3.6.7,
 * backends.md §3.6, §0a item 11). Each foreign symbol a program calls is one
 * artifact import {symbol, abi, library} (sema's T0905 makes the symbol
 * unique), called with `callext`; both backends bind it: the JIT by dlopen and
 * dlsym, an executable through the linker. A `ref u8` parameter is a pointer
 * to bytes: a `u8[]` passes its element buffer, a `string` a NUL-terminated
 * copy of its bytes (beskid_rt_str_cstr: Beskid strings carry a length, not a
 * terminator, and C reads to the NUL). */
#include <string.h>

#include "abi/abi_layout.h"
#include "lower/lower_internal.h"
#include "support/check.h"

/* The import of 'm', added on first use. */
static uint32_t extern_import(Lowerer *lw, const SemaContractMethod *m)
{
    Artifact *a = lw->artifact;
    for (uint32_t i = 0; i < a->extern_imports.count; i++)
        if (strcmp(a->extern_imports.items[i].symbol, m->name) == 0)
            return i;
    /* copies: the checked program is freed before code generation */
    IrExternImport x = {.symbol = arena_strdup(a->arena, m->name),
                        .abi = "C",
                        .library = m->owner->extern_library ? arena_strdup(a->arena, m->owner->extern_library) : NULL,
                        .contract = arena_strdup(a->arena, m->owner->item->name.name),
                        .ret = lower_ir_type(m->ret),
                        .param_count = m->param_count};
    x.params = ARENA_ARRAY(a->arena, IrType, m->param_count ? m->param_count : 1);
    for (uint32_t i = 0; i < m->param_count; i++)
        x.params[i] = m->byte_ref && m->byte_ref[i] ? IR_PTR : lower_ir_type(m->params[i]);
    VEC_PUSH(a->arena, &a->extern_imports, x);
    return a->extern_imports.count - 1;
}

uint32_t lower_extern_call(Lowerer *lw, const AstExpr *e)
{
    const SemaBinding *b = &lower_node(lw, e->id)->binding;
    BSK_ASSERT(b->kind == SEMA_BIND_EXTERN);
    const SemaContractMethod *m = b->dispatch.contract->methods.items[b->dispatch.slot];
    uint32_t count = e->call.arg_count;
    BSK_ASSERT(count == m->param_count);
    uint32_t args[count ? count : 1];
    for (uint32_t i = 0; i < count; i++) {
        const AstExpr *arg = e->call.args[i];
        args[i] = lower_expr(lw, arg);
        if (!m->byte_ref || !m->byte_ref[i])
            continue;
        lw->b.loc = arg->span;
        if (lower_type(lw, arg)->kind == TYPE_STRING)
            args[i] = irb_call_rt(&lw->b, IR_RT_STR_CSTR, &args[i], 1);
        else /* u8[]: its elements, never NULL (runtime/rt_array.c) */
            args[i] = lower_array_elements(lw, args[i]);
    }
    lw->b.loc = e->span;
    return irb_call_extern(&lw->b, extern_import(lw, m), args, count);
}
