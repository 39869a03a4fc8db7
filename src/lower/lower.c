/* lower/lower.c: lower_program — one IrFunc per checked function (mangled
 * symbol, value classes of backends.md §2.3, parameters copied into locals
 * because they are assignable) and one IrEntry each (§3.4). Statements and
 * expressions are in lower_stmt.c and lower_expr.c. */
#include "lower/layout.h"
#include "lower/lower_internal.h"
#include "lower/mangle.h"
#include "support/check.h"

IrType lower_ir_type(const Type *type)
{
    switch (type->kind) {
    case TYPE_BOOL:
    case TYPE_U8: return IR_I8;
    case TYPE_I32:
    case TYPE_CHAR: return IR_I32;
    case TYPE_I64: return IR_I64;
    case TYPE_F64: return IR_F64;
    case TYPE_UNIT:
    case TYPE_NEVER:
    case TYPE_ERROR: return IR_VOID;
    default: return IR_PTR;
    }
}

static IrResultKind result_kind(const Type *type)
{
    switch (type->kind) {
    case TYPE_UNIT: return IR_RESULT_UNIT;
    case TYPE_NEVER: return IR_RESULT_NEVER;
    case TYPE_I64: return IR_RESULT_I64;
    case TYPE_I32: return IR_RESULT_I32;
    case TYPE_U8: return IR_RESULT_U8;
    case TYPE_BOOL: return IR_RESULT_BOOL;
    case TYPE_F64: return IR_RESULT_F64;
    case TYPE_CHAR: return IR_RESULT_CHAR;
    case TYPE_STRING: return IR_RESULT_STRING;
    default: return IR_RESULT_POINTER;
    }
}

void lower_reopen(Lowerer *lw)
{
    if (irb_terminated(&lw->b))
        lw->b.block = ir_block_new(lw->artifact, lw->b.func);
}

void lower_return(Lowerer *lw, uint32_t value)
{
    lower_string_release_owned(lw);
    irb_ret(&lw->b, value);
}

static IrFunc *declare_function(Lowerer *lw, const SemaFunction *fn)
{
    IrType params[fn->param_count ? fn->param_count : 1];
    for (uint32_t i = 0; i < fn->param_count; i++)
        params[i] = lower_ir_type(fn->params[i]);
    /* the module path, then for a method its receiver type, like one more module segment */
    const SemaModule *module = fn->module;
    uint32_t depth = module ? module->depth : 0;
    const char *receiver = fn->receiver ? fn->receiver->type->name : NULL;
    const char **segs = ARENA_ARRAY(lw->arena, const char *, depth + 1);
    for (uint32_t i = 0; i < depth; i++)
        segs[i] = module->path[i];
    if (receiver)
        segs[depth] = receiver;
    uint32_t seg_count = depth + (receiver ? 1 : 0);
    const char *symbol;
    if (fn->origin && !fn->receiver) /* an instance of a generic function */
        symbol = mangle_instance(lw->arena, segs, seg_count, fn->name, fn->env.types, fn->env.count, fn->params,
                                 fn->param_count, fn->ret);
    else /* a method of an instance differs by its `this` parameter's type */
        symbol = mangle_function(lw->arena, segs, seg_count, fn->name,
                                 receiver ? MANGLE_METHOD : fn->test ? MANGLE_TEST : MANGLE_FUNCTION, fn->params,
                                 fn->param_count, fn->ret);
    IrFunc *f = ir_func_new(lw->artifact, symbol, lower_ir_type(fn->ret), params, fn->param_count);
    /* The artifact owns its strings: the checked program is freed before
     * code generation (cli/compile.h, compilation_drop_front). */
    f->source_name = arena_strdup(lw->arena, fn->name);
    const char *owner = receiver ? sema_qualified_name(lw->arena, module, receiver) : NULL;
    f->qualified_name = owner ? arena_printf(lw->arena, "%s::%s", owner, fn->name)
                              : arena_strdup(lw->arena, sema_qualified_name(lw->arena, module, fn->name));
    f->kind = receiver ? IR_FUNC_METHOD : fn->test ? IR_FUNC_TEST : IR_FUNC_FUNCTION;
    f->is_public = fn->is_public;
    f->is_noreturn = fn->ret->kind == TYPE_NEVER;
    f->span = fn->item->span;
    return f;
}

