/* sema/resolve.c: local scopes, value names and written types.
 * Inside a method, a simple name that is no local names a field or method of
 * the implicit `this` before any item (language.md §5a item 7).
 * A block's scope knows its block, so a name declared by a later `let` of the
 * same block is reported as use-before-declaration (E1106) unless an outer
 * let/for binding of that name is visible (language.md §3.5.1). */
#include <stdio.h>
#include <string.h>

#include "sema/checker.h"
#include "support/check.h"

static const struct {
    const char *name;
    bool supported;
} builtin_table[] = {
#define BUILTIN(id, name, kind, signature, runtime) [SEMA_BUILTIN_##id] = {name, BUILTIN_##kind},
#define BUILTIN_CALL true
#define BUILTIN_TYPED true
#define BUILTIN_NONE false
#include "sema/builtins.def"
#undef BUILTIN
};

bool resolve_is_builtin_name(Symbol name)
{
    for (size_t i = 0; i < sizeof builtin_table / sizeof builtin_table[0]; i++)
        if (strcmp(builtin_table[i].name, name) == 0)
            return true;
    return false;
}

bool resolve_builtin(Symbol name, SemaBuiltin *out)
{
    for (size_t i = 0; i < sizeof builtin_table / sizeof builtin_table[0]; i++)
        if (builtin_table[i].supported && strcmp(builtin_table[i].name, name) == 0) {
            *out = (SemaBuiltin)i;
            return true;
        }
    return false;
}

/* Names are found through hash indexes, so that lookups cost the same in a
 * block of 10 statements and of 100,000 (a small scope or block is still
 * scanned: its index would cost more than it saves). */
enum { SCAN_LIMIT = 16 };

static void index_lets(Checker *c, Scope *scope);

void scope_push(Checker *c, Scope *scope, const AstBlock *block)
{
    memset(scope, 0, sizeof *scope);
    scope->parent = c->scope;
    scope->block = block;
    c->scope = scope;
    if (block && block->count > SCAN_LIMIT)
        index_lets(c, scope);
}

void scope_pop(Checker *c)
{
    c->scope = c->scope->parent;
}


/* A name's entry in a scope's or block's index: updated in place, so the
 * index answers with the latest local or the last `let`. */
typedef struct NameSlot {
    Symbol name;
    SemaLocal *local;
    uint32_t last_let;
} NameSlot;

static uint64_t name_hash(Symbol name)
{
    return hash_index_mix(HASH_INDEX_SEED, (uint64_t)(uintptr_t)name);
}

static bool slot_matches(const void *value, const void *key)
{
    return ((const NameSlot *)value)->name == (Symbol)key;
}

static SemaLocal *find_in_scope(const Scope *scope, Symbol name)
{
    if (scope->names.capacity) {
        const NameSlot *slot = hash_index_find(&scope->names, name_hash(name), slot_matches, name);
        return slot ? slot->local : NULL;
    }
    for (uint32_t i = scope->locals.count; i-- > 0;)
        if (scope->locals.items[i]->name == name)
            return scope->locals.items[i];
    return NULL;
}

/* Records the scope's newest local in its index, which is made (with every
 * local so far) once the scope outgrows a scan. */
static void index_local(Checker *c, Scope *scope)
{
    if (!scope->names.capacity && scope->locals.count <= SCAN_LIMIT)
        return;
    uint32_t from = scope->names.capacity ? scope->locals.count - 1 : 0;
    for (uint32_t i = from; i < scope->locals.count; i++) {
        SemaLocal *l = scope->locals.items[i];
        uint64_t hash = name_hash(l->name);
        NameSlot *slot = hash_index_find(&scope->names, hash, slot_matches, l->name);
        if (!slot) {
            slot = ARENA_NEW(c->arena, NameSlot);
            slot->name = l->name;
            hash_index_add(&scope->names, c->arena, hash, slot);
        }
        slot->local = l;
    }
}

