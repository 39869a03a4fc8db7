/* syntax/loader.c: finding and parsing the files of a program.
 *   - the entry file is the root project's root module (or the module its
 *     file-scoped `mod a.b;` names: sema checks that);
 *   - a submodule declaration `pub mod a.b;` (any `mod a.b;` but the file's
 *     own file-scoped one) in a file of module M loads module M.a.b from
 *     `a/b.bd`, `a/b/mod.bd` or `a/b/b.bd`, relative to the declaring file's
 *     directory, then to the source root (§5a item 8); none: E1502;
 *   - a mount is loaded lazily: only when a file names it (a path whose first
 *     segment is the mount's name, found in the tokens, so `use`, types,
 *     values and struct literals alike) is its entry file loaded, and for
 *     `Std.X.Y…` the files of modules `X` and `X.Y`, … that exist under its
 *     source root. A file is loaded once, keyed by its mount and relative path. */
#include "syntax/loader.h"

#include <string.h>
#include <sys/stat.h>

#include "support/hashindex.h"
#include "support/vec.h"
#include "syntax/lexer.h"
#include "syntax/parser.h"

typedef struct Loader {
    Arena *arena;
    Interner *interner;
    SourceMap *map;
    DiagList *diags;
    const char *root; /* the root project's source root ("" for the current directory) */
    const LoadMount *mounts;
    uint32_t mount_count;
    Symbol *mount_names;
    VEC(LoadedFile) files;
    VEC(uint32_t) file_ids; /* SourceMap index of files[i], parsed when i < parsed */
    HashIndex seen;         /* (mount, relative path) of every file loaded */
    AstId next_id;
    DiagList not_found;
    VEC(const AstItem *) missing;
    const LoadOptions *options; /* NULL: none */
} Loader;

typedef struct SeenKey {
    uint32_t mount;
    const char *relative;
} SeenKey;

static const char *join(Loader *l, const char *dir, const char *rel)
{
    if (!dir || !*dir || strcmp(dir, ".") == 0)
        return rel;
    if (!*rel)
        return dir;
    return arena_printf(l->arena, "%s/%s", dir, rel);
}

static const char *dir_of(Loader *l, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? arena_strndup(l->arena, path, (size_t)(slash - path)) : "";
}

static uint64_t seen_hash(uint32_t mount, const char *relative)
{
    uint64_t h = hash_index_mix(HASH_INDEX_SEED, mount);
    for (const char *p = relative; *p; p++)
        h = hash_index_mix(h, (unsigned char)*p);
    return h;
}

static bool seen_matches(const void *value, const void *key)
{
    const SeenKey *a = value, *b = key;
    return a->mount == b->mount && strcmp(a->relative, b->relative) == 0;
}

static bool is_seen(Loader *l, uint32_t mount, const char *relative)
{
    SeenKey key = {mount, relative};
    return hash_index_find(&l->seen, seen_hash(mount, relative), seen_matches, &key) != NULL;
}

static void mark_seen(Loader *l, uint32_t mount, const char *relative)
{
    SeenKey *key = ARENA_NEW(l->arena, SeenKey);
    key->mount = mount;
    key->relative = relative;
    hash_index_add(&l->seen, l->arena, seen_hash(mount, relative), key);
}

static const char *root_of(const Loader *l, uint32_t mount)
{
    return mount == LOAD_ROOT_PROJECT ? l->root : l->mounts[mount].source_root;
}

