/* sema/check_struct.c: `type`/`enum` items and `impl` methods (language.md
 * §3.6.2-§3.6.4), struct literals (§3.4.4), field reads and writes and method
 * calls (§3.4.3, §3.4.6). A multi-segment path `a.b.c` whose head is a local
 * is a chain of field reads, recorded as the path's SemaFieldPath; as a
 * callee, its last segment names the method. `obj.f(x)` with no method `f`
 * calls the function-typed field `f` indirectly. Inside a method, a path
 * whose first segment is a member of the implicit `this` (§5a item 7) is
 * read as `this.` followed by the path, through the same functions. */
#include <stdio.h>
#include <string.h>

#include "sema/checker.h"
#include "support/check.h"

void items_declare_type(Checker *c, CheckItem *entry)
{
    const AstItem *item = entry->item;
    SemaTypeDef *def = ARENA_NEW(c->arena, SemaTypeDef);
    def->is_enum = item->kind == AST_ITEM_ENUM;
    Type *type = type_named(c->types, def->is_enum ? TYPE_ENUM : TYPE_STRUCT, item);
    def->item = item;
    def->type = type;
    type->def = def;
    const AstGenericParams *generics = def->is_enum ? &item->enum_def.generics : &item->type_def.generics;
    if (generics->present && generics->count) { /* §3.8: its own type is the instance over its parameters */
        uint32_t n = generics->count;
        Symbol *names = ARENA_ARRAY(c->arena, Symbol, n);
        def->params = ARENA_ARRAY(c->arena, Type *, n);
        for (uint32_t i = 0; i < n; i++) {
            names[i] = generics->names[i].name;
            def->params[i] = type_param(c->types, names[i]);
        }
        def->param_names = names;
        def->param_count = n;
        def->is_generic = true;
        type->args = def->params;
        type->arg_count = n;
        type_measure(type);
    }
    def->module = c->module;
    def->index = c->program->typedefs.count;
    VEC_PUSH(c->arena, &c->program->typedefs, def);
    entry->def = def;
}

static void resolve_fields(Checker *c, const AstField *ast, uint32_t count, bool in_enum, SemaField **out,
                           uint32_t *out_count)
{
    SemaField *fields = ARENA_ARRAY(c->arena, SemaField, count ? count : 1);
    for (uint32_t i = 0; i < count; i++) {
        fields[i].name = ast[i].name.name;
        fields[i].span = ast[i].name.span;
        if (ast[i].is_event) { /* check_event.c */
            check_event_field(c, &ast[i], &fields[i], in_enum);
            continue;
        }
        fields[i].type = resolve_type(c, ast[i].type, true);
        if (fields[i].type->kind == TYPE_UNIT || fields[i].type->kind == TYPE_NEVER)
            check_unsupported(c, ast[i].span, "unit-typed fields");
    }
    *out = fields;
    *out_count = count;
}

static void declare_variants(Checker *c, SemaTypeDef *def)
{
    const AstItem *item = def->item;
    uint32_t count = item->enum_def.variant_count;
    def->variants = ARENA_ARRAY(c->arena, SemaVariant, count ? count : 1);
    def->variant_count = count;
    for (uint32_t i = 0; i < count; i++) {
        const AstVariant *v = &item->enum_def.variants[i];
        SemaVariant *sv = &def->variants[i];
        sv->name = v->name.name;
        sv->span = v->name.span;
        for (uint32_t j = 0; j < i; j++)
            if (def->variants[j].name == sv->name) {
                Diag *d = diag_report(&c->stages[STAGE_DEFS], v->name.span, DIAG_E1002_DUPLICATE_VARIANT, sv->name);
                check_prev_help(c, d, def->variants[j].span);
                break;
            }
        resolve_fields(c, v->fields, v->field_count, true, &sv->fields, &sv->field_count);
    }
}

/* Declares 'm' as a method of 'def'; 'names' are the type parameter names the
 * impl gives `def`'s parameters (a generic type's methods are declarations,
 * instantiated per instance of the type, generics.c). */
