/* sema/check_contract.c: contracts (language.md §3.6.5): declarations and
 * their method sets (own methods, then embedded ones, transitively, cycles
 * ignored: E1003, E1004), declared conformance `type T : C` (E1607, E1601,
 * E1602 with parameter and return types compared), which values convert to
 * a contract (contract_convertible, used by check_coerce at every
 * assignment-like site) and calls through a contract value. */
#include "sema/checker.h"
#include "support/check.h"

void contract_declare(Checker *c, CheckItem *entry)
{
    const AstItem *item = entry->item;
    SemaContract *contract = ARENA_NEW(c->arena, SemaContract);
    Type *type = type_named(c->types, TYPE_CONTRACT, item);
    contract->item = item;
    contract->module = c->module;
    contract->type = type;
    type->contract = contract;
    /* attributes are checked by check_attr.c and have no effect, except
     * `Extern`: foreign functions (check_extern.c) */
    extern_contract_declare(c, contract);
    contract->index = c->program->contracts.count;
    VEC_PUSH(c->arena, &c->program->contracts, contract);
    entry->contract = contract;
}

/* The contract an embedding member or a conformance names, or NULL. */
static SemaContract *named_contract(const Checker *c, Symbol name)
{
    const CheckItem *item = resolve_type_item(c, name);
    return item ? item->contract : NULL;
}

static bool same_signature(const SemaContractMethod *a, const SemaContractMethod *b)
{
    if (a->ret != b->ret || a->param_count != b->param_count)
        return false;
    for (uint32_t i = 0; i < a->param_count; i++)
        if (a->params[i] != b->params[i])
            return false;
    return true;
}

static SemaContractMethod *find_method(const SemaContract *contract, Symbol name, uint32_t *index)
{
    int slot = sema_contract_slot(contract, name);
    if (slot < 0)
        return NULL;
    *index = (uint32_t)slot;
    return contract->methods.items[slot];
}

/* The contract's own method signatures (E1005 for unknown types, E1003 for a
 * repeated name): the first entries of contract->methods. Returns their count. */
static uint32_t declare_own_methods(Checker *c, SemaContract *contract)
{
    const AstItem *item = contract->item;
    for (uint32_t i = 0; i < item->contract.member_count; i++) {
        const AstContractMember *member = &item->contract.members[i];
        if (member->is_embedded)
            continue;
        uint32_t at;
        SemaContractMethod *dup = find_method(contract, member->name.name, &at);
        if (dup) {
            Diag *d = diag_report(&c->stages[STAGE_DEFS], member->name.span, DIAG_E1003_DUPLICATE_CONTRACT_METHOD,
                                  member->name.name);
            check_prev_help(c, d, dup->span);
            continue;
        }
        SemaContractMethod *m = ARENA_NEW(c->arena, SemaContractMethod);
        m->name = member->name.name;
        m->span = member->name.span;
        m->owner = contract;
        m->ret = resolve_type(c, member->ret, true);
        m->param_count = member->param_count;
        m->params = ARENA_ARRAY(c->arena, Type *, member->param_count ? member->param_count : 1);
        bool *byte_ref = contract->is_extern ? ARENA_ARRAY(c->arena, bool, member->param_count + 1) : NULL;
        for (uint32_t p = 0; p < member->param_count; p++)
            m->params[p] = byte_ref ? extern_param_type(c, &member->params[p], &byte_ref[p])
                                    : resolve_param(c, &member->params[p]);
        m->byte_ref = byte_ref;
        VEC_PUSH(c->arena, &contract->methods, m);
    }
    return contract->methods.count;
}

/* Collecting the method set of 'root': which contracts were visited, and for
 * each method of root->methods the embedding member of 'root' it came
 * through (UINT32_MAX for root's own), so that a conflict inside one
 * embedded contract is reported once, by that contract. */
typedef struct Closure {
    SemaContract *root;
    const uint32_t *own_counts; /* per contract index */
    bool *visited;              /* per contract index */
    VEC(uint32_t) branch;       /* per entry of root->methods */
} Closure;

