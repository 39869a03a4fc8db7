/* sema/module.c: the module tree (language.md §3.7, §5a item 8, §5b item 10).
 * Every module is a SemaModule; the checker keeps, beside it, the modules it
 * opens (`use a.b;`). Items, imports and submodule declarations live in one
 * hash index keyed by (module, name) (resolve.c), child modules in another
 * keyed by (parent, name), so every lookup costs the depth of the module
 * chain, never the number of items or modules.
 * Lookup of a simple name from module M: locals and `this` members (resolve.c),
 * then M's imports, then M and its ancestors, then the modules M opened
 * (two offering it: E1104). A qualified path `a.b.x` starts at a module found
 * like a simple name (imports, M's chain's children, the mounts' roots). */
#include <string.h>

#include "sema/checker.h"
#include "support/check.h"

typedef struct ChildKey {
    const SemaModule *parent;
    Symbol name;
} ChildKey;

static uint64_t child_hash(const SemaModule *parent, Symbol name)
{
    return hash_index_mix(hash_index_mix(HASH_INDEX_SEED, (uint64_t)(uintptr_t)name), (uint64_t)(uintptr_t)parent);
}

static bool child_matches(const void *value, const void *key)
{
    const CheckModule *m = value;
    const ChildKey *k = key;
    return m->sema->parent == k->parent && m->sema->name == k->name;
}

static CheckModule *find_child(const Checker *c, const SemaModule *parent, Symbol name)
{
    ChildKey key = {parent, name};
    return hash_index_find(&c->children, child_hash(parent, name), child_matches, &key);
}

static CheckModule *check_module(const Checker *c, const SemaModule *m)
{
    return c->modules.items[m->index];
}

static SemaModule *new_module(Checker *c, SemaModule *parent, Symbol name, uint32_t mount, bool is_library)
{
    SemaModule *m = ARENA_NEW(c->arena, SemaModule);
    m->name = name;
    m->parent = parent;
    m->is_library = is_library;
    uint32_t depth = (parent ? parent->depth : 0) + (name ? 1 : 0);
    const char **path = ARENA_ARRAY(c->arena, const char *, depth ? depth : 1);
    if (parent && parent->depth)
        memcpy(path, parent->path, parent->depth * sizeof *path);
    if (name)
        path[depth - 1] = name;
    m->path = path;
    m->depth = depth;
    m->qualified = !name ? "" : parent && *parent->qualified ? arena_printf(c->arena, "%s::%s", parent->qualified, name)
                                                                : name;
    m->index = c->program->modules.count;
    VEC_PUSH(c->arena, &c->program->modules, m);
    CheckModule *cm = ARENA_NEW(c->arena, CheckModule);
    cm->sema = m;
    cm->mount = mount;
    VEC_PUSH(c->arena, &c->modules, cm);
    if (name)
        hash_index_add(&c->children, c->arena, child_hash(parent, name), cm);
    return m;
}

static SemaModule *child_module(Checker *c, SemaModule *parent, Symbol name)
{
    CheckModule *found = find_child(c, parent, name);
    if (found)
        return found->sema;
    CheckModule *p = check_module(c, parent);
    return new_module(c, parent, name, p->mount, parent->is_library);
}

static uint64_t item_key_hash(const AstItem *item)
{
    return hash_index_mix(HASH_INDEX_SEED, (uint64_t)(uintptr_t)item);
}

typedef struct ItemModule {
    const AstItem *item;
    SemaModule *module;
} ItemModule;

static bool item_module_matches(const void *value, const void *key)
{
    return ((const ItemModule *)value)->item == key;
}

SemaModule *module_of_item(const Checker *c, const AstItem *item)
{
    const ItemModule *found = hash_index_find(&c->item_modules, item_key_hash(item), item_module_matches, item);
    return found ? found->module : c->program->modules.items[0];
}

SemaModule *module_enter_item(Checker *c, const AstItem *item)
{
    SemaModule *saved = c->module;
    c->module = module_of_item(c, item);
    return saved;
}

