/* sema/generics.c: generic declarations and their instances (language.md
 * §3.8, §5a items 5-6, §5b items 12-13). A declaration's types mention its
 * own TYPE_GENERIC_PARAMs; an instance substitutes type arguments for them.
 * Instances are unique per (declaration, arguments). A concrete instance of a
 * function (or of a method, per instance of its type) joins the program's
 * functions, with a facts table of its own, and its body is checked again
 * under the substitution by sema_check's loop; an open instance (arguments
 * that mention parameters, met while checking a generic body) only gives
 * types. Instance members are computed once the declaration's are known. */
#include <stdio.h>
#include <string.h>

#include "sema/checker.h"
#include "support/check.h"
#include "support/strbuf.h"

/* A nest of instantiations deeper than this is reported instead of followed
 * (`type Box<T> { Box<Box<T>> inner }` would never end), and so is a program
 * that asks for more instances than this (a body that instantiates itself
 * two ways grows exponentially within the depth). */
enum { MAX_DEPTH = 32, MAX_SIZE = 1024, MAX_INSTANCES = 50000 };

/* Type arguments nested too deeply, or too large written out. */
static bool runaway_type(const Type *t)
{
    return t->depth > MAX_DEPTH || t->size > MAX_SIZE;
}

/* Reports a runaway instantiation once per compilation: every instance
 * after the first would repeat it. */
static void report_runaway(Checker *c, Span span, const char *what)
{
    DiagList *stages = c->outer_stages ? c->outer_stages : c->stages;
    if (!c->instances_exhausted)
        diag_report(&stages[STAGE_TYPES], span, DIAG_E2001_UNSUPPORTED_NODE, what);
    c->instances_exhausted = true;
}

/* False, after the report, once the program has made MAX_INSTANCES instances. */
static bool instance_budget(Checker *c, Span span)
{
    if (c->type_instances.count + c->fn_instances.count < MAX_INSTANCES)
        return true;
    report_runaway(c, span, "too many generic instantiations");
    return false;
}

/* `unit` has no values (§3.2), so it cannot stand for a type parameter
 * (fields and parameters of that type would have no storage). */
static bool unit_argument(Checker *c, Type *const *args, uint32_t count, Span span)
{
    for (uint32_t i = 0; i < count; i++)
        if (args[i]->kind == TYPE_UNIT || args[i]->kind == TYPE_NEVER) {
            check_unsupported(c, span, "`unit` as a type argument");
            return true;
        }
    return false;
}

static bool same_args(Type *const *a, Type *const *b, uint32_t count)
{
    return count == 0 || memcmp(a, b, sizeof(Type *) * count) == 0;
}

/* Instances are found by (declaration, arguments) in a hash index, so making
 * n instances costs O(n), whatever their declarations. */
typedef struct InstanceKey {
    const void *decl;
    Type *const *args;
    uint32_t count;
} InstanceKey;

static uint64_t key_hash(const InstanceKey *key)
{
    uint64_t h = hash_index_mix(HASH_INDEX_SEED, (uint64_t)(uintptr_t)key->decl);
    for (uint32_t i = 0; i < key->count; i++)
        h = hash_index_mix(h, (uint64_t)(uintptr_t)key->args[i]);
    return h;
}

static bool type_matches(const void *value, const void *key)
{
    const SemaTypeDef *inst = value;
    const InstanceKey *k = key;
    return inst->origin == k->decl && same_args(inst->type->args, k->args, k->count);
}

static bool fn_matches(const void *value, const void *key)
{
    const SemaFunction *inst = value;
    const InstanceKey *k = key;
    return inst->origin == k->decl && same_args(inst->env.types, k->args, k->count);
}

Type *generic_subst(Checker *c, Type *t, Type *const *from, Type *const *to, uint32_t count)
{
    if (!t || !t->is_open)
        return t;
    switch (t->kind) {
    case TYPE_GENERIC_PARAM:
        for (uint32_t i = 0; i < count; i++)
            if (from[i] == t)
                return to[i];
        return t;
    case TYPE_ARRAY: {
        Type *element = generic_subst(c, t->element, from, to, count);
        return type_is_error(element) ? element : type_array(c->types, element);
    }
    case TYPE_FUNCTION: {
        Type **params = ARENA_ARRAY(c->arena, Type *, t->arg_count ? t->arg_count : 1);
        for (uint32_t i = 0; i < t->arg_count; i++)
            params[i] = generic_subst(c, t->args[i], from, to, count);
        return type_function(c->types, generic_subst(c, t->ret, from, to, count), params, t->arg_count);
    }
    case TYPE_STRUCT:
    case TYPE_ENUM: {
        SemaTypeDef *def = t->def;
        SemaTypeDef *decl = def->origin ? def->origin : def;
        Type **args = ARENA_ARRAY(c->arena, Type *, t->arg_count ? t->arg_count : 1);
        for (uint32_t i = 0; i < t->arg_count; i++)
            args[i] = generic_subst(c, t->args[i], from, to, count);
        SemaTypeDef *inst = generic_type_instance(c, decl, args, SPAN_NONE);
        return inst ? inst->type : check_error_type(c);
    }
    default: return t;
    }
}