static void visit(Checker *c, Closure *cl, SemaContract *k, uint32_t branch, const AstContractMember *via)
{
    if (cl->visited[k->index])
        return;
    cl->visited[k->index] = true;
    SemaContract *root = cl->root;
    if (k != root) {
        VEC_PUSH(c->arena, &root->embeds, k);
        for (uint32_t i = 0; i < cl->own_counts[k->index]; i++) {
            SemaContractMethod *m = k->methods.items[i];
            uint32_t at;
            SemaContractMethod *known = find_method(root, m->name, &at);
            if (!known) {
                VEC_PUSH(c->arena, &root->methods, m);
                VEC_PUSH(c->arena, &cl->branch, branch);
            } else if (!same_signature(known, m) && cl->branch.items[at] != branch) {
                diag_report(&c->stages[STAGE_DEFS], via->span, DIAG_E1004_CONFLICTING_EMBEDDED_METHOD,
                            via->embedded.name, m->name);
            }
        }
    }
    const AstItem *item = k->item;
    for (uint32_t i = 0; i < item->contract.member_count; i++) {
        const AstContractMember *member = &item->contract.members[i];
        if (!member->is_embedded)
            continue;
        c->module = (SemaModule *)k->module;
        SemaContract *d = named_contract(c, member->embedded.name);
        if (d)
            visit(c, cl, d, k == root ? i : branch, k == root ? member : via);
    }
}

/* Embedding members must name contracts (E1005 otherwise, reported once, for
 * the contract that writes them). */
static void check_embeds(Checker *c, const SemaContract *contract)
{
    const AstItem *item = contract->item;
    for (uint32_t i = 0; i < item->contract.member_count; i++) {
        const AstContractMember *member = &item->contract.members[i];
        if (member->is_embedded && !named_contract(c, member->embedded.name))
            diag_report(&c->stages[STAGE_DEFS], member->embedded.span, DIAG_E1005_UNKNOWN_TYPE_IN_DEFINITION,
                        member->embedded.name);
    }
}

/* `type T : C1, C2`: each target must be a contract (E1607, help as the spec
 * words it); an unknown name is E1201. */
static void declare_conformances(Checker *c, SemaTypeDef *def)
{
    const AstItem *item = def->item;
    if (def->is_enum || def->origin) /* an instance has its declaration's (generics.c) */
        return;
    for (uint32_t i = 0; i < item->type_def.conformance_count; i++) {
        const AstPath *path = &item->type_def.conformances[i];
        Symbol name = path->segments[path->count - 1].name;
        const CheckItem *target;
        if (path->count > 1) {
            if (!module_lookup_module(c, path->segments[0].name)) {
                check_unsupported(c, path->span, "qualified type paths");
                continue;
            }
            if (!(target = module_resolve_qualified(c, path->segments, path->count, CHECK_PATH_TYPE, path->span)))
                continue;
        } else
            target = resolve_type_item(c, name);
        if (target && target->contract) {
            /* an extern contract is no conformance target (language.md
             * §3.6.7): no E1601, and no value converts to it */
            if (!target->contract->is_extern)
                VEC_PUSH(c->arena, &def->conformances, target->contract);
        } else if (target || resolve_is_builtin_name(name)) {
            Diag *d = diag_report(&c->stages[STAGE_NAMES], path->span, DIAG_E1607_CONFORMANCE_NOT_CONTRACT, name);
            diag_set_help(&c->stages[STAGE_NAMES], d, "declare conformance against a `contract`, not a type/enum/function");
        } else {
            diag_report(&c->stages[STAGE_NAMES], path->span, DIAG_E1201_UNKNOWN_TYPE, name);
        }
    }
}

