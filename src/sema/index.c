/* sema/index.c: the declarations and references of a checked program
 * (sema/index.h). Declarations come from the items of every file; uses from
 * the facts of each checked node: a path's binding and field steps, a
 * member's object type, a struct literal's or enum constructor's type, a
 * pattern's matched type. Type names written in signatures are looked up by
 * name among the program's type items (the one of the same file first). */
#include "sema/index.h"

#include <stdlib.h>
#include <string.h>

#include "sema/types.h"

typedef struct Indexer {
    Arena *arena;
    const SemaProgram *program;
    SemaIndex *index;
    const SemaFacts **instance_facts; /* generic instances: their own tables */
    uint32_t instance_count;
    VEC(uint32_t) type_items; /* struct, enum and contract symbols, for type names */
    bool library;             /* the file being walked is a mount's */
    uint32_t container;       /* the type whose members are being declared */
    Span scope;               /* the body being walked */
} Indexer;

static uint64_t span_hash(Span s)
{
    return hash_index_mix(hash_index_mix(HASH_INDEX_SEED, s.file), s.start);
}

typedef struct SpanEntry {
    Span span;
    uint32_t symbol;
} SpanEntry;

static bool span_matches(const void *value, const void *key)
{
    const SpanEntry *a = value;
    const Span *b = key;
    return a->span.file == b->file && a->span.start == b->start && a->span.end == b->end;
}

uint32_t sema_index_symbol_at(const SemaIndex *index, Span name_span)
{
    const SpanEntry *e = hash_index_find(&index->by_span, span_hash(name_span), span_matches, &name_span);
    return e ? e->symbol : SEMA_NO_SYMBOL;
}

static const char *text_of(Indexer *x, Span span)
{
    if (span.file == SPAN_NO_FILE || span.file >= x->program->map->count)
        return "";
    const SourceFile *f = source_file(x->program->map, span.file);
    if (span.end > f->len || span.start > span.end)
        return "";
    /* one line: newlines and runs of blanks become one space */
    char *out = arena_alloc(x->arena, (size_t)(span.end - span.start) + 1, 1);
    size_t n = 0;
    for (uint32_t i = span.start; i < span.end; i++) {
        char ch = f->text[i];
        if (ch == '\n' || ch == '\r' || ch == '\t')
            ch = ' ';
        if (ch == ' ' && (n == 0 || out[n - 1] == ' '))
            continue;
        out[n++] = ch;
    }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    return out;
}

static uint32_t declare(Indexer *x, SemaSymbolKind kind, Symbol name, Span name_span, Span span, const char *doc,
                        const char *detail)
{
    if (!name || name_span.file == SPAN_NO_FILE)
        return SEMA_NO_SYMBOL;
    uint32_t found = sema_index_symbol_at(x->index, name_span);
    if (found != SEMA_NO_SYMBOL)
        return found;
    SemaSymbol sym = {.kind = kind, .name = name, .name_span = name_span, .span = span, .doc = doc,
                      .detail = detail, .container = x->container, .is_library = x->library,
                      .scope = SPAN_NONE};
    uint32_t id = x->index->symbols.count;
    VEC_PUSH(x->arena, &x->index->symbols, sym);
    SpanEntry *e = ARENA_NEW(x->arena, SpanEntry);
    e->span = name_span;
    e->symbol = id;
    hash_index_add(&x->index->by_span, x->arena, span_hash(name_span), e);
    SemaRef ref = {.span = name_span, .symbol = id, .is_definition = true};
    VEC_PUSH(x->arena, &x->index->refs, ref);
    return id;
}

static void use(Indexer *x, Span span, uint32_t symbol)
{
    if (symbol == SEMA_NO_SYMBOL || span.file == SPAN_NO_FILE || span.end <= span.start)
        return;
    SemaRef ref = {.span = span, .symbol = symbol, .is_definition = false};
    VEC_PUSH(x->arena, &x->index->refs, ref);
}