/* True when the file 'relative' exists under the source root of 'mount'. */
static bool file_exists(Loader *l, uint32_t mount, const char *relative)
{
    if (mount != LOAD_ROOT_PROJECT && l->mounts[mount].read_embedded) {
        size_t len;
        return l->mounts[mount].read_embedded(relative, &len) != NULL;
    }
    const char *path = join(l, root_of(l, mount), relative);
    size_t len;
    if (l->options && l->options->read_overlay && l->options->read_overlay(l->options->ctx, path, &len))
        return true;
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Queues the file (known to exist) as module 'module'; an embedded file goes
 * into the source map under `source_root/relative`. */
static void queue_file(Loader *l, uint32_t mount, const char *relative, const Symbol *module, uint32_t depth,
                       const AstItem *declared_by)
{
    if (is_seen(l, mount, relative))
        return;
    mark_seen(l, mount, relative);
    const char *display = join(l, root_of(l, mount), relative);
    uint32_t id;
    const char *overlay = NULL;
    size_t overlay_len = 0;
    if (mount != LOAD_ROOT_PROJECT && l->mounts[mount].read_embedded) {
        size_t len = 0;
        const char *text = l->mounts[mount].read_embedded(relative, &len);
        id = source_add(l->map, display, text, len);
    } else if (l->options && l->options->read_overlay &&
               (overlay = l->options->read_overlay(l->options->ctx, display, &overlay_len))) {
        id = source_add(l->map, display, overlay, overlay_len);
    } else {
        switch (source_load(l->map, display, SOURCE_DEFAULT_LIMIT, &id)) {
        case SOURCE_OK: break;
        case SOURCE_UNREADABLE:
            diag_report(l->diags, SPAN_NONE, DIAG_CLI_ERROR, arena_printf(l->arena, "Failed to read file: %s", display));
            return;
        case SOURCE_TOO_LARGE:
            diag_report(l->diags, SPAN_NONE, DIAG_E0001_INPUT_TOO_LARGE, display,
                        arena_printf(l->arena, "%zu", SOURCE_DEFAULT_LIMIT));
            return;
        }
    }
    LoadedFile f = {.module = module, .module_depth = depth, .mount = mount, .relative = relative,
                    .declared_by = declared_by};
    VEC_PUSH(l->arena, &l->files, f);
    VEC_PUSH(l->arena, &l->file_ids, id);
}

/* The relative path of module 'segs' under 'base': `a/b.bd`, `a/b/mod.bd`,
 * `a/b/b.bd`, the first that exists (NULL: none). */
static const char *find_module_file(Loader *l, uint32_t mount, const char *base, const Symbol *segs, uint32_t n,
                                    const char **tried)
{
    const char *stem = "";
    for (uint32_t i = 0; i < n; i++)
        stem = *stem ? arena_printf(l->arena, "%s/%s", stem, segs[i]) : segs[i];
    stem = join(l, base, stem);
    const char *candidates[3] = {arena_printf(l->arena, "%s.bd", stem), arena_printf(l->arena, "%s/mod.bd", stem),
                                 arena_printf(l->arena, "%s/%s.bd", stem, segs[n - 1])};
    if (tried) {
        tried[0] = candidates[0];
        tried[1] = candidates[1];
    }
    for (int i = 0; i < 3; i++)
        if (file_exists(l, mount, candidates[i]))
            return candidates[i];
    return NULL;
}

/* A mount's module 'segs' (after the mount's name), when its file exists. */
static void request_mount_module(Loader *l, uint32_t mount, const Symbol *segs, uint32_t n)
{
    const LoadMount *m = &l->mounts[mount];
    Symbol *module = ARENA_ARRAY(l->arena, Symbol, n + 1);
    module[0] = l->mount_names[mount];
    memcpy(module + 1, segs, n * sizeof *segs);
    if (n == 0) {
        if (m->entry && file_exists(l, mount, m->entry))
            queue_file(l, mount, m->entry, module, 1, NULL);
        return;
    }
    const char *rel = find_module_file(l, mount, "", segs, n, NULL);
    if (rel)
        queue_file(l, mount, rel, module, n + 1, NULL);
}

static bool is_ident_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
}

/* The paths `Name.X.Y` of mount 'm' written anywhere in the text: a path
 * inside a string's `${…}` is no token of the file (the parser lexes it
 * later). A path in a comment or a plain string only loads a module more. */