/* A facts table for the nodes of 'item' (one per function instance). */
static const SemaFacts *facts_for(Checker *c, const AstItem *item)
{
    SemaFacts *facts = ARENA_NEW(c->arena, SemaFacts);
    facts->base = item->node_begin;
    facts->count = item->node_end - item->node_begin;
    facts->nodes = ARENA_ARRAY(c->arena, SemaNodeFacts, facts->count ? facts->count : 1);
    return facts;
}

/* A concrete instance joins the program: its body is checked by sema_check's loop. */
static void register_function(Checker *c, SemaFunction *fn)
{
    if (fn->is_open)
        return;
    fn->facts = facts_for(c, fn->item);
    fn->index = c->program->funcs.count;
    VEC_PUSH(c->arena, &c->program->funcs, fn);
}

static SemaFunction *new_instance_of(Checker *c, const SemaFunction *decl)
{
    SemaFunction *fn = ARENA_NEW(c->arena, SemaFunction);
    fn->item = decl->item;
    fn->ast = decl->ast;
    fn->name = decl->name;
    fn->is_public = decl->is_public;
    fn->origin = (SemaFunction *)decl;
    fn->module = decl->module;
    fn->param_count = decl->param_count;
    fn->params = ARENA_ARRAY(c->arena, Type *, decl->param_count ? decl->param_count : 1);
    return fn;
}

/* The method 'm' of the generic type declaration, for its instance 'inst'. */
static SemaFunction *method_instance(Checker *c, SemaFunction *m, SemaTypeDef *inst)
{
    SemaTypeDef *decl = inst->origin;
    Type *const *args = inst->type->args;
    SemaFunction *fn = new_instance_of(c, m);
    fn->receiver = inst;
    for (uint32_t i = 0; i < m->param_count; i++)
        fn->params[i] = generic_subst(c, m->params[i], decl->params, args, decl->param_count);
    fn->ret = generic_subst(c, m->ret, decl->params, args, decl->param_count);
    fn->env = (SemaGenericEnv){.names = m->env.names, .types = inst->type->args, .count = m->env.count};
    fn->is_open = inst->type->is_open;
    register_function(c, fn);
    return fn;
}

static SemaField *subst_fields(Checker *c, const SemaField *fields, uint32_t count, const SemaTypeDef *decl,
                               Type *const *args)
{
    SemaField *out = ARENA_ARRAY(c->arena, SemaField, count ? count : 1);
    for (uint32_t i = 0; i < count; i++) {
        out[i] = fields[i];
        out[i].type = generic_subst(c, fields[i].type, decl->params, args, decl->param_count);
    }
    return out;
}

/* Fills the members of 'inst' from its declaration's. */
static void complete(Checker *c, SemaTypeDef *inst)
{
    SemaTypeDef *decl = inst->origin;
    Type *const *args = inst->type->args;
    inst->members_ready = true;
    inst->conformances = decl->conformances; /* contracts are never generic */
    inst->field_count = decl->field_count;
    inst->fields = subst_fields(c, decl->fields, decl->field_count, decl, args);
    inst->variant_count = decl->variant_count;
    inst->variants = ARENA_ARRAY(c->arena, SemaVariant, decl->variant_count ? decl->variant_count : 1);
    for (uint32_t v = 0; v < decl->variant_count; v++) {
        inst->variants[v] = decl->variants[v];
        inst->variants[v].fields =
            subst_fields(c, decl->variants[v].fields, decl->variants[v].field_count, decl, args);
    }
    for (uint32_t i = 0; i < decl->methods.count; i++)
        VEC_PUSH(c->arena, &inst->methods, method_instance(c, decl->methods.items[i], inst));
}