/* The `let`s of a large block, by name (the index of the last one). */
static void index_lets(Checker *c, Scope *scope)
{
    const AstBlock *block = scope->block;
    for (uint32_t i = 0; i < block->count; i++) {
        const AstStmt *s = block->stmts[i];
        if (s->kind != AST_STMT_LET)
            continue;
        uint64_t hash = name_hash(s->let.name.name);
        NameSlot *slot = hash_index_find(&scope->lets, hash, slot_matches, s->let.name.name);
        if (!slot) {
            slot = ARENA_NEW(c->arena, NameSlot);
            slot->name = s->let.name.name;
            hash_index_add(&scope->lets, c->arena, hash, slot);
        }
        slot->last_let = i;
    }
}

static bool pending_let(const Scope *scope, Symbol name)
{
    if (!scope->block)
        return false;
    if (scope->lets.capacity) {
        const NameSlot *slot = hash_index_find(&scope->lets, name_hash(name), slot_matches, name);
        return slot && slot->last_let >= scope->next_stmt;
    }
    for (uint32_t i = scope->next_stmt; i < scope->block->count; i++) {
        const AstStmt *s = scope->block->stmts[i];
        if (s->kind == AST_STMT_LET && s->let.name.name == name)
            return true;
    }
    return false;
}

typedef struct ItemKey {
    const Checker *c;
    const SemaModule *module;
    Symbol name;
    const AstItem *other;
    bool (*conflicts)(const AstItem *item, const AstItem *other);
} ItemKey;

static uint64_t item_hash(const SemaModule *module, Symbol name)
{
    return hash_index_mix(name_hash(name), (uint64_t)(uintptr_t)module);
}

static bool item_matches(const void *value, const void *key)
{
    const ItemKey *k = key;
    const CheckItem *item = &k->c->items.items[(uintptr_t)value - 1];
    return item->name == k->name && item->module == k->module && (!k->conflicts || k->conflicts(item->item, k->other));
}

/* Items of c->module only: the namespace of E1001/E1006 (§5b item 10). */
const CheckItem *resolve_item_where(const Checker *c, Symbol name, const AstItem *other,
                                    bool (*conflicts)(const AstItem *item, const AstItem *other))
{
    return resolve_item_in(c, c->module, name, other, conflicts);
}

const CheckItem *resolve_item_in(const Checker *c, const SemaModule *module, Symbol name, const AstItem *other,
                                 bool (*conflicts)(const AstItem *item, const AstItem *other))
{
    ItemKey key = {.c = c, .module = module, .name = name, .other = other, .conflicts = conflicts};
    void *found = hash_index_find(&c->item_names, item_hash(module, name), item_matches, &key);
    return found ? &c->items.items[(uintptr_t)found - 1] : NULL;
}

const CheckItem *resolve_item(const Checker *c, Symbol name)
{
    return module_lookup_item((Checker *)c, name, SPAN_NONE);
}

const CheckItem *resolve_type_item(const Checker *c, Symbol name)
{
    return module_lookup_item_for((Checker *)c, name, SPAN_NONE, MODULE_WANT_TYPE);
}

void resolve_add_item(Checker *c, uint32_t index)
{
    const CheckItem *item = &c->items.items[index];
    hash_index_add(&c->item_names, c->arena, item_hash(item->module, item->name), (void *)(uintptr_t)(index + 1));
}

SemaLocal *scope_declare(Checker *c, Symbol name, Span span, Type *type, bool is_mutable)
{
    SemaLocal *dup = find_in_scope(c->scope, name);
    if (dup) {
        Diag *d = diag_report(&c->stages[STAGE_NAMES], span, DIAG_E1102_DUPLICATE_LOCAL, name);
        check_prev_help(c, d, dup->span);
    } else if (c->scope->parent) { /* parameters shadow nothing */
        SemaLocal *outer = NULL;
        for (const Scope *s = c->scope->parent; s && !outer; s = s->parent)
            outer = find_in_scope(s, name);
        const CheckItem *item = outer ? NULL : resolve_item(c, name);
        if (outer || item) {
            Diag *d = diag_report(&c->stages[STAGE_SHADOW], span, DIAG_W1103_SHADOWED_LOCAL, name);
            check_prev_help(c, d, outer ? outer->span : item->item->name.span);
        }
    }
    SemaLocal *local = ARENA_NEW(c->arena, SemaLocal);
    local->name = name;
    local->span = span;
    local->type = type;
    local->is_mutable = is_mutable;
    local->index = c->fn->locals.count;
    local->owner = c->fn;
    VEC_PUSH(c->arena, &c->fn->locals, local);
    VEC_PUSH(c->arena, &c->scope->locals, local);
    index_local(c, c->scope);
    return local;
}