static void declare_method(Checker *c, SemaTypeDef *def, const AstItem *impl, const AstMethod *m, const Symbol *names)
{
    const AstFunction *ast = &m->fn;
    SemaFunction *dup = sema_method(def, ast->name.name);
    if (dup) {
        const char *what = arena_printf(c->arena, "%s::%s", def->type->name, ast->name.name);
        Diag *d = diag_report(&c->stages[STAGE_NAMES], ast->name.span, DIAG_E1102_DUPLICATE_ITEM, what);
        check_prev_help(c, d, dup->ast->name.span);
    }
    SemaFunction *fn = ARENA_NEW(c->arena, SemaFunction);
    fn->item = impl;
    fn->ast = ast;
    fn->name = ast->name.name;
    fn->is_public = m->visibility == AST_PUBLIC;
    fn->receiver = def;
    fn->module = c->module;
    fn->facts = c->facts;
    if (def->is_generic) {
        fn->is_generic = true;
        fn->env = (SemaGenericEnv){.names = names, .types = def->params, .count = def->param_count};
    }
    const SemaGenericEnv *saved_env = c->env;
    c->env = &fn->env;
    fn->ret = resolve_type(c, ast->ret, true);
    fn->param_count = ast->param_count + 1;
    fn->params = ARENA_ARRAY(c->arena, Type *, fn->param_count);
    fn->params[0] = def->type;
    for (uint32_t i = 0; i < ast->param_count; i++)
        fn->params[i + 1] = resolve_param(c, &ast->params[i]);
    c->env = saved_env;
    if (ast->generics.present)
        check_unsupported(c, ast->name.span, "generic methods");
    if (fn->is_generic) {
        VEC_PUSH(c->arena, &c->generic_fns, fn);
    } else {
        fn->index = c->program->funcs.count;
        VEC_PUSH(c->arena, &c->program->funcs, fn);
    }
    if (!dup)
        VEC_PUSH(c->arena, &def->methods, fn);
}

/* `impl Box<T>`: fresh parameter names, one per parameter of `Box` (§5b
 * item 12); NULL after a report. */
static const Symbol *impl_names(Checker *c, const SemaTypeDef *def, const AstType *target)
{
    const AstPathSegment *seg = &target->path.segments[0];
    if (!seg->has_generic_args) {
        Diag *d = diag_report(&c->stages[STAGE_TYPES], target->span, DIAG_E1203_MISSING_TYPE_ARGUMENTS);
        diag_set_help(&c->stages[STAGE_TYPES], d, "provide explicit type arguments, e.g. `%s<T>`", def->type->name);
        return NULL;
    }
    if (seg->generic_count != def->param_count) {
        char want[16], got[16];
        snprintf(want, sizeof want, "%u", def->param_count);
        snprintf(got, sizeof got, "%u", seg->generic_count);
        diag_report(&c->stages[STAGE_TYPES], seg->span, DIAG_E1204_GENERIC_ARGUMENT_MISMATCH, want, got);
        return NULL;
    }
    Symbol *names = ARENA_ARRAY(c->arena, Symbol, def->param_count);
    for (uint32_t i = 0; i < def->param_count; i++) {
        const AstType *arg = seg->generic_args[i];
        bool fresh = arg->kind == AST_TYPE_PATH && arg->path.count == 1 && !arg->path.segments[0].has_generic_args &&
                     !resolve_item(c, arg->path.segments[0].name);
        for (uint32_t j = 0; fresh && j < i; j++)
            fresh = names[j] != arg->path.segments[0].name;
        if (!fresh) {
            diag_report(&c->stages[STAGE_TYPES], arg->span, DIAG_E2001_UNSUPPORTED_NODE,
                        "unsupported: impl of a specific instantiation");
            return NULL;
        }
        names[i] = arg->path.segments[0].name;
    }
    return names;
}