SemaTypeDef *generic_type_instance(Checker *c, SemaTypeDef *decl, Type **args, Span span)
{
    if (same_args(args, decl->params, decl->param_count))
        return decl;
    InstanceKey key = {.decl = decl, .args = args, .count = decl->param_count};
    uint64_t hash = key_hash(&key);
    SemaTypeDef *found = hash_index_find(&c->type_instances, hash, type_matches, &key);
    if (found)
        return found;
    if (unit_argument(c, args, decl->param_count, span.file == SPAN_NO_FILE ? decl->item->name.span : span) ||
        !instance_budget(c, span.file == SPAN_NO_FILE ? decl->item->name.span : span))
        return NULL;
    Type *type = type_named(c->types, decl->type->kind, decl->item);
    type->arg_count = decl->param_count;
    type->args = ARENA_ARRAY(c->arena, Type *, decl->param_count ? decl->param_count : 1);
    for (uint32_t i = 0; i < decl->param_count; i++)
        type->args[i] = args[i];
    type_measure(type);
    if (runaway_type(type)) {
        report_runaway(c, span.file == SPAN_NO_FILE ? decl->item->name.span : span,
                       "generic instantiation nested too deeply");
        return NULL;
    }
    SemaTypeDef *inst = ARENA_NEW(c->arena, SemaTypeDef);
    inst->item = decl->item;
    inst->type = type;
    inst->is_enum = decl->is_enum;
    inst->origin = decl;
    inst->module = decl->module;
    type->def = inst;
    VEC_PUSH(c->arena, &decl->instances, inst);
    hash_index_add(&c->type_instances, c->arena, hash, inst);
    if (!type->is_open) {
        inst->index = c->program->typedefs.count;
        VEC_PUSH(c->arena, &c->program->typedefs, inst);
    }
    if (decl->members_ready)
        complete(c, inst);
    return inst;
}

void generic_members_ready(Checker *c)
{
    for (uint32_t i = 0; i < c->program->typedefs.count; i++) {
        SemaTypeDef *decl = c->program->typedefs.items[i];
        if (decl->is_generic)
            decl->members_ready = true;
    }
    /* instances met while the members were declared; completing one may add more */
    for (uint32_t i = 0; i < c->program->typedefs.count; i++) {
        SemaTypeDef *decl = c->program->typedefs.items[i];
        if (!decl->is_generic)
            continue;
        for (uint32_t j = 0; j < decl->instances.count; j++)
            if (!decl->instances.items[j]->members_ready)
                complete(c, decl->instances.items[j]);
    }
}

SemaFunction *generic_fn_instance(Checker *c, SemaFunction *decl, Type **args, Span span)
{
    uint32_t n = decl->type_param_count;
    if (same_args(args, decl->type_params, n))
        return decl;
    InstanceKey key = {.decl = decl, .args = args, .count = n};
    uint64_t hash = key_hash(&key);
    SemaFunction *found = hash_index_find(&c->fn_instances, hash, fn_matches, &key);
    if (found)
        return found;
    if (unit_argument(c, args, n, span) || !instance_budget(c, span))
        return NULL;
    for (uint32_t i = 0; i < n; i++) /* `id<T[]>` inside `id<T>` would never end either */
        if (runaway_type(args[i])) {
            report_runaway(c, span, "generic instantiation nested too deeply");
            return NULL;
        }
    SemaFunction *fn = new_instance_of(c, decl);
    Type **copy = ARENA_ARRAY(c->arena, Type *, n ? n : 1);
    for (uint32_t i = 0; i < n; i++) {
        copy[i] = args[i];
        fn->is_open |= args[i]->is_open;
    }
    for (uint32_t i = 0; i < decl->param_count; i++)
        fn->params[i] = generic_subst(c, decl->params[i], decl->type_params, copy, n);
    fn->ret = generic_subst(c, decl->ret, decl->type_params, copy, n);
    fn->env = (SemaGenericEnv){.names = decl->env.names, .types = copy, .count = n};
    VEC_PUSH(c->arena, &decl->instances, fn);
    hash_index_add(&c->fn_instances, c->arena, hash, fn);
    register_function(c, fn);
    return fn;
}

