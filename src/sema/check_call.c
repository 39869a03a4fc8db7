/* sema/check_call.c: calls (language.md §3.4.3) of function items and of the
 * core builtins (§4.1): arity (E1204), argument conversion (§3.3.2, E1206),
 * and E1606 for callees that are not functions. */
#include <stdio.h>
#include <string.h>

#include "sema/checker.h"
#include "support/check.h"

void check_report_arity(Checker *c, Span span, uint32_t expected, uint32_t got)
{
    char want[16], have[16];
    snprintf(want, sizeof want, "%u", expected);
    snprintf(have, sizeof have, "%u", got);
    diag_report(&c->stages[STAGE_TYPES], span, DIAG_E1204_CALL_ARITY_MISMATCH, want, have);
}

void check_call_args_of(Checker *c, const AstExpr *e, Type **params, uint32_t count, const SemaFunction *fn)
{
    DiagList *list = &c->stages[STAGE_TYPES];
    uint32_t before = list->items.count;
    check_call_args(c, e, params, count);
    if (e->call.arg_count != count && list->items.count > before) {
        hint_call_arity(c, list, &list->items.items[before], fn);
        return;
    }
    /* an argument of the wrong type: the parameter it goes to */
    const SemaFunction *decl = fn->origin ? fn->origin : fn;
    uint32_t skip = decl->receiver ? 1 : 0; /* params[0] of a method is `this` */
    if (!decl->ast || decl->ast->param_count + skip != decl->param_count)
        return;
    for (uint32_t i = 0; i < count && i < decl->ast->param_count; i++)
        hint_expected_because(list, before, e->call.args[i]->span, decl->ast->params[i].name.span,
                              arena_printf(c->arena, "parameter `%s` of `%s`", decl->ast->params[i].name.name,
                                           decl->name));
}

void check_call_args(Checker *c, const AstExpr *e, Type **params, uint32_t count)
{
    if (e->call.arg_count != count) {
        check_report_arity(c, e->span, count, e->call.arg_count);
        for (uint32_t i = 0; i < e->call.arg_count; i++)
            check_expr(c, e->call.args[i], i < count ? params[i] : NULL);
        return;
    }
    for (uint32_t i = 0; i < count; i++) {
        check_expr(c, e->call.args[i], params[i]);
        check_coerce(c, e->call.args[i], params[i]);
    }
}

/* The type of one signature letter of sema/builtins.def. */
static Type *signature_type(Checker *c, char letter)
{
    switch (letter) {
    case 'i': return type_primitive(c->types, TYPE_I64);
    case 'b': return type_primitive(c->types, TYPE_BOOL);
    case 'f': return type_primitive(c->types, TYPE_F64);
    case 's': return type_primitive(c->types, TYPE_STRING);
    case 'n': return type_primitive(c->types, TYPE_NEVER);
    case 'B': return type_array(c->types, type_primitive(c->types, TYPE_U8));
    case 'S': return type_array(c->types, type_primitive(c->types, TYPE_STRING));
    case 'I': return type_array(c->types, type_primitive(c->types, TYPE_I64));
    case 'F': return type_array(c->types, type_primitive(c->types, TYPE_F64));
    }
    BSK_UNREACHABLE();
}

enum { BUILTIN_MAX_PARAMS = 5 };

static const char *const builtin_signatures[] = {
#define BUILTIN(id, name, kind, signature, runtime) [SEMA_BUILTIN_##id] = signature,
#include "sema/builtins.def"
#undef BUILTIN
};

/* A CALL builtin's signature, "R(P…)" (sema/builtins.def). */
static Type *builtin_signature(Checker *c, SemaBuiltin builtin, Type **params, uint32_t *count)
{
    const char *sig = builtin_signatures[builtin];
    BSK_ASSERT(sig[0] && sig[1] == '(');
    *count = 0;
    for (const char *p = sig + 2; *p != ')'; p++) {
        BSK_ASSERT(*count < BUILTIN_MAX_PARAMS);
        params[(*count)++] = signature_type(c, *p);
    }
    return signature_type(c, sig[0]);
}

/* `__hash(x)`: any type but unit; an enum hashed by identity must be an
 * object of its own (SemaTypeDef.identity_observed), as for `===`. */