static const SemaNodeFacts *facts_of(Indexer *x, AstId id)
{
    const SemaFacts *f = &x->program->facts;
    if (f->nodes && id >= f->base && id - f->base < f->count) {
        const SemaNodeFacts *n = &f->nodes[id - f->base];
        if (n->type || n->binding.kind != SEMA_BIND_NONE)
            return n;
    }
    for (uint32_t i = 0; i < x->instance_count; i++) {
        const SemaFacts *g = x->instance_facts[i];
        if (g->nodes && id >= g->base && id - g->base < g->count) {
            const SemaNodeFacts *n = &g->nodes[id - g->base];
            if (n->type || n->binding.kind != SEMA_BIND_NONE)
                return n;
        }
    }
    return NULL;
}

/* ---- symbols of declarations ---------------------------------------------- */

static uint32_t local_symbol(Indexer *x, const SemaLocal *local)
{
    /* `this` is no declaration of its own (its span is the method's name) */
    if (!local || !local->name || strcmp(local->name, "this") == 0)
        return SEMA_NO_SYMBOL;
    uint32_t saved = x->container;
    x->container = SEMA_NO_SYMBOL;
    const char *type = local->type ? type_name(x->arena, local->type) : "?";
    uint32_t id = declare(x, local->is_param ? SEMA_SYM_PARAM : SEMA_SYM_LOCAL, local->name, local->span, local->span,
                          NULL, arena_printf(x->arena, "%s%s %s", local->is_mutable ? "mut " : "", type, local->name));
    x->container = saved;
    if (id != SEMA_NO_SYMBOL) {
        SemaSymbol *s = &x->index->symbols.items[id];
        if (!s->type)
            s->type = local->type;
        if (s->scope.file == SPAN_NO_FILE)
            s->scope = x->scope;
    }
    return id;
}

uint32_t sema_index_type_symbol(const SemaIndex *index, const Type *type)
{
    if (!type || !type->item)
        return SEMA_NO_SYMBOL;
    return sema_index_symbol_at(index, type->item->name.span);
}

static uint32_t function_symbol(Indexer *x, const SemaFunction *fn)
{
    while (fn && fn->origin)
        fn = fn->origin;
    if (!fn || !fn->ast)
        return SEMA_NO_SYMBOL;
    return sema_index_symbol_at(x->index, fn->ast->name.span);
}

static uint32_t type_by_name(Indexer *x, Symbol name, uint32_t file)
{
    uint32_t best = SEMA_NO_SYMBOL;
    for (uint32_t i = 0; i < x->type_items.count; i++) {
        const SemaSymbol *s = &x->index->symbols.items[x->type_items.items[i]];
        if (s->name != name)
            continue;
        if (s->name_span.file == file)
            return x->type_items.items[i];
        if (best == SEMA_NO_SYMBOL)
            best = x->type_items.items[i];
    }
    return best;
}

/* An item named 'name' (a `use` names one by its path): one of the root
 * program first, unless the importing file is a library's. */
static uint32_t item_by_name(Indexer *x, Symbol name, bool library)
{
    uint32_t best = SEMA_NO_SYMBOL;
    for (uint32_t i = 0; i < x->index->symbols.count; i++) {
        const SemaSymbol *s = &x->index->symbols.items[i];
        if (s->name != name || s->container != SEMA_NO_SYMBOL || s->kind == SEMA_SYM_LOCAL ||
            s->kind == SEMA_SYM_PARAM || s->kind == SEMA_SYM_TEST)
            continue;
        if (s->is_library == library)
            return i;
        if (best == SEMA_NO_SYMBOL)
            best = i;
    }
    return best;
}

static void walk_type(Indexer *x, const AstType *t)
{
    if (!t)
        return;
    switch (t->kind) {
    case AST_TYPE_PRIMITIVE: break;
    case AST_TYPE_PATH: {
        const AstPathSegment *last = &t->path.segments[t->path.count - 1];
        use(x, last->span, type_by_name(x, last->name, last->span.file));
        for (uint32_t i = 0; i < t->path.count; i++)
            for (uint32_t g = 0; g < t->path.segments[i].generic_count; g++)
                walk_type(x, t->path.segments[i].generic_args[g]);
        break;
    }
    case AST_TYPE_ARRAY:
    case AST_TYPE_REF: walk_type(x, t->element); break;
    case AST_TYPE_FUNCTION:
        walk_type(x, t->function.ret);
        for (uint32_t i = 0; i < t->function.param_count; i++)
            walk_type(x, t->function.params[i]);
        break;
    }
}

