/* doc/doc_model.c: the items `beskid doc` documents, read from the syntax
 * tree of a checked program (the front end's; no second parser). */
#include "doc/doc_model.h"

#include "syntax/ast_print.h"

#include <string.h>

#include "support/strbuf.h"
#include "support/vec.h"

typedef struct Collector {
    Arena *arena;
    const SourceMap *map;
    VEC(DocItem) items;
    HashIndex ids; /* every id given, to keep them unique */
    VEC(uint32_t) *member_lists; /* per item, while collecting */
    uint32_t member_cap;
} Collector;

/* ---- text ----------------------------------------------------------------- */

static const char *type_string(Collector *c, const AstType *type)
{
    StrBuf sb = {0};
    ast_type_text(&sb, type, "unit");
    const char *s = arena_strdup(c->arena, strbuf_cstr(&sb));
    strbuf_free(&sb);
    return s;
}

/* The source text of [start, end) with every run of whitespace made one
 * space and trailing ',' ';' and spaces dropped. */
static const char *slice(Collector *c, uint32_t file, uint32_t start, uint32_t end)
{
    const SourceFile *src = source_file(c->map, file);
    if (end > src->len)
        end = src->len;
    StrBuf sb = {0};
    bool space = false;
    for (uint32_t i = start; i < end; i++) {
        char ch = src->text[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            space = sb.len > 0;
            continue;
        }
        if (space)
            strbuf_putc(&sb, ' ');
        space = false;
        strbuf_putc(&sb, ch);
    }
    while (sb.len && (sb.data[sb.len - 1] == ',' || sb.data[sb.len - 1] == ';' || sb.data[sb.len - 1] == ' '))
        sb.data[--sb.len] = '\0';
    const char *s = arena_strdup(c->arena, strbuf_cstr(&sb));
    strbuf_free(&sb);
    return s;
}

/* The offset of the first 'stop' character at or after 'from' in 'file'. */
static uint32_t find_char(Collector *c, uint32_t file, uint32_t from, uint32_t limit, char stop)
{
    const SourceFile *src = source_file(c->map, file);
    if (limit > src->len)
        limit = src->len;
    for (uint32_t i = from; i < limit; i++)
        if (src->text[i] == stop)
            return i;
    return limit;
}

/* ---- items ---------------------------------------------------------------- */

static uint64_t text_hash(const char *text, uint32_t salt)
{
    uint64_t h = hash_index_mix(HASH_INDEX_SEED, salt);
    for (const char *p = text; *p; p++)
        h = hash_index_mix(h, (unsigned char)*p);
    return h;
}

static bool same_text(const void *value, const void *key)
{
    return strcmp(value, key) == 0;
}

static uint32_t add_item(Collector *c, const char *kind, const char *name, const char *qualified, Span span,
                         const char *doc, bool is_public, uint32_t parent, uint32_t module)
{
    DocItem item = {0};
    item.kind = kind;
    item.name = name;
    item.qualified = qualified;
    item.id = arena_printf(c->arena, "%s:%s", kind, qualified);
    for (uint32_t n = 2; hash_index_find(&c->ids, text_hash(item.id, DOC_NONE), same_text, item.id); n++)
        item.id = arena_printf(c->arena, "%s:%s#%u", kind, qualified, n);
    hash_index_add(&c->ids, c->arena, text_hash(item.id, DOC_NONE), (void *)item.id);
    item.is_public = is_public;
    item.doc = doc ? doc : "";
    item.parent = parent;
    item.module = module;
    if (span.file != SPAN_NO_FILE) {
        const SourceFile *src = source_file(c->map, span.file);
        item.file = src->path;
        source_line_col(src, span.start, &item.start_line, &item.start_col);
        source_line_col(src, span.end, &item.end_line, &item.end_col);
    } else {
        item.file = "";
    }
    uint32_t index = c->items.count;
    VEC_PUSH(c->arena, &c->items, item);
    if (index >= c->member_cap) {
        uint32_t cap = c->member_cap ? c->member_cap * 2 : 64;
        while (cap <= index)
            cap *= 2;
        void *lists = arena_alloc(c->arena, sizeof *c->member_lists * cap, _Alignof(VEC(uint32_t)));
        if (c->member_cap)
            memcpy(lists, c->member_lists, sizeof *c->member_lists * c->member_cap);
        c->member_lists = lists;
        c->member_cap = cap;
    }
    if (module == DOC_NONE)
        c->items.items[index].module = index;
    if (parent != DOC_NONE)
        VEC_PUSH(c->arena, &c->member_lists[parent], index);
    return index;
}