static Type *check_hash(Checker *c, const AstExpr *e)
{
    Type *i64 = type_primitive(c->types, TYPE_I64);
    if (e->call.arg_count != 1) {
        check_report_arity(c, e->span, 1, e->call.arg_count);
        for (uint32_t i = 0; i < e->call.arg_count; i++)
            check_expr(c, e->call.args[i], NULL);
        return check_set_type(c, e, check_error_type(c));
    }
    Type *t = check_expr(c, e->call.args[0], NULL);
    if (t->kind == TYPE_UNIT) {
        diag_report(&c->stages[STAGE_TYPES], e->call.args[0]->span, DIAG_E1206_TYPE_MISMATCH, "a value",
                    type_name(c->arena, t));
        return check_set_type(c, e, check_error_type(c));
    }
    if (t->kind == TYPE_ENUM && t->def)
        t->def->identity_observed = true;
    return check_set_type(c, e, i64);
}

Type *check_call_fail(Checker *c, const AstExpr *e)
{
    for (uint32_t i = 0; i < e->call.arg_count; i++)
        check_expr(c, e->call.args[i], NULL);
    return check_set_type(c, e, check_error_type(c));
}

/* A call of a generic function: explicit type arguments, or inferred from
 * the arguments left to right, then from the expected type (§5a item 5). */
static Type *check_generic_call(Checker *c, const AstExpr *e, SemaFunction *decl, Type *expected)
{
    const AstExpr *callee = e->call.callee;
    const AstPathSegment *seg = &callee->path.path.segments[callee->path.path.count - 1];
    uint32_t n = decl->type_param_count;
    Type **args = ARENA_ARRAY(c->arena, Type *, n);
    if (seg->has_generic_args) {
        if (!generic_explicit_args(c, seg, n, args))
            return check_call_fail(c, e);
        SemaFunction *inst = generic_fn_instance(c, decl, args, callee->span);
        if (!inst)
            return check_call_fail(c, e);
        check_node(c, e->id)->binding = (SemaBinding){.kind = SEMA_BIND_FUNCTION, .function = inst};
        check_call_args(c, e, inst->params, inst->param_count);
        return check_set_type(c, e, inst->ret);
    }
    if (e->call.arg_count != decl->param_count) {
        check_report_arity(c, e->span, decl->param_count, e->call.arg_count);
        return check_call_fail(c, e);
    }
    for (uint32_t i = 0; i < decl->param_count; i++)
        generic_check_value(c, decl->type_params, args, n, decl->params[i], e->call.args[i]);
    if (expected && !type_is_error(expected))
        generic_unify(decl->ret, expected, decl->type_params, args, n);
    if (!generic_all_bound(args, n)) {
        generic_report_undetermined(c, callee->span, decl->name);
        return check_set_type(c, e, check_error_type(c));
    }
    SemaFunction *inst = generic_fn_instance(c, decl, args, callee->span);
    if (!inst)
        return check_set_type(c, e, check_error_type(c));
    check_node(c, e->id)->binding = (SemaBinding){.kind = SEMA_BIND_FUNCTION, .function = inst};
    for (uint32_t i = 0; i < inst->param_count; i++)
        check_coerce(c, e->call.args[i], inst->params[i]);
    return check_set_type(c, e, inst->ret);
}