static const char *signature(Indexer *x, Span start, const AstFunction *fn)
{
    Span s = {start.file, start.start, fn->body ? fn->body->span.start : fn->name.span.end};
    if (fn->param_count)
        s.end = fn->body ? fn->body->span.start : fn->params[fn->param_count - 1].span.end + 1;
    return text_of(x, s);
}

static uint32_t declare_function(Indexer *x, SemaSymbolKind kind, const AstFunction *fn, Span span, const char *doc)
{
    uint32_t id = declare(x, kind, fn->name.name, fn->name.span, span, doc, signature(x, span, fn));
    if (id == SEMA_NO_SYMBOL)
        return id;
    SemaSymbol *s = &x->index->symbols.items[id];
    s->param_count = fn->param_count;
    s->params = ARENA_ARRAY(x->arena, const char *, fn->param_count ? fn->param_count : 1);
    for (uint32_t i = 0; i < fn->param_count; i++)
        s->params[i] = text_of(x, fn->params[i].span);
    return id;
}

static void declare_fields(Indexer *x, const AstField *fields, uint32_t count, const SemaField *sema)
{
    for (uint32_t f = 0; f < count; f++) {
        const AstField *field = &fields[f];
        uint32_t id = declare(x, SEMA_SYM_FIELD, field->name.name, field->name.span, field->span, field->doc,
                              text_of(x, field->span));
        if (id != SEMA_NO_SYMBOL && sema && !x->index->symbols.items[id].type)
            x->index->symbols.items[id].type = sema[f].type;
    }
}

static const SemaTypeDef *typedef_of_item(Indexer *x, const AstItem *item)
{
    for (uint32_t i = 0; i < x->program->typedefs.count; i++) {
        const SemaTypeDef *d = x->program->typedefs.items[i];
        if (d->item == item && !d->origin)
            return d;
    }
    return NULL;
}

static void declare_items(Indexer *x, AstItem *const *items, uint32_t count);