static void lower_function(Lowerer *lw, const SemaFunction *fn, IrFunc *f)
{
    lw->fn = fn;
    lw->facts = fn->facts;
    lw->loops.count = 0;
    lw->b = (IrBuilder){.artifact = lw->artifact, .func = f, .block = ir_block_new(lw->artifact, f), .loc = fn->item->span};
    lw->local_map = ARENA_ARRAY(lw->arena, uint32_t, fn->locals.count ? fn->locals.count : 1);
    for (uint32_t i = 0; i < fn->locals.count; i++) {
        lw->local_map[i] = lower_local_slot(lw, f, fn->locals.items[i]);
    }
    lower_string_owned_slots(lw, f, fn);
    for (uint32_t i = 0; i < fn->param_count; i++)
        lower_local_init(lw, fn->locals.items[i], i);
    lower_block(lw, fn->ast->body);
    if (!irb_terminated(&lw->b)) {
        Span brace = fn->ast->body->span;
        brace.start = brace.end > 0 ? brace.end - 1 : 0;
        lw->b.loc = brace;
        /* the checker proved a non-unit body never gets here */
        if (f->ret == IR_VOID && fn->ret->kind != TYPE_NEVER)
            lower_return(lw, IR_NO_VALUE);
        else
            irb_unreachable(&lw->b);
    }
}

Artifact *lower_program(Arena *arena, const SemaProgram *program, DiagList *diags)
{
    Lowerer lowerer = {.arena = arena, .program = program, .diags = diags};
    Lowerer *lw = &lowerer;
    unsigned errors_before = diags->error_count;
    lw->artifact = ir_artifact_new(arena);
    layout_build(lw); /* struct/enum descriptors (layout.c) */
    for (uint32_t i = 0; i < program->funcs.count; i++) {
        IrFunc *f = declare_function(lw, program->funcs.items[i]);
        BSK_ASSERT(ir_func_index(lw->artifact, f) == i);
    }
    for (uint32_t i = 0; i < program->funcs.count; i++) {
        const SemaFunction *fn = program->funcs.items[i];
        IrFunc *f = lw->artifact->funcs.items[i];
        lower_function(lw, fn, f);
        if (fn->receiver || fn->origin) /* methods and instances are never entrypoints */
            continue;
        /* `Std` and dependencies give entrypoints by their qualified name only (backends.md §0a item 3) */
        bool library = fn->module && fn->module->is_library;
        IrEntry entry = {
            .source_name = library ? f->qualified_name : f->source_name,
            .qualified_name = f->qualified_name,
            .kind = fn->test ? IR_FUNC_TEST : IR_FUNC_FUNCTION,
            .func = i,
            .param_count = fn->param_count,
            .result = result_kind(fn->ret),
        };
        if (fn->test) { /* what `beskid test` selects and skips by (backends.md §6.5) */
            const char **tags = ARENA_ARRAY(arena, const char *, fn->test->tag_count + 1);
            for (uint32_t t = 0; t < fn->test->tag_count; t++)
                tags[t] = arena_strdup(arena, fn->test->tags[t]);
            entry.tags = tags;
            entry.tag_count = fn->test->tag_count;
            entry.group = fn->test->group ? arena_strdup(arena, fn->test->group) : NULL;
            entry.skip = fn->test->skip;
            entry.skip_reason = fn->test->skip_reason ? arena_strdup(arena, fn->test->skip_reason) : NULL;
            entry.is_dependency = !fn->in_root;
        }
        IrResultKind *args = ARENA_ARRAY(arena, IrResultKind, fn->param_count + 1);
        for (uint32_t p = 0; p < fn->param_count; p++)
            args[p] = result_kind(fn->params[p]);
        entry.args = args;
        VEC_PUSH(arena, &lw->artifact->entries, entry);
    }
    return diags->error_count > errors_before ? NULL : lw->artifact;
}