Type *check_call(Checker *c, const AstExpr *e, Type *expected)
{
    (void)expected;
    const AstExpr *callee = e->call.callee;
    if (callee->kind == AST_EXPR_PATH && callee->path.path.count == 1 && callee->path.path.segments[0].name == c->sym_range) {
        check_unsupported(c, e->span, "`range` outside a for loop");
        return check_call_fail(c, e);
    }
    if (callee->kind != AST_EXPR_PATH) {
        if (callee->kind == AST_EXPR_MEMBER) /* `expr.m(args)` (check_struct.c) */
            return check_method_call(c, e, (SemaBinding){.kind = SEMA_BIND_NONE});
        Type *t = check_expr(c, callee, NULL);
        if (t->kind == TYPE_FUNCTION) /* e.g. a grouped lambda `((i64 x) => x)(42)` */
            return check_indirect_call(c, e, t);
        if (!type_is_error(t))
            diag_report(&c->stages[STAGE_TYPES], callee->span, DIAG_E1606_UNKNOWN_CALL_TARGET);
        return check_call_fail(c, e);
    }
    const AstPath *path = &callee->path.path;
    Symbol name = path->segments[0].name;
    SemaBinding qualified = {.kind = SEMA_BIND_NONE};
    bool is_qualified = check_path_is_qualified(c, path);
    if (is_qualified) { /* `m.f(args)` (§3.7) */
        qualified = check_qualified_value(c, path, callee->span);
        name = path->segments[path->count - 1].name;
    } else if (path->count > 1) {
        const CheckItem *item = path->count == 2 && !resolve_local_visible(c, name) ? resolve_type_item(c, name) : NULL;
        if (item && item->contract && item->contract->is_extern) { /* `LibC.abs(x)` (check_extern.c) */
            module_note_use(c, name); /* the contract is used (W1504) */
            return check_extern_call(c, e, item->contract);
        }
        bool via_this = false;
        SemaBinding head = resolve_name(c, name, path->segments[0].span, &via_this);
        if (head.kind == SEMA_BIND_LOCAL) /* `x.m(args)`, `x.f.m(args)` (check_struct.c) */
            return check_method_call(c, e, head);
        if (head.kind != SEMA_BIND_NONE)
            check_unsupported(c, callee->span, "method calls");
        return check_call_fail(c, e);
    }
    if (!is_qualified && resolve_is_builtin_name(name)) {
        SemaBuiltin builtin;
        if (!resolve_builtin(name, &builtin)) {
            bool pointer_result = strcmp(name, "__alloc") == 0 || strcmp(name, "__str_new") == 0 ||
                                  strcmp(name, "__interop_dispatch_ptr") == 0;
            if (pointer_result) /* __alloc, __str_new, __interop_dispatch_ptr: no checker signature */
                diag_report(&c->stages[STAGE_TYPES], callee->span, DIAG_E1606_UNKNOWN_CALL_TARGET);
            else
                check_unsupported(c, callee->span, "this builtin");
            return check_call_fail(c, e);
        }
        SemaBinding b = {.kind = SEMA_BIND_BUILTIN, .builtin = builtin};
        check_node(c, e->id)->binding = b;
        check_node(c, callee->id)->binding = b;
        if (builtin == SEMA_BUILTIN_ARRAY_NEW || builtin == SEMA_BUILTIN_ARRAY_LEN || builtin == SEMA_BUILTIN_ARRAY_ALLOC)
            return check_array_builtin(c, e, expected);
        if (builtin == SEMA_BUILTIN_HASH)
            return check_hash(c, e);
        Type *params[BUILTIN_MAX_PARAMS];
        uint32_t count = 0;
        Type *ret = builtin_signature(c, builtin, params, &count);
        check_call_args(c, e, params, count);
        /* The runtime functions behind builtins read a string argument (or
         * copy its bytes) and never keep the handle; a slice (and each part
         * of a split) shares the bytes, which an appendable local may later
         * overwrite. */
        bool shares = builtin == SEMA_BUILTIN_STR_SLICE || builtin == SEMA_BUILTIN_STR_SPLIT;
        for (uint32_t i = 0; !shares && i < e->call.arg_count; i++)
            check_note_copied(c, e->call.args[i]);
        return check_set_type(c, e, ret);
    }
    /* a member of `this` shadows a variant name as a local does (§5b item 12) */
    if (!is_qualified && !resolve_this_member(c, name) && check_unqualified_ctor(c, e)) /* E1303 (check_enum.c) */
        return check_call_fail(c, e);
    bool via_this = false;
    SemaBinding b = is_qualified ? qualified : resolve_name(c, name, callee->span, &via_this);
    if (via_this) /* `Push(x)` is `this.Push(x)`, `f(x)` calls the field `this.f` (§5a item 7) */
        return check_method_call(c, e, b);
    check_node(c, callee->id)->binding = b;
    if (b.kind == SEMA_BIND_NONE)
        return check_call_fail(c, e);
    if (b.kind == SEMA_BIND_LOCAL) {
        if (b.local->type->kind == TYPE_FUNCTION) { /* §3.4.3 item 4: indirect call */
            check_set_type(c, callee, b.local->type);
            return check_indirect_call(c, e, b.local->type);
        }
        if (!type_is_error(b.local->type)) {
            Diag *d = diag_report(&c->stages[STAGE_TYPES], callee->span, DIAG_E1606_UNKNOWN_CALL_TARGET);
            hint_call_target(c, &c->stages[STAGE_TYPES], d, name, NULL);
            diag_add_span(&c->stages[STAGE_TYPES], d, b.local->span, "`%s` declared here", name);
        }
        return check_call_fail(c, e);
    }
    BSK_ASSERT(b.kind == SEMA_BIND_FUNCTION);
    if (b.function->type_param_count)
        return check_generic_call(c, e, b.function, expected);
    if (path->segments[path->count - 1].has_generic_args) { /* E1204 `expected 0` */
        generic_explicit_args(c, &path->segments[path->count - 1], 0, NULL);
        return check_call_fail(c, e);
    }
    check_node(c, e->id)->binding = b;
    SemaFunction *fn = b.function;
    check_call_args_of(c, e, fn->params, fn->param_count, fn);
    for (uint32_t i = 0; i < e->call.arg_count && i < fn->param_count; i++)
        check_note_string_arg(c, e->call.args[i], fn, i);
    return check_set_type(c, e, fn->ret);
}