static DocItem *item_at(Collector *c, uint32_t index)
{
    return &c->items.items[index];
}

static const char *member_name(Collector *c, uint32_t parent, const char *name)
{
    const char *q = item_at(c, parent)->qualified;
    return *q ? arena_printf(c->arena, "%s::%s", q, name) : name;
}

static void set_params(Collector *c, uint32_t index, const AstParam *params, uint32_t count)
{
    DocItem *item = item_at(c, index);
    item->has_params = true;
    item->param_count = count;
    item->params = ARENA_ARRAY(c->arena, DocParam, count ? count : 1);
    for (uint32_t i = 0; i < count; i++) {
        const char *modifier = params[i].modifier == AST_PARAM_REF   ? "ref"
                               : params[i].modifier == AST_PARAM_OUT ? "out"
                                                                     : NULL;
        const char *type = type_string(c, params[i].type);
        item->params[i] = (DocParam){.name = params[i].name.name,
                                     .type = modifier ? arena_printf(c->arena, "%s %s", modifier, type) : type,
                                     .modifier = modifier};
    }
}

static void set_generics(Collector *c, uint32_t index, const AstGenericParams *generics)
{
    DocItem *item = item_at(c, index);
    item->generic_count = generics->count;
    item->generics = ARENA_ARRAY(c->arena, const char *, generics->count ? generics->count : 1);
    for (uint32_t i = 0; i < generics->count; i++)
        item->generics[i] = generics->names[i].name;
}

static void set_controls(Collector *c, uint32_t index, const AstAttributes *attrs)
{
    DocItem *item = item_at(c, index);
    item->control_count = attrs->count;
    item->controls = ARENA_ARRAY(c->arena, const char *, attrs->count ? attrs->count : 1);
    for (uint32_t i = 0; i < attrs->count; i++) {
        Span s = attrs->items[i].span;
        const char *text = slice(c, s.file, s.start, s.end);
        size_t n = strlen(text);
        if (n >= 2 && text[0] == '[' && text[n - 1] == ']')
            text = arena_strndup(c->arena, text + 1, n - 2);
        item->controls[i] = text;
    }
}

/* Where an item's own text starts: after its attributes. */
static uint32_t own_start(const AstItem *item)
{
    uint32_t start = item->span.start;
    for (uint32_t i = 0; i < item->attributes.count; i++)
        if (item->attributes.items[i].span.end > start)
            start = item->attributes.items[i].span.end;
    return start;
}

static void add_function_like(Collector *c, uint32_t index, const AstFunction *fn)
{
    set_params(c, index, fn->params, fn->param_count);
    set_generics(c, index, &fn->generics);
    item_at(c, index)->return_type = type_string(c, fn->ret);
}

static void add_method(Collector *c, uint32_t parent, uint32_t module, const AstMethod *m)
{
    uint32_t index = add_item(c, "method", m->fn.name.name, member_name(c, parent, m->fn.name.name), m->span,
                              m->doc, m->visibility == AST_PUBLIC, parent, module);
    add_function_like(c, index, &m->fn);
    uint32_t end = m->fn.body ? m->fn.body->span.start : m->span.end;
    item_at(c, index)->signature = slice(c, m->span.file, m->span.start, end);
}