static void scan_mount_text(Loader *l, const SourceFile *src, uint32_t m)
{
    const char *name = l->mounts[m].name;
    size_t len = strlen(name);
    const char *text = src->text, *end = src->text + src->len, *at = text;
    while (at < end && (at = memmem(at, (size_t)(end - at), name, len))) {
        const char *q = at + len;
        bool starts = at == text || !(is_ident_char(at[-1]) || at[-1] == '.');
        at = q;
        if (!starts || (q < end && is_ident_char(*q)))
            continue;
        Symbol segs[64];
        uint32_t n = 0;
        while (q < end && *q == '.' && n < 64) {
            const char *s = q + 1, *e = s;
            while (e < end && is_ident_char(*e))
                e++;
            if (e == s)
                break;
            segs[n++] = intern(l->interner, s, (size_t)(e - s));
            q = e;
        }
        for (uint32_t k = 0; k <= n; k++)
            request_mount_module(l, m, segs, k);
    }
}

/* Every path of the file that starts with a mount's name: `Std.X.Y…` asks
 * for the mount's entry and the modules X, X.Y, … (those that exist). */
static void scan_mount_uses(Loader *l, uint32_t file)
{
    const SourceFile *src = source_file(l->map, file);
    bool named = false; /* a text search first: most files name no mount, and lexing twice costs */
    for (uint32_t m = 0; m < l->mount_count && !named; m++)
        named = memmem(src->text, src->len, l->mounts[m].name, strlen(l->mounts[m].name)) != NULL;
    if (!named)
        return;
    for (uint32_t m = 0; m < l->mount_count; m++)
        scan_mount_text(l, src, m);
    TokenList toks = lexer_tokenize_heap(l->arena, l->interner, src, file);
    for (uint32_t i = 0; i < toks.count; i++) {
        if (toks.items[i].kind != TOK_IDENT || (i > 0 && toks.items[i - 1].kind == TOK_DOT))
            continue;
        for (uint32_t m = 0; m < l->mount_count; m++) {
            if (toks.items[i].ident != l->mount_names[m])
                continue;
            Symbol segs[64];
            uint32_t n = 0;
            for (uint32_t j = i + 1; j + 1 < toks.count && n < 64; j += 2) {
                if (toks.items[j].kind != TOK_DOT || toks.items[j + 1].kind != TOK_IDENT)
                    break;
                segs[n++] = toks.items[j + 1].ident;
            }
            for (uint32_t k = 0; k <= n; k++)
                request_mount_module(l, m, segs, k);
        }
    }
    lexer_free_tokens(&toks);
}

bool load_is_file_module_decl(const AstItem *item)
{
    return item->kind == AST_ITEM_MODULE_DECL && item->visibility == AST_PRIVATE && item->attributes.count == 0;
}

/* The submodule declarations of file 'index' (none in a file-scoped module file). */
static void load_submodules(Loader *l, uint32_t index)
{
    const LoadedFile *f = &l->files.items[index];
    const AstFile *ast = f->ast;
    for (uint32_t i = 0; i < ast->count; i++)
        if (load_is_file_module_decl(ast->items[i]))
            return; /* E1505-E1507 are sema's; the E1502 check is skipped (§3.7) */
    const char *dir = f->relative ? dir_of(l, f->relative) : "";
    if (f->mount != LOAD_ROOT_PROJECT && !f->relative)
        dir = "";
    for (uint32_t i = 0; i < ast->count; i++) {
        const AstItem *item = ast->items[i];
        if (item->kind != AST_ITEM_MODULE_DECL)
            continue;
        const AstPath *path = &item->module_decl.path;
        Symbol *segs = ARENA_ARRAY(l->arena, Symbol, path->count);
        for (uint32_t s = 0; s < path->count; s++)
            segs[s] = path->segments[s].name;
        const char *tried[2];
        const char *rel = find_module_file(l, f->mount, dir, segs, path->count, tried);
        if (!rel && *dir)
            rel = find_module_file(l, f->mount, "", segs, path->count, NULL);
        if (!rel) {
            const char *dotted = segs[0];
            for (uint32_t s = 1; s < path->count; s++)
                dotted = arena_printf(l->arena, "%s.%s", dotted, segs[s]);
            Diag *d = diag_report(&l->not_found, path->span, DIAG_E1502_MODULE_NOT_FOUND, dotted);
            VEC_PUSH(l->arena, &l->missing, item);
            const char *root = root_of(l, f->mount);
            diag_set_help(&l->not_found, d, "expected `%s` or `%s`", join(l, root, tried[0]), join(l, root, tried[1]));
            continue;
        }
        uint32_t depth = f->module_depth + path->count;
        Symbol *module = ARENA_ARRAY(l->arena, Symbol, depth);
        if (f->module_depth) /* the entry file's module path is NULL */
            memcpy(module, f->module, f->module_depth * sizeof *module);
        memcpy(module + f->module_depth, segs, path->count * sizeof *segs);
        queue_file(l, f->mount, rel, module, depth, item);
    }
}