static void declare_item(Indexer *x, const AstItem *item)
{
    x->container = SEMA_NO_SYMBOL;
    switch (item->kind) {
    case AST_ITEM_FUNCTION: declare_function(x, SEMA_SYM_FUNCTION, &item->function, item->span, item->doc); break;
    case AST_ITEM_TYPE: {
        uint32_t id = declare(x, SEMA_SYM_STRUCT, item->name.name, item->name.span, item->span, item->doc,
                              arena_printf(x->arena, "type %s", item->name.name));
        if (id == SEMA_NO_SYMBOL)
            break;
        VEC_PUSH(x->arena, &x->type_items, id);
        x->container = id;
        const SemaTypeDef *def = typedef_of_item(x, item);
        declare_fields(x, item->type_def.fields, item->type_def.field_count,
                       def && def->field_count == item->type_def.field_count ? def->fields : NULL);
        for (uint32_t m = 0; m < item->type_def.method_count; m++)
            declare_function(x, SEMA_SYM_METHOD, &item->type_def.methods[m].fn, item->type_def.methods[m].span,
                             item->type_def.methods[m].doc);
        break;
    }
    case AST_ITEM_ENUM: {
        uint32_t id = declare(x, SEMA_SYM_ENUM, item->name.name, item->name.span, item->span, item->doc,
                              arena_printf(x->arena, "enum %s", item->name.name));
        if (id == SEMA_NO_SYMBOL)
            break;
        VEC_PUSH(x->arena, &x->type_items, id);
        x->container = id;
        for (uint32_t v = 0; v < item->enum_def.variant_count; v++) {
            const AstVariant *var = &item->enum_def.variants[v];
            declare(x, SEMA_SYM_VARIANT, var->name.name, var->name.span, var->span, var->doc,
                    arena_printf(x->arena, "%s::%s", item->name.name, text_of(x, var->span)));
        }
        break;
    }
    case AST_ITEM_CONTRACT: {
        uint32_t id = declare(x, SEMA_SYM_CONTRACT, item->name.name, item->name.span, item->span, item->doc,
                              arena_printf(x->arena, "contract %s", item->name.name));
        if (id == SEMA_NO_SYMBOL)
            break;
        VEC_PUSH(x->arena, &x->type_items, id);
        x->container = id;
        for (uint32_t m = 0; m < item->contract.member_count; m++) {
            const AstContractMember *mem = &item->contract.members[m];
            if (!mem->is_embedded)
                declare(x, SEMA_SYM_CONTRACT_METHOD, mem->name.name, mem->name.span, mem->span, mem->doc,
                        text_of(x, mem->span));
        }
        break;
    }
    case AST_ITEM_TEST:
        declare(x, SEMA_SYM_TEST, item->name.name, item->name.span, item->span, item->doc,
                arena_printf(x->arena, "test %s", item->name.name ? item->name.name : ""));
        break;
    case AST_ITEM_ATTRIBUTE_DECL:
        declare(x, SEMA_SYM_ATTRIBUTE, item->name.name, item->name.span, item->span, item->doc,
                arena_printf(x->arena, "attribute %s", item->name.name));
        break;
    case AST_ITEM_MODULE_DECL:
        declare(x, SEMA_SYM_MODULE, item->name.name, item->name.span, item->span, item->doc,
                arena_printf(x->arena, "mod %s", text_of(x, item->module_decl.path.span)));
        break;
    case AST_ITEM_INLINE_MODULE:
        declare(x, SEMA_SYM_MODULE, item->name.name, item->name.span, item->span, item->doc,
                arena_printf(x->arena, "mod %s", item->name.name));
        declare_items(x, item->inline_module.items, item->inline_module.count);
        break;
    case AST_ITEM_IMPL:
    case AST_ITEM_USE: break;
    }
}

/* Impl methods, once every type is declared (their container is the type). */
static void declare_impls(Indexer *x, AstItem *const *items, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++) {
        const AstItem *item = items[i];
        if (item->kind == AST_ITEM_INLINE_MODULE)
            declare_impls(x, item->inline_module.items, item->inline_module.count);
        if (item->kind != AST_ITEM_IMPL)
            continue;
        x->container = type_by_name(x, item->name.name, item->name.span.file);
        for (uint32_t m = 0; m < item->impl.method_count; m++)
            declare_function(x, SEMA_SYM_METHOD, &item->impl.methods[m].fn, item->impl.methods[m].span,
                             item->impl.methods[m].doc);
    }
    x->container = SEMA_NO_SYMBOL;
}

static void declare_items(Indexer *x, AstItem *const *items, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++)
        declare_item(x, items[i]);
}

/* ---- uses in bodies ---------------------------------------------------------- */

static void walk_expr(Indexer *x, const AstExpr *e);
static void walk_block(Indexer *x, const AstBlock *b);

static uint32_t member_symbol(Indexer *x, const Type *type, Symbol name)
{
    const SemaTypeDef *def = sema_typedef_of(type);
    if (def) {
        while (def->origin)
            def = def->origin;
        int f = sema_field_index(def, name);
        if (f >= 0)
            return sema_index_symbol_at(x->index, def->fields[f].span);
        const SemaFunction *m = sema_method(def, name);
        if (m)
            return function_symbol(x, m);
        /* a field's span may be its whole declaration: look it up by name */
        uint32_t owner = sema_index_type_symbol(x->index, def->type);
        for (uint32_t i = 0; owner != SEMA_NO_SYMBOL && i < x->index->symbols.count; i++)
            if (x->index->symbols.items[i].container == owner && x->index->symbols.items[i].name == name)
                return i;
        return SEMA_NO_SYMBOL;
    }
    const SemaContract *contract = sema_contract_of(type);
    if (contract) {
        int slot = sema_contract_slot(contract, name);
        if (slot >= 0)
            return sema_index_symbol_at(x->index, contract->methods.items[slot]->span);
    }
    return SEMA_NO_SYMBOL;
}