static void add_field(Collector *c, uint32_t parent, uint32_t module, const AstField *f, bool is_public)
{
    uint32_t index = add_item(c, f->is_event ? "event" : "field", f->name.name, member_name(c, parent, f->name.name),
                              f->span, f->doc, is_public, parent, module);
    DocItem *item = item_at(c, index);
    item->signature = slice(c, f->span.file, f->span.start, f->span.end);
    if (f->is_event) {
        set_params(c, index, f->params, f->param_count);
        item_at(c, index)->return_type = "unit";
    } else {
        item->return_type = type_string(c, f->type);
    }
}

static void add_items(Collector *c, AstItem *const *items, uint32_t count, uint32_t module);

/* The type, enum or contract item named 'name' in 'module' (or anywhere), or DOC_NONE. */
static uint32_t find_type_in(Collector *c, const char *name, uint32_t module)
{
    uint32_t any = DOC_NONE;
    for (uint32_t i = 0; i < c->items.count; i++) {
        const DocItem *it = &c->items.items[i];
        if (it->parent == DOC_NONE || strcmp(it->name, name) != 0)
            continue;
        if (strcmp(it->kind, "type") && strcmp(it->kind, "enum") && strcmp(it->kind, "contract"))
            continue;
        if (it->module == module)
            return i;
        if (any == DOC_NONE)
            any = i;
    }
    return any;
}

static void add_item_of(Collector *c, const AstItem *item, uint32_t module)
{
    bool pub = item->visibility == AST_PUBLIC;
    uint32_t file = item->span.file;
    switch (item->kind) {
    case AST_ITEM_FUNCTION: {
        uint32_t index = add_item(c, "function", item->name.name, member_name(c, module, item->name.name), item->span,
                                  item->doc, pub, module, module);
        add_function_like(c, index, &item->function);
        set_controls(c, index, &item->attributes);
        uint32_t end = item->function.body ? item->function.body->span.start : item->span.end;
        item_at(c, index)->signature = slice(c, file, own_start(item), end);
        break;
    }
    case AST_ITEM_TYPE:
    case AST_ITEM_ENUM:
    case AST_ITEM_CONTRACT:
    case AST_ITEM_ATTRIBUTE_DECL: {
        const char *kind = item->kind == AST_ITEM_TYPE       ? "type"
                           : item->kind == AST_ITEM_ENUM     ? "enum"
                           : item->kind == AST_ITEM_CONTRACT ? "contract"
                                                             : "attribute";
        uint32_t index = add_item(c, kind, item->name.name, member_name(c, module, item->name.name), item->span,
                                  item->doc, pub, module, module);
        set_controls(c, index, &item->attributes);
        uint32_t brace = find_char(c, file, item->name.span.end, item->span.end, '{');
        item_at(c, index)->signature = slice(c, file, own_start(item), brace);
        if (item->kind == AST_ITEM_TYPE) {
            set_generics(c, index, &item->type_def.generics);
            for (uint32_t i = 0; i < item->type_def.field_count; i++)
                add_field(c, index, module, &item->type_def.fields[i], pub);
            for (uint32_t i = 0; i < item->type_def.method_count; i++)
                add_method(c, index, module, &item->type_def.methods[i]);
        } else if (item->kind == AST_ITEM_ENUM) {
            set_generics(c, index, &item->enum_def.generics);
            for (uint32_t i = 0; i < item->enum_def.variant_count; i++) {
                const AstVariant *v = &item->enum_def.variants[i];
                uint32_t vi = add_item(c, "variant", v->name.name, member_name(c, index, v->name.name), v->span,
                                       v->doc, pub, index, module);
                item_at(c, vi)->signature = slice(c, file, v->span.start, v->span.end);
                if (v->has_parens) {
                    DocItem *vitem = item_at(c, vi);
                    vitem->has_params = true;
                    vitem->param_count = v->field_count;
                    vitem->params = ARENA_ARRAY(c->arena, DocParam, v->field_count ? v->field_count : 1);
                    for (uint32_t f = 0; f < v->field_count; f++)
                        vitem->params[f] = (DocParam){.name = v->fields[f].name.name,
                                                      .type = type_string(c, v->fields[f].type)};
                }
            }
        } else if (item->kind == AST_ITEM_CONTRACT) {
            for (uint32_t i = 0; i < item->contract.member_count; i++) {
                const AstContractMember *m = &item->contract.members[i];
                if (m->is_embedded) { /* a contract it embeds: a member of kind "embed" */
                    uint32_t ei = add_item(c, "embed", m->embedded.name, member_name(c, index, m->embedded.name),
                                           m->span, m->doc, pub, index, module);
                    item_at(c, ei)->signature = m->embedded.name;
                    continue;
                }
                uint32_t mi = add_item(c, "method", m->name.name, member_name(c, index, m->name.name), m->span,
                                       m->doc, pub, index, module);
                set_params(c, mi, m->params, m->param_count);
                item_at(c, mi)->return_type = type_string(c, m->ret);
                item_at(c, mi)->signature = slice(c, file, m->span.start, m->span.end);
            }
        } else {
            DocItem *it = item_at(c, index);
            it->has_params = true;
            it->param_count = item->attribute_decl.param_count;
            it->params = ARENA_ARRAY(c->arena, DocParam, it->param_count ? it->param_count : 1);
            for (uint32_t i = 0; i < it->param_count; i++)
                it->params[i] = (DocParam){.name = item->attribute_decl.params[i].name.name,
                                           .type = type_string(c, item->attribute_decl.params[i].type)};
        }
        break;
    }
    case AST_ITEM_INLINE_MODULE: {
        uint32_t index = add_item(c, "module", item->name.name, member_name(c, module, item->name.name), item->span,
                                  item->doc, pub, module, DOC_NONE);
        item_at(c, index)->signature = arena_printf(c->arena, "%smod %s", pub ? "pub " : "", item->name.name);
        set_controls(c, index, &item->attributes);
        add_items(c, item->inline_module.items, item->inline_module.count, index);
        break;
    }
    case AST_ITEM_IMPL:        /* methods join their type: a second pass */
    case AST_ITEM_TEST:        /* tests are no API */
    case AST_ITEM_MODULE_DECL: /* the module's own item stands for it */
    case AST_ITEM_USE: break;
    }
}