static void declare_impl(Checker *c, const AstItem *impl)
{
    const AstType *target = impl->impl.target;
    const CheckItem *item = NULL;
    if (target->kind == AST_TYPE_PATH && target->path.count == 1)
        item = resolve_type_item(c, target->path.segments[0].name);
    if (target->kind != AST_TYPE_PATH || target->path.count != 1 ||
        (target->path.segments[0].has_generic_args && !(item && item->def && item->def->is_generic))) {
        check_unsupported(c, target->span, target->kind == AST_TYPE_PATH ? "impl blocks of this type" : "impl blocks of primitive types");
        return;
    }
    if (!item || !item->def) {
        if (item)
            check_unsupported(c, target->span, "impl blocks of this item kind");
        else
            diag_report(&c->stages[STAGE_DEFS], target->span, DIAG_E1005_UNKNOWN_TYPE_IN_DEFINITION,
                        target->path.segments[0].name);
        return;
    }
    const Symbol *names = NULL;
    if (item->def->is_generic && !(names = impl_names(c, item->def, target)))
        return;
    for (uint32_t i = 0; i < impl->impl.method_count; i++)
        declare_method(c, item->def, impl, &impl->impl.methods[i], names);
}

static bool same_item(const AstItem *item, const AstItem *other)
{
    return item == other;
}

/* The methods of a type body (§5a item 7): exactly as if written in
 * `impl Name { … }`, so they share declare_method with impl blocks. */
static void declare_body_methods(Checker *c, const AstItem *item)
{
    if (!item->type_def.method_count)
        return;
    const CheckItem *entry = resolve_item_in(c, c->module, item->name.name, item, same_item);
    if (!entry || entry->item != item || !entry->def)
        return; /* a duplicate type (E1001) */
    /* a generic type's body methods see its own parameter names */
    for (uint32_t i = 0; i < item->type_def.method_count; i++)
        declare_method(c, entry->def, item, &item->type_def.methods[i], entry->def->param_names);
}

void items_declare_members(Checker *c)
{
    uint32_t declared = c->program->typedefs.count; /* instances made meanwhile are completed later */
    for (uint32_t i = 0; i < declared; i++) {
        SemaTypeDef *def = c->program->typedefs.items[i];
        if (def->origin) /* an instance met in a signature: generic_members_ready completes it */
            continue;
        SemaGenericEnv env = {.names = def->param_names, .types = def->params, .count = def->param_count};
        c->env = &env;
        c->module = (SemaModule *)def->module;
        if (def->is_enum)
            declare_variants(c, def);
        else
            resolve_fields(c, def->item->type_def.fields, def->item->type_def.field_count, false, &def->fields,
                           &def->field_count);
        c->env = NULL;
    }
    /* type bodies and impl blocks in file order: E1102 names the later one */
    for (uint32_t i = 0; i < c->flat.count; i++) {
        const AstItem *item = c->flat.items[i];
        module_enter_item(c, item);
        if (item->kind == AST_ITEM_IMPL)
            declare_impl(c, item);
        else if (item->kind == AST_ITEM_TYPE)
            declare_body_methods(c, item);
    }
}

/* ---- expressions ----------------------------------------------------------- */

static const SemaTypeDef *struct_def(const Type *t)
{
    const SemaTypeDef *def = sema_typedef_of(t);
    return def && !def->is_enum ? def : NULL;
}

static Type *struct_lit_fail(Checker *c, const AstExpr *e, bool values_checked)
{
    for (uint32_t i = 0; i < e->struct_lit.field_count && !values_checked; i++)
        check_expr(c, e->struct_lit.fields[i].value, NULL);
    return check_set_type(c, e, check_error_type(c));
}

/* `Box { value: 1 }` of a generic struct without type arguments: they come
 * from the field values (§5a item 5); the values are checked here. */
static SemaTypeDef *infer_struct(Checker *c, const AstExpr *e, SemaTypeDef *decl)
{
    Type **bound = ARENA_ARRAY(c->arena, Type *, decl->param_count);
    for (uint32_t i = 0; i < e->struct_lit.field_count; i++) {
        const AstFieldInit *init = &e->struct_lit.fields[i];
        int index = sema_field_index(decl, init->name.name);
        if (index < 0)
            check_expr(c, init->value, NULL);
        else
            generic_check_value(c, decl->params, bound, decl->param_count, decl->fields[index].type, init->value);
    }
    if (!generic_all_bound(bound, decl->param_count)) {
        generic_report_undetermined(c, e->struct_lit.type_path.span, decl->type->name);
        return NULL;
    }
    return generic_type_instance(c, decl, bound, e->span);
}