static const char *dotted(Checker *c, const AstPath *path, const char *sep, uint32_t count)
{
    const char *text = path->segments[0].name;
    for (uint32_t i = 1; i < count; i++)
        text = arena_printf(c->arena, "%s%s%s", text, sep, path->segments[i].name);
    return text;
}

/* The module path a file's relative path gives: `a/b.bd`, `a/b/mod.bd` and
 * `a/b/b.bd` are `a.b` (§5b item 10). */
static const char *path_module(Checker *c, const char *relative)
{
    size_t n = strlen(relative);
    if (n < 3 || strcmp(relative + n - 3, ".bd") != 0)
        return NULL;
    char *text = arena_strndup(c->arena, relative, n - 3);
    char *slash = strrchr(text, '/');
    if (slash && strcmp(slash + 1, "mod") == 0)
        *slash = '\0';
    else if (slash) {
        *slash = '\0';
        const char *prev = strrchr(text, '/');
        prev = prev ? prev + 1 : text;
        if (strcmp(prev, slash + 1) != 0)
            *slash = '/';
    }
    for (char *p = text; *p; p++)
        if (*p == '/')
            *p = '.';
    return text;
}

static void collect_items(Checker *c, SemaModule *module, AstItem *const *items, uint32_t count,
                          const AstItem *file_module, bool nested);

static void collect_one(Checker *c, SemaModule *module, const AstItem *item, bool nested)
{
    ItemModule *im = ARENA_NEW(c->arena, ItemModule);
    im->item = item;
    im->module = module;
    hash_index_add(&c->item_modules, c->arena, item_key_hash(item), im);
    VEC_PUSH(c->arena, &c->flat, item);
    SemaModule *target = NULL;
    if (item->kind == AST_ITEM_INLINE_MODULE)
        target = child_module(c, module, item->name.name);
    else if (item->kind == AST_ITEM_MODULE_DECL) {
        target = module;
        for (uint32_t i = 0; i < item->module_decl.path.count; i++)
            target = child_module(c, target, item->module_decl.path.segments[i].name);
    }
    c->module = module;
    if (nested && item->kind == AST_ITEM_MODULE_DECL) /* the loader reads top-level declarations only */
        check_unsupported(c, item->span, "`mod a.b;` inside an inline module");
    check_collect_item(c, item, target);
    if (item->kind == AST_ITEM_MODULE_DECL && c->loaded)
        for (uint32_t i = 0; i < c->loaded->missing_count; i++) /* a handful, once per declaration */
            if (c->loaded->missing[i] == item)
                check_module(c, target)->missing = true;
    if (item->kind == AST_ITEM_INLINE_MODULE)
        collect_items(c, target, item->inline_module.items, item->inline_module.count, NULL, true);
}

static void collect_items(Checker *c, SemaModule *module, AstItem *const *items, uint32_t count,
                          const AstItem *file_module, bool nested)
{
    for (uint32_t i = 0; i < count; i++)
        if (items[i] != file_module)
            collect_one(c, module, items[i], nested);
}

/* E1505-E1508 for a file whose module a file-scoped `mod a.b;` names. */
static void check_file_module(Checker *c, const LoadedFile *f, const AstItem *fm)
{
    DiagList *defs = &c->stages[STAGE_DEFS];
    const char *name = dotted(c, &fm->module_decl.path, ".", fm->module_decl.path.count);
    if (f->ast->items[0] != fm) {
        Diag *d = diag_report(defs, fm->span, DIAG_E1505_FILE_MODULE_NOT_FIRST, name);
        diag_set_help(defs, d, "move `mod ...;` to the top of the file");
    }
    for (uint32_t i = 0; i < f->ast->count; i++) {
        const AstItem *item = f->ast->items[i];
        if (item == fm)
            continue;
        Diag *d = NULL;
        if (item->kind == AST_ITEM_MODULE_DECL)
            d = diag_report(defs, item->span, DIAG_E1506_DUPLICATE_FILE_MODULE,
                            dotted(c, &item->module_decl.path, ".", item->module_decl.path.count));
        else if (item->kind == AST_ITEM_INLINE_MODULE)
            d = diag_report(defs, item->span, DIAG_E1507_MOD_IN_FILE_MODULE);
        if (d)
            diag_set_help(defs, d, "keep a single top-level `mod ...;` and remove other module declarations");
    }
    const char *expected = f->relative ? path_module(c, f->relative) : NULL;
    if (expected && strcmp(expected, name) != 0)
        diag_report(defs, fm->span, DIAG_E1508_FILE_MODULE_PATH, name, f->relative);
}