static void add_impls(Collector *c, AstItem *const *items, uint32_t count, uint32_t module)
{
    for (uint32_t i = 0; i < count; i++) {
        const AstItem *item = items[i];
        if (item->kind == AST_ITEM_INLINE_MODULE) {
            const char *q = member_name(c, module, item->name.name);
            for (uint32_t m = 0; m < c->items.count; m++)
                if (strcmp(c->items.items[m].kind, "module") == 0 && strcmp(c->items.items[m].qualified, q) == 0) {
                    add_impls(c, item->inline_module.items, item->inline_module.count, m);
                    break;
                }
            continue;
        }
        if (item->kind != AST_ITEM_IMPL)
            continue;
        uint32_t target = find_type_in(c, item->name.name, module);
        if (target == DOC_NONE)
            continue; /* an impl of a primitive, or of a type of another library */
        for (uint32_t m = 0; m < item->impl.method_count; m++)
            add_method(c, target, module, &item->impl.methods[m]);
    }
}

static void add_items(Collector *c, AstItem *const *items, uint32_t count, uint32_t module)
{
    for (uint32_t i = 0; i < count; i++)
        add_item_of(c, items[i], module);
}

/* The module item of path 'segs' (created when new). */
static uint32_t module_item(Collector *c, const Symbol *segs, uint32_t depth, const AstFile *ast, const char *doc)
{
    StrBuf q = {0};
    for (uint32_t i = 0; i < depth; i++) {
        if (i)
            strbuf_puts(&q, "::");
        strbuf_puts(&q, segs[i]);
    }
    const char *qualified = arena_strdup(c->arena, strbuf_cstr(&q));
    strbuf_free(&q);
    for (uint32_t i = 0; i < c->items.count; i++)
        if (strcmp(c->items.items[i].kind, "module") == 0 && strcmp(c->items.items[i].qualified, qualified) == 0)
            return i;
    uint32_t parent = DOC_NONE;
    if (depth > 0) {
        for (uint32_t i = 0; i < c->items.count; i++) {
            const DocItem *it = &c->items.items[i];
            size_t n = strlen(it->qualified);
            if (strcmp(it->kind, "module") == 0 && strncmp(it->qualified, qualified, n) == 0 &&
                (n == 0 || strncmp(qualified + n, "::", 2) == 0) && strlen(qualified) > n)
                parent = i; /* the longest prefix wins: modules come parents first */
        }
    }
    Span span = {ast->file, 0, source_file(c->map, ast->file)->len};
    uint32_t index = add_item(c, "module", depth ? segs[depth - 1] : "(root)", qualified, span, doc, true, parent,
                              DOC_NONE);
    item_at(c, index)->signature = depth ? arena_printf(c->arena, "mod %s", qualified) : "(root module)";
    return index;
}