Type *check_struct_lit(Checker *c, const AstExpr *e, Type *expected)
{
    const AstPath *path = &e->struct_lit.type_path;
    bool qualified = path->count > 1 && module_lookup_module(c, path->segments[0].name);
    const CheckItem *item = path->count == 1 ? resolve_type_item(c, path->segments[0].name)
                            : qualified      ? module_resolve_qualified(c, path->segments, path->count, CHECK_PATH_TYPE, path->span)
                                             : NULL;
    if (path->count == 1)
        module_note_use(c, path->segments[0].name);
    SemaTypeDef *def = item && item->def && !item->def->is_enum ? item->def : NULL;
    if (!def) {
        if (path->count > 1 && !qualified)
            diag_report(&c->stages[STAGE_NAMES], path->segments[0].span, DIAG_E1108_UNKNOWN_MODULE_PATH,
                        path->segments[0].name);
        else if (path->count == 1 || item)
            diag_report(&c->stages[STAGE_NAMES], path->span, DIAG_E1201_UNKNOWN_STRUCT_TYPE);
        return struct_lit_fail(c, e, false);
    }
    const AstPathSegment *seg = &path->segments[path->count - 1];
    bool values_checked = false;
    if (seg->has_generic_args) { /* `Box<i64> { … }` */
        Type *written = resolve_type(c, &(AstType){.kind = AST_TYPE_PATH, .span = path->span, .path = *path}, false);
        if (type_is_error(written))
            return struct_lit_fail(c, e, false);
        def = written->def;
    } else if (def->is_generic && generic_from_expected(def, expected)) {
        def = generic_from_expected(def, expected);
    } else if (def->is_generic) {
        values_checked = true;
        if (!(def = infer_struct(c, e, def)))
            return struct_lit_fail(c, e, true);
    }
    bool seen[def->field_count ? def->field_count : 1];
    memset(seen, 0, sizeof seen);
    for (uint32_t i = 0; i < e->struct_lit.field_count; i++) {
        const AstFieldInit *init = &e->struct_lit.fields[i];
        int index = sema_field_index(def, init->name.name);
        /* a field given twice, or an event (§3.4.4: events start empty), is not a valid field init either */
        if (index < 0 || seen[index] || def->fields[index].is_event) {
            Diag *d =
                diag_report(&c->stages[STAGE_TYPES], init->name.span, DIAG_E1211_UNKNOWN_STRUCT_FIELD, init->name.name);
            if (index < 0)
                hint_unknown_member(c, &c->stages[STAGE_TYPES], d, def, init->name.name, init->name.span, false);
            if (!values_checked)
                check_expr(c, init->value, NULL);
            continue;
        }
        seen[index] = true;
        Type *ft = def->fields[index].type;
        if (!values_checked)
            check_expr(c, init->value, ft);
        check_coerce(c, init->value, ft);
    }
    for (uint32_t i = 0; i < def->field_count; i++)
        if (!seen[i] && !def->fields[i].is_event) {
            Diag *d = diag_report(&c->stages[STAGE_TYPES], e->span, DIAG_E1212_MISSING_STRUCT_FIELD, def->fields[i].name);
            hint_missing_field(c, &c->stages[STAGE_TYPES], d, def, &def->fields[i]);
        }
    return check_set_type(c, e, def->type);
}

/* The field 'name' of a value of type 't' (reported at 'span' when there is
 * none); the field's type, or the error type. */
static Type *field_of(Checker *c, Type *t, AstIdent name, Span span, SemaFieldStep *step)
{
    if (type_is_error(t))
        return check_error_type(c);
    const SemaTypeDef *def = struct_def(t);
    if (!def) {
        Diag *d = diag_report(&c->stages[STAGE_TYPES], span, DIAG_E1213_NOT_STRUCT_LIKE);
        hint_member_on_non_struct(c, &c->stages[STAGE_TYPES], d, t, name, span);
        return check_error_type(c);
    }
    int index = sema_field_index(def, name.name);
    if (index < 0) {
        Diag *d = diag_report(&c->stages[STAGE_TYPES], name.span, DIAG_E1211_UNKNOWN_STRUCT_FIELD, name.name);
        hint_unknown_member(c, &c->stages[STAGE_TYPES], d, def, name.name, name.span, true);
        return check_error_type(c);
    }
    *step = (SemaFieldStep){.def = def, .field = (uint32_t)index};
    return def->fields[index].type;
}