static uint32_t variant_symbol(Indexer *x, const Type *type, Symbol name)
{
    uint32_t owner = sema_index_type_symbol(x->index, type);
    for (uint32_t i = 0; owner != SEMA_NO_SYMBOL && i < x->index->symbols.count; i++)
        if (x->index->symbols.items[i].container == owner && x->index->symbols.items[i].name == name &&
            x->index->symbols.items[i].kind == SEMA_SYM_VARIANT)
            return i;
    return SEMA_NO_SYMBOL;
}

/* A field symbol by its span in the instance or the declaration. */
static uint32_t field_symbol(Indexer *x, const SemaTypeDef *def, uint32_t field)
{
    if (!def || field >= def->field_count)
        return SEMA_NO_SYMBOL;
    return member_symbol(x, def->type, def->fields[field].name);
}

static void walk_path(Indexer *x, const AstExpr *e, const SemaNodeFacts *n)
{
    const AstPath *path = &e->path.path;
    for (uint32_t i = 0; i < path->count; i++)
        for (uint32_t g = 0; g < path->segments[i].generic_count; g++)
            walk_type(x, path->segments[i].generic_args[g]);
    if (!n)
        return;
    const SemaFieldPath *fields = n->binding.kind == SEMA_BIND_LOCAL ? n->fields : NULL;
    bool implicit = fields && fields->implicit_this;
    switch (n->binding.kind) {
    case SEMA_BIND_LOCAL:
        if (!implicit)
            use(x, path->segments[0].span, local_symbol(x, n->binding.local));
        break;
    case SEMA_BIND_FUNCTION: use(x, path->segments[path->count - 1].span, function_symbol(x, n->binding.function)); break;
    default: break;
    }
    if (fields)
        for (uint32_t s = 0; s < fields->count; s++) {
            uint32_t seg = implicit ? s : s + 1;
            if (seg < path->count)
                use(x, path->segments[seg].span, field_symbol(x, fields->steps[s].def, fields->steps[s].field));
        }
    /* `Type.Method` and `mod.f`: the first segment names a type */
    if (path->count > 1 && n->binding.kind == SEMA_BIND_FUNCTION && !fields)
        use(x, path->segments[path->count - 2].span,
            type_by_name(x, path->segments[path->count - 2].name, path->segments[0].span.file));
}

static void walk_pattern(Indexer *x, const AstPattern *p)
{
    if (!p)
        return;
    const SemaNodeFacts *n = facts_of(x, p->id);
    switch (p->kind) {
    case AST_PAT_WILDCARD:
    case AST_PAT_LITERAL: break;
    case AST_PAT_BINDING:
        if (n && n->binding.kind == SEMA_BIND_LOCAL)
            use(x, p->binding.name.span, local_symbol(x, n->binding.local));
        break;
    case AST_PAT_ENUM:
        if (n) {
            use(x, p->enum_pat.enum_name.span, sema_index_type_symbol(x->index, n->type));
            use(x, p->enum_pat.variant.span, variant_symbol(x, n->type, p->enum_pat.variant.name));
        }
        for (uint32_t i = 0; i < p->enum_pat.sub_count; i++)
            walk_pattern(x, p->enum_pat.subpatterns[i]);
        break;
    }
}