static bool is_type_kind(const char *kind)
{
    return strcmp(kind, "type") == 0 || strcmp(kind, "enum") == 0 || strcmp(kind, "contract") == 0;
}

typedef struct TypeKey {
    const DocItem *items;
    const char *name;
    uint32_t module; /* DOC_NONE: any */
} TypeKey;

static bool type_matches(const void *value, const void *key)
{
    const TypeKey *k = key;
    const DocItem *it = &k->items[(uint32_t)(uintptr_t)value - 1];
    return strcmp(it->name, k->name) == 0 && (k->module == DOC_NONE || it->module == k->module);
}

/* Indexes each type, enum and contract under (its module, its name) and,
 * the first of a name only, under (DOC_NONE, its name). Values are index + 1. */
static void index_types(Arena *arena, DocSet *set)
{
    for (uint32_t i = 0; i < set->count; i++) {
        const DocItem *it = &set->items[i];
        if (!is_type_kind(it->kind))
            continue;
        void *value = (void *)(uintptr_t)(i + 1);
        TypeKey any = {set->items, it->name, DOC_NONE};
        if (!hash_index_find(&set->types, text_hash(it->name, DOC_NONE), type_matches, &any))
            hash_index_add(&set->types, arena, text_hash(it->name, DOC_NONE), value);
        TypeKey own = {set->items, it->name, it->module};
        if (!hash_index_find(&set->types, text_hash(it->name, it->module), type_matches, &own))
            hash_index_add(&set->types, arena, text_hash(it->name, it->module), value);
    }
}

uint32_t doc_find_type(const DocSet *set, const char *name, uint32_t from)
{
    TypeKey own = {set->items, name, from};
    void *found = hash_index_find(&set->types, text_hash(name, from), type_matches, &own);
    if (!found) {
        TypeKey any = {set->items, name, DOC_NONE};
        found = hash_index_find(&set->types, text_hash(name, DOC_NONE), type_matches, &any);
    }
    return found ? (uint32_t)(uintptr_t)found - 1 : DOC_NONE;
}

/* True when 'decl' is the first item of an entry file (one not loaded by a `mod`). */
static bool is_entry_head(const LoadedProgram *loaded, const AstItem *decl)
{
    for (uint32_t f = 0; f < loaded->count; f++)
        if (!loaded->files[f].declared_by && loaded->files[f].ast->count && loaded->files[f].ast->items[0] == decl)
            return true;
    return false;
}

static void visit(const DocItem *items, uint32_t index, uint32_t *order, uint32_t *count)
{
    order[(*count)++] = index;
    for (uint32_t m = 0; m < items[index].member_count; m++)
        visit(items, items[index].members[m], order, count);
}

/* The items in reading order: each followed by its members, depth first
 * (impl methods were collected last). */