static Type *member_type(Checker *c, const AstExpr *e)
{
    Type *object = check_expr(c, e->member.object, NULL);
    SemaFieldStep step;
    return check_set_type(c, e, field_of(c, object, e->member.name, e->span, &step));
}

/* The field the place 'e' (a member or a field path, already checked) names, or NULL. */
static const SemaField *place_field(Checker *c, const AstExpr *e)
{
    if (e->kind == AST_EXPR_MEMBER) {
        const SemaTypeDef *def = struct_def(check_type_of(c, e->member.object));
        int index = def ? sema_field_index(def, e->member.name.name) : -1;
        return index >= 0 ? &def->fields[index] : NULL;
    }
    /* a place's path reads fields only, so its last step is the field (however
     * the path's head was found); after an error it may not be filled in */
    const SemaFieldPath *fields = check_node(c, e->id)->fields;
    if (!fields || fields->count == 0 || type_is_error(check_node(c, e->id)->type))
        return NULL;
    const SemaFieldStep *last = &fields->steps[fields->count - 1];
    return &last->def->fields[last->field];
}

/* An event field read as a value is an error (check_event.c). */
static Type *reject_event(Checker *c, const AstExpr *e, Type *t)
{
    const SemaField *field = place_field(c, e);
    if (!field || !field->is_event)
        return t;
    check_event_value_use(c, e->span);
    return check_set_type(c, e, check_error_type(c));
}

Type *check_member(Checker *c, const AstExpr *e)
{
    module_note_use(c, e->member.name.name); /* a member name is a use (W1504, §3.7) */
    return reject_event(c, e, member_type(c, e));
}

/* Records the field reads of segments [1, count) of the path 'e' (head =
 * the local of segment 0), or of segments [0, count) when the head is the
 * implicit `this` (§5a item 7), and returns the type they produce. One more
 * step stays free for a function-typed field callee (check_method_call). */
static Type *field_chain(Checker *c, const AstExpr *e, SemaBinding head, uint32_t count)
{
    const AstPath *path = &e->path.path;
    SemaNodeFacts *n = check_node(c, e->id);
    n->binding = head;
    SemaFieldPath *fields = ARENA_NEW(c->arena, SemaFieldPath);
    fields->steps = ARENA_ARRAY(c->arena, SemaFieldStep, count + 1);
    fields->implicit_this = check_is_implicit_this(path, head);
    n->fields = fields;
    uint32_t first = fields->implicit_this ? 0 : 1;
    Type *t = head.local->type;
    for (uint32_t i = first; i < count && !type_is_error(t); i++) {
        AstIdent name = {path->segments[i].name, path->segments[i].span};
        t = field_of(c, t, name, span_join(path->segments[0].span, path->segments[i].span), &fields->steps[i - first]);
        fields->count = i - first + 1;
    }
    return t;
}

static Type *field_path_type(Checker *c, const AstExpr *e, SemaBinding head)
{
    const AstPath *path = &e->path.path;
    for (uint32_t i = 0; i < path->count; i++)
        if (path->segments[i].has_generic_args) { /* fields take no type arguments: E1204, expected 0 */
            generic_explicit_args(c, &path->segments[i], 0, NULL);
            return check_set_type(c, e, check_error_type(c));
        }
    return check_set_type(c, e, field_chain(c, e, head, path->count));
}

Type *check_field_path(Checker *c, const AstExpr *e, SemaBinding head)
{
    return reject_event(c, e, field_path_type(c, e, head));
}