void modules_build(Checker *c, const LoadedProgram *loaded)
{
    c->loaded = loaded;
    SemaModule *root = new_module(c, NULL, NULL, LOAD_ROOT_PROJECT, false);
    SemaModule **mount_roots = ARENA_ARRAY(c->arena, SemaModule *, loaded->mount_count ? loaded->mount_count : 1);
    for (uint32_t m = 0; m < loaded->mount_count; m++)
        mount_roots[m] = new_module(c, NULL, intern_cstr(c->interner, loaded->mounts[m].name), m, true);
    for (uint32_t i = 0; i < loaded->count; i++) {
        const LoadedFile *f = &loaded->files[i];
        SemaModule *module = f->mount == LOAD_ROOT_PROJECT ? root : mount_roots[f->mount];
        const AstItem *fm = NULL;
        for (uint32_t k = 0; k < f->ast->count && !fm; k++)
            if (load_is_file_module_decl(f->ast->items[k]))
                fm = f->ast->items[k];
        if (fm) {
            check_file_module(c, f, fm);
            for (uint32_t s = 0; s < fm->module_decl.path.count; s++)
                module = child_module(c, module, fm->module_decl.path.segments[s].name);
        } else {
            for (uint32_t s = f->mount == LOAD_ROOT_PROJECT ? 0 : 1; s < f->module_depth; s++)
                module = child_module(c, module, f->module[s]);
        }
        collect_items(c, module, f->ast->items, f->ast->count, fm, false);
    }
    c->module = root;
    diag_list_append(&c->stages[STAGE_MODULES], &loaded->not_found);
}

/* ---- lookup ---------------------------------------------------------------- */

static bool is_module_item(const CheckItem *item)
{
    return item->item->kind == AST_ITEM_INLINE_MODULE || item->item->kind == AST_ITEM_MODULE_DECL;
}

static bool is_plain_item(const AstItem *item, const AstItem *other)
{
    (void)other;
    return item->kind != AST_ITEM_USE && item->kind != AST_ITEM_INLINE_MODULE && item->kind != AST_ITEM_MODULE_DECL;
}

static bool is_use(const AstItem *item, const AstItem *other)
{
    (void)other;
    return item->kind == AST_ITEM_USE;
}

static bool in_value_namespace(const AstItem *item, const AstItem *other)
{
    (void)other;
    return item->kind == AST_ITEM_FUNCTION || item->kind == AST_ITEM_TEST || item->kind == AST_ITEM_MODULE_DECL ||
           item->kind == AST_ITEM_INLINE_MODULE;
}

static bool within(const SemaModule *inner, const SemaModule *outer)
{
    for (const SemaModule *m = inner; m; m = m->parent)
        if (m == outer)
            return true;
    return false;
}

static void resolve_import(Checker *c, CheckItem *use);

static CheckItem *import_in(Checker *c, const SemaModule *module, Symbol name)
{
    CheckItem *use = (CheckItem *)resolve_item_in(c, module, name, NULL, is_use);
    if (use && use->import_state == 0)
        resolve_import(c, use);
    return use && use->import_state == 2 ? use : NULL;
}

/* The item 'name' of 'module' as a path into it sees it: its own items,
 * then its imports (a `pub use` re-exports). */