static DocSet reorder(Arena *arena, const DocItem *items, uint32_t count, const char *source)
{
    uint32_t *order = ARENA_ARRAY(arena, uint32_t, count ? count : 1);
    uint32_t *where = ARENA_ARRAY(arena, uint32_t, count ? count : 1);
    uint32_t n = 0;
    for (uint32_t i = 0; i < count; i++)
        if (items[i].parent == DOC_NONE)
            visit(items, i, order, &n);
    DocItem *out = ARENA_ARRAY(arena, DocItem, count ? count : 1);
    for (uint32_t i = 0; i < n; i++)
        where[order[i]] = i;
    for (uint32_t i = 0; i < n; i++) {
        out[i] = items[order[i]];
        if (out[i].parent != DOC_NONE)
            out[i].parent = where[out[i].parent];
        out[i].module = where[out[i].module];
        uint32_t *members = ARENA_ARRAY(arena, uint32_t, out[i].member_count ? out[i].member_count : 1);
        for (uint32_t m = 0; m < out[i].member_count; m++)
            members[m] = where[out[i].members[m]];
        out[i].members = members;
    }
    DocSet set = {.source = source, .items = out, .count = n};
    index_types(arena, &set);
    return set;
}

DocSet doc_collect(Arena *arena, const SourceMap *map, const LoadedProgram *loaded, uint32_t mount,
                   const char *source)
{
    Collector c = {.arena = arena, .map = map};
    uint32_t *file_module = ARENA_ARRAY(arena, uint32_t, loaded->count ? loaded->count : 1);
    for (uint32_t f = 0; f < loaded->count; f++) {
        const LoadedFile *lf = &loaded->files[f];
        file_module[f] = DOC_NONE;
        if (lf->mount != mount)
            continue;
        const Symbol *segs = lf->module;
        uint32_t depth = lf->module_depth;
        const AstFile *ast = lf->ast;
        /* A file's own `mod a.b;` names the root project's entry module (language.md §3.7). */
        if (depth == 0)
            for (uint32_t i = 0; i < ast->count; i++)
                if (load_is_file_module_decl(ast->items[i])) {
                    const AstPath *p = &ast->items[i]->module_decl.path;
                    Symbol *named = ARENA_ARRAY(arena, Symbol, p->count ? p->count : 1);
                    for (uint32_t s = 0; s < p->count; s++)
                        named[s] = p->segments[s].name;
                    segs = named;
                    depth = p->count;
                    break;
                }
        /* The module's doc: the doc run of the `mod a.b;` that declared it,
         * else of its file's own file-scoped `mod a.b;`. A library's entry
         * (the Prelude) has no declaration: the doc run on its first item,
         * a `mod a.b;`, is the library's (docs/decisions.md). */
        const char *doc = lf->declared_by ? lf->declared_by->doc : NULL;
        for (uint32_t i = 0; !doc && i < ast->count; i++)
            if (load_is_file_module_decl(ast->items[i]))
                doc = ast->items[i]->doc;
        if (lf->declared_by && lf->mount != LOAD_ROOT_PROJECT && is_entry_head(loaded, lf->declared_by))
            doc = NULL;
        if (!lf->declared_by && lf->mount != LOAD_ROOT_PROJECT && ast->count &&
            ast->items[0]->kind == AST_ITEM_MODULE_DECL)
            doc = ast->items[0]->doc;
        file_module[f] = module_item(&c, segs, depth, ast, doc);
        add_items(&c, ast->items, ast->count, file_module[f]);
    }
    for (uint32_t f = 0; f < loaded->count; f++)
        if (file_module[f] != DOC_NONE)
            add_impls(&c, loaded->files[f].ast->items, loaded->files[f].ast->count, file_module[f]);
    for (uint32_t i = 0; i < c.items.count; i++) {
        DocItem *it = &c.items.items[i];
        it->member_count = c.member_lists[i].count;
        it->members = c.member_lists[i].items;
        if (!it->signature)
            it->signature = it->name;
    }
    return reorder(arena, c.items.items, c.items.count, source);
}