Type *check_field_assign(Checker *c, const AstExpr *e)
{
    const AstExpr *target = e->assign.target;
    Type *t;
    if (target->kind == AST_EXPR_PATH) {
        const AstPathSegment *first = &target->path.path.segments[0];
        bool via_this = false;
        SemaBinding head = resolve_name(c, first->name, first->span, &via_this);
        if (head.kind != SEMA_BIND_LOCAL) {
            if (head.kind != SEMA_BIND_NONE)
                diag_report(&c->stages[STAGE_TYPES], target->span, DIAG_E1202_UNSUPPORTED_EXPRESSION);
            check_expr(c, e->assign.value, NULL);
            return check_set_type(c, e, check_error_type(c));
        }
        t = field_path_type(c, target, head);
    } else {
        t = member_type(c, target);
    }
    const SemaField *field = place_field(c, target);
    if (field && field->is_event) /* `obj.E += f` (check_event.c) */
        return check_event_assign(c, e, field);
    if (field) /* the checker's own table: the field is not final */
        ((SemaField *)field)->is_reassigned = true;
    return check_assign_value(c, e, t);
}

Type *check_method_call(Checker *c, const AstExpr *e, SemaBinding head)
{
    const AstExpr *callee = e->call.callee;
    Type *recv;
    AstIdent name;
    if (callee->kind == AST_EXPR_PATH) {
        const AstPath *path = &callee->path.path;
        for (uint32_t i = 0; i < path->count; i++)
            if (path->segments[i].has_generic_args) { /* methods are never generic (§3.8): E1204, expected 0 */
                generic_explicit_args(c, &path->segments[i], 0, NULL);
                return check_call_fail(c, e);
            }
        recv = field_chain(c, callee, head, path->count - 1);
        name = (AstIdent){path->segments[path->count - 1].name, path->segments[path->count - 1].span};
    } else {
        recv = check_expr(c, callee->member.object, NULL);
        name = callee->member.name;
    }
    module_note_use(c, name.name); /* a member name is a use (W1504, §3.7) */
    if (type_is_error(recv))
        return check_call_fail(c, e);
    if (recv->kind == TYPE_CONTRACT) /* dynamic dispatch (check_contract.c) */
        return check_contract_call(c, e, recv, name);
    SemaTypeDef *def = sema_typedef_of(recv);
    int event = def && !def->is_enum ? sema_field_index(def, name.name) : -1;
    if (event >= 0 && def->fields[event].is_event) { /* §3.4.3 item 1 (check_event.c) */
        if (callee->kind == AST_EXPR_PATH) { /* the event is the path's last step */
            SemaFieldPath *fields = check_node(c, callee->id)->fields;
            fields->steps[fields->count++] = (SemaFieldStep){.def = def, .field = (uint32_t)event};
        }
        return check_event_invoke(c, e, def, &def->fields[event]);
    }
    SemaFunction *m = def ? sema_method(def, name.name) : NULL;
    if (!m && def && !def->is_enum && sema_field_index(def, name.name) >= 0) {
        /* §3.4.3 item 4: a function-typed field; methods win */
        SemaFieldStep step;
        Type *ft = field_of(c, recv, name, callee->span, &step);
        if (ft->kind == TYPE_FUNCTION) {
            if (callee->kind == AST_EXPR_PATH) { /* the field is one more step of the path */
                SemaFieldPath *fields = check_node(c, callee->id)->fields;
                fields->steps[fields->count++] = step;
            }
            check_set_type(c, callee, ft);
            return check_indirect_call(c, e, ft);
        }
    }
    if (!m) {
        Diag *d = diag_report(&c->stages[STAGE_TYPES], callee->span, DIAG_E1606_UNKNOWN_CALL_TARGET);
        hint_call_target(c, &c->stages[STAGE_TYPES], d, name.name, recv);
        if (def)
            hint_unknown_member(c, &c->stages[STAGE_TYPES], d, def, name.name, name.span, true);
        return check_call_fail(c, e);
    }
    SemaBinding b = {.kind = SEMA_BIND_FUNCTION, .function = m};
    check_node(c, e->id)->binding = b;
    check_set_type(c, callee, check_error_type(c)); /* methods are not values */
    check_call_args_of(c, e, m->params + 1, m->param_count - 1, m); /* params[0] is `this` */
    return check_set_type(c, e, m->ret);
}