static void walk_expr(Indexer *x, const AstExpr *e)
{
    if (!e)
        return;
    const SemaNodeFacts *n = facts_of(x, e->id);
    switch (e->kind) {
    case AST_EXPR_INT:
    case AST_EXPR_FLOAT:
    case AST_EXPR_BOOL:
    case AST_EXPR_CHAR:
    case AST_EXPR_STRING: break;
    case AST_EXPR_INTERPOLATION:
        for (uint32_t i = 0; i < e->interpolation.count; i++)
            walk_expr(x, e->interpolation.parts[i]);
        break;
    case AST_EXPR_PATH: walk_path(x, e, n); break;
    case AST_EXPR_UNARY: walk_expr(x, e->unary.operand); break;
    case AST_EXPR_BINARY:
        walk_expr(x, e->binary.lhs);
        walk_expr(x, e->binary.rhs);
        break;
    case AST_EXPR_ASSIGN:
        walk_expr(x, e->assign.target);
        walk_expr(x, e->assign.value);
        break;
    case AST_EXPR_CALL:
        walk_expr(x, e->call.callee);
        for (uint32_t i = 0; i < e->call.arg_count; i++)
            walk_expr(x, e->call.args[i]);
        if (n && n->binding.kind == SEMA_BIND_FUNCTION) {
            const AstExpr *callee = e->call.callee;
            uint32_t sym = function_symbol(x, n->binding.function);
            if (callee->kind == AST_EXPR_PATH)
                use(x, callee->path.path.segments[callee->path.path.count - 1].span, sym);
            else if (callee->kind == AST_EXPR_MEMBER)
                use(x, callee->member.name.span, sym);
        } else if (n && (n->binding.kind == SEMA_BIND_DISPATCH || n->binding.kind == SEMA_BIND_EXTERN)) {
            const AstExpr *callee = e->call.callee;
            const SemaContract *contract = n->binding.dispatch.contract;
            uint32_t sym = n->binding.dispatch.slot < contract->methods.count
                               ? sema_index_symbol_at(x->index, contract->methods.items[n->binding.dispatch.slot]->span)
                               : SEMA_NO_SYMBOL;
            if (callee->kind == AST_EXPR_PATH)
                use(x, callee->path.path.segments[callee->path.path.count - 1].span, sym);
            else if (callee->kind == AST_EXPR_MEMBER)
                use(x, callee->member.name.span, sym);
        }
        break;
    case AST_EXPR_MEMBER: {
        walk_expr(x, e->member.object);
        const SemaNodeFacts *o = facts_of(x, e->member.object->id);
        if (o && o->type)
            use(x, e->member.name.span, member_symbol(x, o->type, e->member.name.name));
        break;
    }
    case AST_EXPR_INDEX:
        walk_expr(x, e->index.object);
        walk_expr(x, e->index.index);
        break;
    case AST_EXPR_TRY: walk_expr(x, e->try_.operand); break;
    case AST_EXPR_CAST:
        walk_expr(x, e->cast.operand);
        walk_type(x, e->cast.target);
        break;
    case AST_EXPR_BLOCK: walk_block(x, e->block); break;
    case AST_EXPR_ENUM_CTOR:
        if (n && n->type) {
            use(x, e->enum_ctor.enum_name.span, sema_index_type_symbol(x->index, n->type));
            use(x, e->enum_ctor.variant.span, variant_symbol(x, n->type, e->enum_ctor.variant.name));
        }
        for (uint32_t i = 0; i < e->enum_ctor.arg_count; i++)
            walk_expr(x, e->enum_ctor.args[i]);
        break;
    case AST_EXPR_STRUCT_LIT: {
        const AstPath *path = &e->struct_lit.type_path;
        if (path->count)
            use(x, path->segments[path->count - 1].span,
                n && n->type ? sema_index_type_symbol(x->index, n->type)
                             : type_by_name(x, path->segments[path->count - 1].name, path->span.file));
        for (uint32_t i = 0; i < e->struct_lit.field_count; i++) {
            if (n && n->type)
                use(x, e->struct_lit.fields[i].name.span, member_symbol(x, n->type, e->struct_lit.fields[i].name.name));
            walk_expr(x, e->struct_lit.fields[i].value);
        }
        break;
    }
    case AST_EXPR_ARRAY_LIT:
        for (uint32_t i = 0; i < e->array_lit.count; i++)
            walk_expr(x, e->array_lit.elements[i]);
        break;
    case AST_EXPR_LAMBDA:
        for (uint32_t i = 0; i < e->lambda.param_count; i++) {
            const AstLambdaParam *p = &e->lambda.params[i];
            walk_type(x, p->type);
            const SemaNodeFacts *pn = facts_of(x, p->id);
            if (pn && pn->binding.kind == SEMA_BIND_LOCAL)
                use(x, p->name.span, local_symbol(x, pn->binding.local));
        }
        walk_expr(x, e->lambda.body);
        break;
    case AST_EXPR_MATCH:
        walk_expr(x, e->match.scrutinee);
        for (uint32_t i = 0; i < e->match.arm_count; i++) {
            walk_pattern(x, e->match.arms[i].pattern);
            walk_expr(x, e->match.arms[i].guard);
            walk_expr(x, e->match.arms[i].value);
        }
        break;
    }
}