SemaLocal *resolve_this_member(const Checker *c, Symbol name)
{
    const SemaFunction *method = c->fn;
    while (method && method->lambda) /* a lambda in a method sees the method's `this` */
        method = method->lambda->parent;
    if (!method || !method->receiver || method->locals.count == 0)
        return NULL;
    const SemaTypeDef *def = method->receiver;
    if (sema_field_index(def, name) < 0 && !sema_method(def, name))
        return NULL;
    return method->locals.items[0]; /* `this` (check_function_body) */
}

SemaBinding resolve_value(Checker *c, Symbol name, Span span)
{
    return resolve_name(c, name, span, NULL);
}

SemaBinding resolve_name(Checker *c, Symbol name, Span span, bool *via_this)
{
    SemaBinding none = {.kind = SEMA_BIND_NONE};
    bool before_declaration = false;
    SemaLocal *found = NULL;
    for (const Scope *s = c->scope; s && !found; s = s->parent) {
        SemaLocal *local = find_in_scope(s, name);
        if (local && (!before_declaration || !local->is_param))
            found = local;
        else if (!local && pending_let(s, name))
            before_declaration = true;
        else if (local)
            break; /* a parameter does not suppress E1106 */
    }
    if (found) {
        check_note_use(c, found);
        found->uses++;
        return (SemaBinding){.kind = SEMA_BIND_LOCAL, .local = found};
    }
    if (before_declaration) {
        diag_report(&c->stages[STAGE_NAMES], span, DIAG_E1106_USE_BEFORE_DECLARATION, name);
        return none;
    }
    SemaLocal *self = via_this ? resolve_this_member(c, name) : NULL;
    if (self) { /* §5a item 7: members of `this` come before module-level names */
        check_note_use(c, self);
        self->uses++;
        *via_this = true;
        return (SemaBinding){.kind = SEMA_BIND_LOCAL, .local = self};
    }
    const CheckItem *item = module_lookup_item_for(c, name, span, MODULE_WANT_VALUE);
    module_note_use(c, name);
    if (item && item->function)
        return (SemaBinding){.kind = SEMA_BIND_FUNCTION, .function = item->function};
    SemaBuiltin builtin;
    if (resolve_builtin(name, &builtin))
        return (SemaBinding){.kind = SEMA_BIND_BUILTIN, .builtin = builtin};
    if (item || resolve_is_builtin_name(name)) {
        check_unsupported(c, span, item ? "values of this item kind" : "this builtin");
        return none;
    }
    Diag *d = diag_report(&c->stages[STAGE_NAMES], span, DIAG_E1101_UNKNOWN_VALUE, name);
    hint_unknown_value(c, &c->stages[STAGE_NAMES], d, name, span);
    return none;
}

/* A struct or enum type written `Name` or `Name<A, …>` (§3.2: a generic
 * type needs exactly its arguments, E1203/E1204). */
static Type *resolve_named_type(Checker *c, SemaTypeDef *def, const AstPathSegment *seg, Span span)
{
    if (!def->is_generic) {
        if (seg->has_generic_args) {
            char got[16];
            snprintf(got, sizeof got, "%u", seg->generic_count);
            diag_report(&c->stages[STAGE_TYPES], span, DIAG_E1204_GENERIC_ARGUMENT_MISMATCH, "0", got);
            return check_error_type(c);
        }
        return def->type;
    }
    if (!seg->has_generic_args) {
        Diag *d = diag_report(&c->stages[STAGE_TYPES], span, DIAG_E1203_MISSING_TYPE_ARGUMENTS);
        diag_set_help(&c->stages[STAGE_TYPES], d, "provide explicit type arguments, e.g. `%s<i32>`", def->type->name);
        return check_error_type(c);
    }
    Type **args = ARENA_ARRAY(c->arena, Type *, def->param_count ? def->param_count : 1);
    if (!generic_explicit_args(c, seg, def->param_count, args))
        return check_error_type(c);
    SemaTypeDef *inst = generic_type_instance(c, def, args, span);
    return inst ? inst->type : check_error_type(c);
}