static const CheckItem *member_item(Checker *c, const SemaModule *module, Symbol name, const CheckItem **via)
{
    const CheckItem *item = resolve_item_in(c, module, name, NULL, is_plain_item);
    if (item)
        return item;
    CheckItem *use = import_in(c, module, name);
    if (use && use->import) {
        *via = use;
        return &c->items.items[use->import - 1];
    }
    return NULL;
}

/* A module a name denotes from 'from', imports of 'from' excepted when 'no_imports'. */
static SemaModule *lookup_module_from(Checker *c, const SemaModule *from, Symbol name, bool no_imports)
{
    if (!no_imports) {
        CheckItem *use = import_in(c, from, name);
        if (use && use->target && !use->import) {
            use->used = true;
            return use->target;
        }
    }
    for (const SemaModule *m = from; m; m = m->parent) {
        CheckModule *child = find_child(c, m, name);
        if (child)
            return child->sema;
    }
    CheckModule *root = find_child(c, NULL, name);
    return root ? root->sema : NULL;
}

SemaModule *module_lookup_module(Checker *c, Symbol name)
{
    SemaModule *m = lookup_module_from(c, c->module, name, false);
    if (m) /* a module named in a path is used (W1504) */
        module_note_use(c, name);
    return m;
}

static bool module_item_is(const CheckItem *item, ModuleWant want)
{
    AstItemKind kind = item->item->kind;
    bool is_type = kind == AST_ITEM_TYPE || kind == AST_ITEM_ENUM || kind == AST_ITEM_CONTRACT;
    return want == MODULE_WANT_TYPE ? is_type : !is_type;
}

const CheckItem *module_lookup_item(Checker *c, Symbol name, Span span)
{
    return module_lookup_item_for(c, name, span, MODULE_WANT_ANY);
}

const CheckItem *module_lookup_item_for(Checker *c, Symbol name, Span span, ModuleWant want)
{
    const SemaModule *from = c->module;
    if (!from)
        return NULL;
    CheckItem *use = import_in(c, from, name);
    if (use && use->import) {
        use->used = true;
        return &c->items.items[use->import - 1];
    }
    for (const SemaModule *m = from; m; m = m->parent) {
        const CheckItem *item = resolve_item_in(c, m, name, NULL, is_plain_item);
        if (item)
            return item;
    }
    const CheckItem *found = NULL;
    CheckModule *cm = check_module(c, from);
    for (uint32_t i = 0; i < cm->opened.count; i++) {
        CheckItem *opener = &c->items.items[cm->opened.items[i]];
        const CheckItem *via = NULL;
        const CheckItem *item = member_item(c, opener->target, name, &via);
        if (!item || (via ? via->item->visibility : item->item->visibility) != AST_PUBLIC)
            continue;
        opener->used = true;
        if (!found)
            found = item;
        else if (found != item && want != MODULE_WANT_ANY &&
                 module_item_is(found, want) != module_item_is(item, want)) {
            if (module_item_is(item, want))
                found = item;
        } else if (found != item && span.file != SPAN_NO_FILE) {
            Diag *d = diag_report(&c->stages[STAGE_NAMES], span, DIAG_E1104_AMBIGUOUS_IMPORT, name);
            diag_set_help(&c->stages[STAGE_NAMES], d, "`%s` is offered by `%s` and `%s`", name,
                          found->module->qualified, item->module->qualified);
            break;
        }
    }
    return found;
}

static Diag *report_private(Checker *c, const CheckItem *item, Span span)
{
    Diag *d = diag_report(&c->stages[STAGE_NAMES], span, DIAG_E1107_PRIVATE_ITEM, item->name, item->module->qualified);
    diag_set_help(&c->stages[STAGE_NAMES], d, "mark the item `pub` or avoid cross-module access");
    diag_add_span(&c->stages[STAGE_NAMES], d, item->item->name.span, "`%s` declared here", item->name);
    return d;
}