void contracts_declare_members(Checker *c)
{
    SemaProgram *p = c->program;
    uint32_t n = p->contracts.count;
    uint32_t *own_counts = ARENA_ARRAY(c->arena, uint32_t, n ? n : 1);
    for (uint32_t i = 0; i < n; i++) {
        c->module = (SemaModule *)p->contracts.items[i]->module;
        own_counts[i] = declare_own_methods(c, p->contracts.items[i]);
        check_embeds(c, p->contracts.items[i]);
    }
    for (uint32_t i = 0; i < n; i++) {
        Closure cl = {.root = p->contracts.items[i], .own_counts = own_counts};
        cl.visited = ARENA_ARRAY(c->arena, bool, n);
        for (uint32_t j = 0; j < n; j++)
            cl.visited[j] = false;
        for (uint32_t j = 0; j < own_counts[i]; j++)
            VEC_PUSH(c->arena, &cl.branch, UINT32_MAX);
        visit(c, &cl, cl.root, UINT32_MAX, NULL);
    }
    for (uint32_t i = 0; i < p->typedefs.count; i++) {
        c->module = (SemaModule *)p->typedefs.items[i]->module;
        declare_conformances(c, p->typedefs.items[i]);
    }
}

static Type *contract_method_type(Checker *c, const SemaContractMethod *m)
{
    return type_function(c->types, m->ret, m->params, m->param_count);
}

void contracts_check_conformance(Checker *c)
{
    DiagList *out = &c->stages[STAGE_CONFORM];
    for (uint32_t t = 0; t < c->program->typedefs.count; t++) {
        const SemaTypeDef *def = c->program->typedefs.items[t];
        if (def->origin) /* checked once, at the generic declaration */
            continue;
        for (uint32_t k = 0; k < def->conformances.count; k++) {
            const SemaContract *contract = def->conformances.items[k];
            Span at = def->item->type_def.conformances[0].span;
            for (uint32_t i = 0; i < def->item->type_def.conformance_count; i++)
                if (def->item->type_def.conformances[i].segments[0].name == contract->type->name)
                    at = def->item->type_def.conformances[i].span;
            for (uint32_t i = 0; i < contract->methods.count; i++) {
                const SemaContractMethod *m = contract->methods.items[i];
                const char *want = type_name(c->arena, contract_method_type(c, m));
                const SemaFunction *impl = sema_method(def, m->name);
                if (!impl) {
                    Diag *d = diag_report(out, at, DIAG_E1601_MISSING_IMPLEMENTATION, contract->type->name, m->name);
                    diag_set_help(out, d, "expected signature `%s`", want);
                    continue;
                }
                bool same = impl->ret == m->ret && impl->param_count == m->param_count + 1;
                for (uint32_t p = 0; same && p < m->param_count; p++)
                    same = impl->params[p + 1] == m->params[p];
                if (same)
                    continue;
                Type *got = type_function(c->types, impl->ret, impl->params + 1, impl->param_count - 1);
                Diag *d = diag_report(out, impl->ast->name.span, DIAG_E1602_SIGNATURE_MISMATCH, m->name);
                diag_set_help(out, d, "expected `%s`, got `%s`", want, type_name(c->arena, got));
            }
        }
    }
}

bool contract_convertible(const Type *from, const Type *to)
{
    const SemaContract *target = sema_contract_of(to);
    if (!target || !from)
        return false;
    if (from->kind == TYPE_STRUCT) {
        for (uint32_t i = 0; i < from->def->conformances.count; i++)
            if (from->def->conformances.items[i] == target)
                return true;
        return false;
    }
    const SemaContract *source = sema_contract_of(from);
    return source && sema_contract_embed_index(source, target) >= 0;
}

Type *check_contract_call(Checker *c, const AstExpr *e, Type *recv, AstIdent name)
{
    const SemaContract *contract = sema_contract_of(recv);
    int slot = sema_contract_slot(contract, name.name);
    if (slot < 0) {
        Diag *d = diag_report(&c->stages[STAGE_TYPES], e->call.callee->span, DIAG_E1606_UNKNOWN_CALL_TARGET);
        hint_call_target(c, &c->stages[STAGE_TYPES], d, name.name, recv);
        return check_call_fail(c, e);
    }
    const SemaContractMethod *m = contract->methods.items[slot];
    SemaNodeFacts *n = check_node(c, e->id);
    n->binding = (SemaBinding){.kind = SEMA_BIND_DISPATCH, .dispatch = {.contract = contract, .slot = (uint32_t)slot}};
    check_set_type(c, e->call.callee, check_error_type(c)); /* methods are not values */
    check_call_args(c, e, m->params, m->param_count);
    return check_set_type(c, e, m->ret);
}