Type *resolve_type(Checker *c, const AstType *type, bool in_definition)
{
    switch (type->kind) {
    case AST_TYPE_PRIMITIVE:
        return type_from_ast_primitive(c->types, type->primitive);
    case AST_TYPE_PATH: {
        const AstPath *path = &type->path;
        Symbol name = path->segments[path->count - 1].name;
        const AstPathSegment *seg = &path->segments[path->count - 1];
        const CheckItem *item;
        if (path->count > 1) {
            if (!module_lookup_module(c, path->segments[0].name)) {
                diag_report(&c->stages[in_definition ? STAGE_DEFS : STAGE_NAMES], path->segments[0].span,
                            DIAG_E1108_UNKNOWN_MODULE_PATH, path->segments[0].name);
                return check_error_type(c);
            }
            item = module_resolve_qualified(c, path->segments, path->count,
                                            in_definition ? CHECK_PATH_DEFINITION : CHECK_PATH_TYPE, type->span);
            if (!item)
                return check_error_type(c);
        } else {
            if (c->env && !seg->has_generic_args) /* a type parameter in scope (generics.c) */
                for (uint32_t i = 0; i < c->env->count; i++)
                    if (c->env->names[i] == name)
                        return c->env->types[i];
            item = module_lookup_item_for(c, name, type->span, MODULE_WANT_TYPE);
            module_note_use(c, name);
        }
        if (item && item->def)
            return resolve_named_type(c, item->def, seg, type->span);
        if (item && item->contract && !seg->has_generic_args)
            return item->contract->type; /* check_contract.c */
        if (item && (item->item->kind == AST_ITEM_TYPE || item->item->kind == AST_ITEM_ENUM ||
                     item->item->kind == AST_ITEM_CONTRACT)) {
            check_unsupported(c, type->span,
                              item->item->kind == AST_ITEM_TYPE   ? "struct types"
                              : item->item->kind == AST_ITEM_ENUM ? "enum types"
                                                                  : "contract types");
            return check_error_type(c);
        }
        DiagList *list = &c->stages[in_definition ? STAGE_DEFS : STAGE_NAMES];
        Diag *d = in_definition ? diag_report(list, type->span, DIAG_E1005_UNKNOWN_TYPE_IN_DEFINITION, name)
                                : diag_report(list, type->span, DIAG_E1201_UNKNOWN_TYPE, name);
        hint_unknown_type(c, list, d, name, type->span);
        return check_error_type(c);
    }
    case AST_TYPE_ARRAY: {
        Type *element = resolve_type(c, type->element, in_definition);
        return type_is_error(element) ? element : type_array(c->types, element);
    }
    case AST_TYPE_REF:
        check_unsupported(c, type->span, "ref types");
        return check_error_type(c);
    case AST_TYPE_FUNCTION:
        return check_function_type(c, type, in_definition);
    }
    BSK_UNREACHABLE();
}

Type *resolve_param(Checker *c, const AstParam *param)
{
    Type *t = resolve_type(c, param->type, true);
    if (param->modifier != AST_PARAM_PLAIN)
        diag_report(&c->stages[STAGE_TYPES], param->span, DIAG_E2001_UNSUPPORTED_NODE, "unsupported parameter modifier");
    else if (t->kind == TYPE_UNIT)
        check_unsupported(c, param->span, "unit-typed parameters");
    return t;
}

bool resolve_local_visible(const Checker *c, Symbol name)
{
    for (const Scope *s = c->scope; s; s = s->parent)
        if (find_in_scope(s, name))
            return true;
    return false;
}