static void walk_stmt(Indexer *x, const AstStmt *s)
{
    if (!s)
        return;
    const SemaNodeFacts *n = facts_of(x, s->id);
    switch (s->kind) {
    case AST_STMT_LET:
        walk_type(x, s->let.type);
        walk_expr(x, s->let.init);
        if (n && n->binding.kind == SEMA_BIND_LOCAL)
            use(x, s->let.name.span, local_symbol(x, n->binding.local));
        break;
    case AST_STMT_RETURN: walk_expr(x, s->return_.value); break;
    case AST_STMT_BREAK:
    case AST_STMT_CONTINUE: break;
    case AST_STMT_WHILE:
        walk_expr(x, s->while_.cond);
        walk_block(x, s->while_.body);
        break;
    case AST_STMT_FOR:
        walk_expr(x, s->for_.iterable);
        if (n && n->binding.kind == SEMA_BIND_LOCAL)
            use(x, s->for_.var.span, local_symbol(x, n->binding.local));
        walk_block(x, s->for_.body);
        break;
    case AST_STMT_IF:
        walk_expr(x, s->if_.cond);
        walk_block(x, s->if_.then_block);
        walk_block(x, s->if_.else_block);
        walk_stmt(x, s->if_.else_if);
        break;
    case AST_STMT_EXPR: walk_expr(x, s->expr.expr); break;
    }
}

static void walk_block(Indexer *x, const AstBlock *b)
{
    if (!b)
        return;
    for (uint32_t i = 0; i < b->count; i++)
        walk_stmt(x, b->stmts[i]);
}

static void walk_function(Indexer *x, const AstFunction *fn, Span span)
{
    x->scope = span;
    walk_type(x, fn->ret);
    for (uint32_t i = 0; i < fn->param_count; i++) {
        walk_type(x, fn->params[i].type);
        const SemaNodeFacts *n = facts_of(x, fn->params[i].id);
        if (n && n->binding.kind == SEMA_BIND_LOCAL)
            use(x, fn->params[i].name.span, local_symbol(x, n->binding.local));
    }
    walk_block(x, fn->body);
}

static void walk_items(Indexer *x, AstItem *const *items, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++) {
        const AstItem *item = items[i];
        switch (item->kind) {
        case AST_ITEM_FUNCTION: walk_function(x, &item->function, item->span); break;
        case AST_ITEM_IMPL:
            walk_type(x, item->impl.target);
            for (uint32_t m = 0; m < item->impl.method_count; m++)
                walk_function(x, &item->impl.methods[m].fn, item->impl.methods[m].span);
            break;
        case AST_ITEM_TYPE:
            for (uint32_t f = 0; f < item->type_def.field_count; f++)
                walk_type(x, item->type_def.fields[f].type);
            for (uint32_t c = 0; c < item->type_def.conformance_count; c++) {
                const AstPath *p = &item->type_def.conformances[c];
                use(x, p->segments[p->count - 1].span, type_by_name(x, p->segments[p->count - 1].name, p->span.file));
            }
            for (uint32_t m = 0; m < item->type_def.method_count; m++)
                walk_function(x, &item->type_def.methods[m].fn, item->type_def.methods[m].span);
            break;
        case AST_ITEM_ENUM:
            for (uint32_t v = 0; v < item->enum_def.variant_count; v++)
                for (uint32_t f = 0; f < item->enum_def.variants[v].field_count; f++)
                    walk_type(x, item->enum_def.variants[v].fields[f].type);
            break;
        case AST_ITEM_CONTRACT:
            for (uint32_t m = 0; m < item->contract.member_count; m++) {
                const AstContractMember *mem = &item->contract.members[m];
                walk_type(x, mem->ret);
                for (uint32_t p = 0; p < mem->param_count; p++)
                    walk_type(x, mem->params[p].type);
            }
            break;
        case AST_ITEM_TEST:
            x->scope = item->span;
            walk_block(x, item->test.body);
            break;
        case AST_ITEM_INLINE_MODULE: walk_items(x, item->inline_module.items, item->inline_module.count); break;
        case AST_ITEM_USE: {
            const AstPath *p = &item->use.path;
            if (p->count)
                use(x, p->segments[p->count - 1].span, item_by_name(x, p->segments[p->count - 1].name, x->library));
            break;
        }
        case AST_ITEM_ATTRIBUTE_DECL:
        case AST_ITEM_MODULE_DECL: break;
        }
    }
}