bool generic_unify(Type *pattern, Type *actual, Type *const *params, Type **bound, uint32_t count)
{
    if (!pattern || !actual || !pattern->is_open || type_is_error(actual) || actual->kind == TYPE_NEVER)
        return true;
    switch (pattern->kind) {
    case TYPE_GENERIC_PARAM:
        for (uint32_t i = 0; i < count; i++)
            if (params[i] == pattern) {
                if (!bound[i])
                    bound[i] = actual;
                return bound[i] == actual;
            }
        return pattern == actual;
    case TYPE_ARRAY:
        return actual->kind == TYPE_ARRAY && generic_unify(pattern->element, actual->element, params, bound, count);
    case TYPE_FUNCTION:
        if (actual->kind != TYPE_FUNCTION || actual->arg_count != pattern->arg_count)
            return false;
        for (uint32_t i = 0; i < pattern->arg_count; i++)
            if (!generic_unify(pattern->args[i], actual->args[i], params, bound, count))
                return false;
        return generic_unify(pattern->ret, actual->ret, params, bound, count);
    case TYPE_STRUCT:
    case TYPE_ENUM: {
        const SemaTypeDef *pd = pattern->def, *ad = actual->def;
        const SemaTypeDef *porigin = pd->origin ? pd->origin : pd, *aorigin = ad && ad->origin ? ad->origin : ad;
        if (actual->kind != pattern->kind || porigin != aorigin || actual->arg_count != pattern->arg_count)
            return false;
        for (uint32_t i = 0; i < pattern->arg_count; i++)
            if (!generic_unify(pattern->args[i], actual->args[i], params, bound, count))
                return false;
        return true;
    }
    default: return pattern == actual;
    }
}

Type *generic_bound(Checker *c, Type *t, Type *const *params, Type **bound, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++)
        if (!bound[i] && generic_mentions(t, params[i]))
            return NULL;
    return generic_subst(c, t, params, bound, count);
}

bool generic_mentions(const Type *t, const Type *param)
{
    if (!t || !t->is_open)
        return false;
    if (t == param)
        return true;
    if (t->kind == TYPE_ARRAY)
        return generic_mentions(t->element, param);
    if (t->kind == TYPE_FUNCTION && generic_mentions(t->ret, param))
        return true;
    for (uint32_t i = 0; i < t->arg_count; i++)
        if (generic_mentions(t->args[i], param))
            return true;
    return false;
}

const char *generic_instance_name(Checker *c, const SemaFunction *fn)
{
    if (fn->receiver)
        return arena_printf(c->arena, "%s::%s", type_name(c->arena, fn->receiver->type), fn->name);
    StrBuf sb = {0};
    strbuf_puts(&sb, fn->name);
    strbuf_putc(&sb, '<');
    for (uint32_t i = 0; i < fn->env.count; i++) {
        if (i)
            strbuf_puts(&sb, ", ");
        strbuf_puts(&sb, type_name(c->arena, fn->env.types[i]));
    }
    strbuf_putc(&sb, '>');
    const char *out = arena_strdup(c->arena, strbuf_cstr(&sb));
    strbuf_free(&sb);
    return out;
}

bool generic_explicit_args(Checker *c, const AstPathSegment *seg, uint32_t count, Type **args)
{
    if (seg->generic_count != count) {
        char want[16], got[16];
        snprintf(want, sizeof want, "%u", count);
        snprintf(got, sizeof got, "%u", seg->generic_count);
        diag_report(&c->stages[STAGE_TYPES], seg->span, DIAG_E1204_GENERIC_ARGUMENT_MISMATCH, want, got);
        return false;
    }
    bool ok = true;
    for (uint32_t i = 0; i < count; i++) {
        args[i] = resolve_type(c, seg->generic_args[i], false);
        ok = ok && !type_is_error(args[i]);
    }
    return ok;
}

SemaTypeDef *generic_from_expected(SemaTypeDef *decl, Type *expected)
{
    SemaTypeDef *def = sema_typedef_of(expected);
    return def && (def == decl || def->origin == decl) ? def : NULL;
}

Type *generic_check_value(Checker *c, Type *const *params, Type **bound, uint32_t count, Type *pattern,
                          const AstExpr *value)
{
    Type *want = generic_bound(c, pattern, params, bound, count);
    Type *t = check_expr(c, value, want);
    if (!want)
        generic_unify(pattern, t, params, bound, count);
    return t;
}

bool generic_all_bound(Type *const *bound, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++)
        if (!bound[i])
            return false;
    return true;
}

void generic_report_undetermined(Checker *c, Span span, const char *example)
{
    Diag *d = diag_report(&c->stages[STAGE_TYPES], span, DIAG_E1203_MISSING_TYPE_ARGUMENTS);
    diag_set_help(&c->stages[STAGE_TYPES], d, "provide explicit type arguments, e.g. `%s<i32>`", example);
}