static const char *joined(Checker *c, const AstPathSegment *segs, uint32_t count)
{
    const char *text = segs[0].name;
    for (uint32_t i = 1; i < count; i++)
        text = arena_printf(c->arena, "%s::%s", text, segs[i].name);
    return text;
}

const CheckItem *module_resolve_qualified(Checker *c, const AstPathSegment *segs, uint32_t count, CheckPathKind kind,
                                          Span span)
{
    SemaModule *m = module_lookup_module(c, segs[0].name);
    BSK_ASSERT(m && count >= 2);
    uint32_t i = 1;
    for (; i + 1 < count; i++) {
        CheckModule *child = find_child(c, m, segs[i].name);
        if (!child)
            break;
        m = child->sema;
    }
    Symbol name = segs[i].name;
    if (i + 1 < count) { /* `m.x.y` where `x` is no module of `m` */
        diag_report(&c->stages[STAGE_NAMES], span_join(segs[0].span, segs[i].span), DIAG_E1108_UNKNOWN_MODULE_PATH,
                    joined(c, segs, i + 1));
        return NULL;
    }
    module_note_use(c, name);
    const CheckItem *via = NULL;
    const CheckItem *item = member_item(c, m, name, &via);
    if (!item && check_module(c, m)->missing)
        return NULL; /* E1502 says why */
    if (!item) {
        if (kind == CHECK_PATH_DEFINITION) /* E1005 uses the §3.7 lookup (§5b item 10) */
            diag_report(&c->stages[STAGE_DEFS], span, DIAG_E1005_UNKNOWN_TYPE_IN_DEFINITION,
                        arena_printf(c->arena, "%s::%s", m->qualified, name));
        else if (kind == CHECK_PATH_TYPE)
            diag_report(&c->stages[STAGE_NAMES], span, DIAG_E1201_UNKNOWN_TYPE_IN_MODULE, name, m->qualified);
        else
            diag_report(&c->stages[STAGE_NAMES], span, DIAG_E1101_UNKNOWN_VALUE_IN_MODULE, name, m->qualified);
        return NULL;
    }
    const CheckItem *shown = via ? via : item;
    if (shown->item->visibility != AST_PUBLIC && !within(c->module, shown->module)) {
        report_private(c, shown, span);
        return NULL;
    }
    return item;
}

/* ---- imports --------------------------------------------------------------- */

static void resolve_import(Checker *c, CheckItem *use)
{
    use->import_state = 1; /* a cycle of re-exports finds nothing */
    const AstPath *path = &use->item->use.path;
    const SemaModule *from = use->module;
    DiagList *names = &c->stages[STAGE_NAMES];
    SemaModule *m = lookup_module_from(c, from, path->segments[0].name, true);
    if (m)
        module_note_use(c, path->segments[0].name);
    const CheckItem *item = NULL, *via = NULL;
    uint32_t i = 1;
    if (!m && path->count == 1) { /* `use X;`: an item of an enclosing module */
        for (const SemaModule *a = from->parent; a && !item; a = a->parent)
            item = resolve_item_in(c, a, path->segments[0].name, NULL, is_plain_item);
    } else if (m) {
        for (; i < path->count; i++) {
            CheckModule *child = find_child(c, m, path->segments[i].name);
            if (!child)
                break;
            m = child->sema;
        }
        if (i + 1 == path->count)
            item = member_item(c, m, path->segments[i].name, &via);
    }
    bool binds_module = m && i == path->count;
    if (!item && !binds_module && m && check_module(c, m)->missing) {
        use->import_state = 3; /* E1502 says why */
        return;
    }
    if (!item && !binds_module) {
        diag_report(names, path->span, DIAG_E1105_UNKNOWN_IMPORT_PATH, dotted(c, path, ".", path->count));
        use->import_state = 3;
        return;
    }
    if (item) {
        const CheckItem *shown = via ? via : item;
        if (shown->item->visibility != AST_PUBLIC && !within(from, shown->module)) {
            Diag *d = diag_report(&c->stages[STAGE_MODULES], path->span, DIAG_E1501_PRIVATE_IMPORT, shown->name);
            const SourceFile *file = source_file(c->map, shown->item->name.span.file);
            uint32_t line = 0, col = 0;
            if (file)
                source_line_col(file, shown->item->name.span.start, &line, &col);
            diag_set_help(&c->stages[STAGE_MODULES], d, "item is private (declared at line %u, column %u)", line, col);
        }
        use->import = (uint32_t)(item - c->items.items) + 1;
    } else {
        use->target = m;
        VEC_PUSH(c->arena, &check_module(c, from)->opened, (uint32_t)(use - c->items.items));
    }
    use->import_state = 2;
    /* E1006: the name is also an item of this module's value namespace, other than what the import binds */
    const CheckItem *clash = resolve_item_in(c, from, use->name, NULL, in_value_namespace);
    if (clash && clash != item && !(clash->target && clash->target == use->target)) {
        Span name_span = use->item->use.has_alias ? use->item->use.alias.span : use->item->name.span;
        Diag *d = diag_report(&c->stages[STAGE_DEFS], name_span, DIAG_E1006_DUPLICATE_ITEM_NAME, use->name);
        check_prev_help(c, d, clash->item->name.span);
    }
}