static int ref_cmp(const void *pa, const void *pb)
{
    const SemaRef *a = pa, *b = pb;
    if (a->span.file != b->span.file)
        return a->span.file < b->span.file ? -1 : 1;
    if (a->span.start != b->span.start)
        return a->span.start < b->span.start ? -1 : 1;
    return (int)b->is_definition - (int)a->is_definition;
}

SemaIndex *sema_index_build(Arena *arena, const SemaProgram *program, const LoadedProgram *loaded)
{
    SemaIndex *index = ARENA_NEW(arena, SemaIndex);
    index->arena = arena;
    Indexer indexer = {.arena = arena, .program = program, .index = index, .container = SEMA_NO_SYMBOL,
                       .scope = SPAN_NONE};
    Indexer *x = &indexer;
    x->instance_facts = ARENA_ARRAY(arena, const SemaFacts *, program->funcs.count + 1);
    for (uint32_t i = 0; i < program->funcs.count; i++)
        if (program->funcs.items[i]->origin && program->funcs.items[i]->facts)
            x->instance_facts[x->instance_count++] = program->funcs.items[i]->facts;
    for (uint32_t f = 0; f < loaded->count; f++) {
        x->library = loaded->files[f].mount != LOAD_ROOT_PROJECT;
        declare_items(x, loaded->files[f].ast->items, loaded->files[f].ast->count);
    }
    for (uint32_t f = 0; f < loaded->count; f++) {
        x->library = loaded->files[f].mount != LOAD_ROOT_PROJECT;
        declare_impls(x, loaded->files[f].ast->items, loaded->files[f].ast->count);
    }
    /* what functions and methods return (member completion after a call) */
    for (uint32_t i = 0; i < program->funcs.count; i++) {
        const SemaFunction *fn = program->funcs.items[i];
        uint32_t sym = fn->origin || !fn->ast ? SEMA_NO_SYMBOL : sema_index_symbol_at(index, fn->ast->name.span);
        if (sym != SEMA_NO_SYMBOL && !index->symbols.items[sym].type)
            index->symbols.items[sym].type = fn->ret;
    }
    for (uint32_t f = 0; f < loaded->count; f++) {
        x->library = loaded->files[f].mount != LOAD_ROOT_PROJECT;
        walk_items(x, loaded->files[f].ast->items, loaded->files[f].ast->count);
    }
    if (index->refs.count)
        qsort(index->refs.items, index->refs.count, sizeof *index->refs.items, ref_cmp);
    return index;
}

const SemaRef *sema_index_ref_at(const SemaIndex *index, uint32_t file, uint32_t offset)
{
    /* the last ref starting at or before 'offset' in 'file' */
    uint32_t lo = 0, hi = index->refs.count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const Span *s = &index->refs.items[mid].span;
        if (s->file < file || (s->file == file && s->start <= offset))
            lo = mid + 1;
        else
            hi = mid;
    }
    for (uint32_t i = lo; i > 0; i--) {
        const SemaRef *r = &index->refs.items[i - 1];
        if (r->span.file != file || r->span.end + 64 < offset)
            break;
        if (r->span.start <= offset && offset <= r->span.end)
            return r;
    }
    return NULL;
}