/* 'path' relative to 'root' when it lies under it. */
static const char *relative_to(Loader *l, const char *path, const char *root)
{
    if (!*root || strcmp(root, ".") == 0)
        return strncmp(path, "./", 2) == 0 ? path + 2 : path;
    size_t n = strlen(root);
    if (strncmp(path, root, n) == 0 && path[n] == '/')
        return path + n + 1;
    (void)l;
    return NULL;
}

bool load_program(Arena *arena, Interner *interner, SourceMap *map, uint32_t entry, const char *source_root,
                  const LoadMount *mounts, uint32_t mount_count, DiagList *diags, LoadedProgram *out)
{
    return load_program_with(arena, interner, map, entry, source_root, mounts, mount_count, NULL, diags, out);
}

bool load_program_with(Arena *arena, Interner *interner, SourceMap *map, uint32_t entry, const char *source_root,
                       const LoadMount *mounts, uint32_t mount_count, const LoadOptions *options, DiagList *diags,
                       LoadedProgram *out)
{
    Loader loader = {.arena = arena, .interner = interner, .map = map, .diags = diags, .mounts = mounts,
                     .mount_count = mount_count, .options = options};
    Loader *l = &loader;
    diag_list_init(&l->not_found, diags->arena);
    const char *path = source_file(map, entry)->path;
    l->root = source_root ? source_root : dir_of(l, path);
    l->mount_names = ARENA_ARRAY(arena, Symbol, mount_count ? mount_count : 1);
    for (uint32_t m = 0; m < mount_count; m++)
        l->mount_names[m] = intern_cstr(interner, mounts[m].name);
    const char *relative = relative_to(l, path, l->root);
    if (relative)
        mark_seen(l, LOAD_ROOT_PROJECT, relative);
    LoadedFile first = {.module = NULL, .module_depth = 0, .mount = LOAD_ROOT_PROJECT, .relative = relative};
    VEC_PUSH(arena, &l->files, first);
    VEC_PUSH(arena, &l->file_ids, entry);
    bool ok = true;
    for (uint32_t i = 0; i < l->files.count && ok; i++) {
        AstFile *ast = options && options->recover
                           ? parse_file_recovering(arena, interner, map, l->file_ids.items[i], l->next_id, diags)
                           : parse_file(arena, interner, map, l->file_ids.items[i], l->next_id, diags);
        if (!ast) {
            ok = false;
            break;
        }
        l->next_id = ast->node_end;
        l->files.items[i].ast = ast;
        load_submodules(l, i);
        scan_mount_uses(l, l->file_ids.items[i]);
    }
    out->files = l->files.items;
    out->count = ok ? l->files.count : 0;
    out->mounts = mounts;
    out->mount_count = mount_count;
    out->not_found = l->not_found;
    out->missing = l->missing.items;
    out->missing_count = l->missing.count;
    return ok && !diag_has_errors(diags);
}