void modules_resolve_imports(Checker *c)
{
    for (uint32_t i = 0; i < c->items.count; i++) {
        CheckItem *item = &c->items.items[i];
        if (item->item->kind == AST_ITEM_USE && item->import_state == 0)
            resolve_import(c, item);
    }
}

/* ---- unused imports and items ---------------------------------------------- */

static bool name_matches(const void *value, const void *key)
{
    return value == key;
}

void module_note_use(Checker *c, Symbol name)
{
    uint64_t hash = hash_index_mix(HASH_INDEX_SEED, (uint64_t)(uintptr_t)name);
    if (!hash_index_find(&c->used_names, hash, name_matches, name))
        hash_index_add(&c->used_names, c->arena, hash, (void *)name);
}

static bool name_used(const Checker *c, Symbol name)
{
    uint64_t hash = hash_index_mix(HASH_INDEX_SEED, (uint64_t)(uintptr_t)name);
    return hash_index_find(&c->used_names, hash, name_matches, name) != NULL;
}

bool module_span_reports_warnings(const Checker *c, Span span)
{
    if (!c->loaded || span.file == SPAN_NO_FILE)
        return true;
    for (uint32_t i = 0; i < c->loaded->count; i++) /* files, not items: a handful */
        if (c->loaded->files[i].ast->file == span.file)
            return c->loaded->files[i].mount == LOAD_ROOT_PROJECT;
    return true;
}

void modules_report_unused(Checker *c)
{
    DiagList *list = &c->stages[STAGE_MODULES];
    for (uint32_t i = 0; i < c->items.count; i++) {
        const CheckItem *item = &c->items.items[i];
        const AstItem *ast = item->item;
        if (item->module->is_library || ast->visibility == AST_PUBLIC)
            continue;
        if (ast->kind == AST_ITEM_USE) {
            if (!item->used && item->import_state == 2)
                diag_report(list, ast->use.path.span, DIAG_W1503_UNUSED_IMPORT,
                            dotted(c, &ast->use.path, ".", ast->use.path.count));
            continue;
        }
        bool counted = ast->kind == AST_ITEM_FUNCTION || ast->kind == AST_ITEM_TYPE || ast->kind == AST_ITEM_ENUM ||
                       ast->kind == AST_ITEM_CONTRACT || is_module_item(item); /* a test is run by `beskid test` */
        if (!counted || strcmp(item->name, "main") == 0 || name_used(c, item->name))
            continue;
        diag_report(list, ast->name.span, DIAG_W1504_UNUSED_PRIVATE_ITEM, item->name);
    }
}
