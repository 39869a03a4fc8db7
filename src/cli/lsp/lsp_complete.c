/* cli/lsp/lsp_complete.c: completion (members, variants, `use` paths,
 * locals, items, keywords, manifest keys) and signature help. Both read the
 * document's current text around the cursor, and the index of the last
 * analysis that parsed when the current one did not. */
#include <stdio.h>
#include <string.h>

#include "cli/lsp/lsp_internal.h"
#include "syntax/lexer.h"

static int completion_kind(SemaSymbolKind kind)
{
    switch (kind) {
    case SEMA_SYM_FUNCTION: return 3;
    case SEMA_SYM_METHOD:
    case SEMA_SYM_CONTRACT_METHOD: return 2;
    case SEMA_SYM_STRUCT: return 22;
    case SEMA_SYM_ENUM: return 13;
    case SEMA_SYM_CONTRACT: return 8;
    case SEMA_SYM_VARIANT: return 20;
    case SEMA_SYM_FIELD: return 5;
    case SEMA_SYM_LOCAL:
    case SEMA_SYM_PARAM: return 6;
    case SEMA_SYM_MODULE: return 9;
    default: return 1;
    }
}

/* ---- completion ---------------------------------------------------------------------------- */

static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static void add_item(cJSON *items, const char *label, int kind, const char *detail)
{
    for (cJSON *it = items->child; it; it = it->next)
        if (strcmp(cJSON_GetObjectItemCaseSensitive(it, "label")->valuestring, label) == 0)
            return;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "label", label);
    cJSON_AddNumberToObject(j, "kind", kind);
    if (detail)
        cJSON_AddStringToObject(j, "detail", detail);
    cJSON_AddItemToArray(items, j);
}

static void add_symbol_item(cJSON *items, const SemaSymbol *sym)
{
    add_item(items, sym->name, completion_kind(sym->kind), sym->detail);
}

/* A local or parameter named 'name' in scope at 'offset' of 'file', or a global. */
static const SemaSymbol *visible_named(const LspAnalysis *a, uint32_t file, uint32_t offset, const char *name, size_t len)
{
    const SemaSymbol *best = NULL;
    for (uint32_t i = 0; i < a->index->symbols.count; i++) {
        const SemaSymbol *sym = &a->index->symbols.items[i];
        if (strlen(sym->name) != len || strncmp(sym->name, name, len) != 0)
            continue;
        if (sym->kind == SEMA_SYM_LOCAL || sym->kind == SEMA_SYM_PARAM) {
            if (sym->name_span.file == file && sym->scope.start <= offset && offset <= sym->scope.end &&
                sym->name_span.start < offset && (!best || best->name_span.start < sym->name_span.start))
                best = sym;
        } else if (!best && sym->container == SEMA_NO_SYMBOL) {
            best = sym;
        }
    }
    return best;
}

static const SemaSymbol *member_named(const LspAnalysis *a, uint32_t owner, const char *name, size_t len)
{
    for (uint32_t i = 0; i < a->index->symbols.count; i++) {
        const SemaSymbol *sym = &a->index->symbols.items[i];
        if (sym->container == owner && strlen(sym->name) == len && strncmp(sym->name, name, len) == 0)
            return sym;
    }
    return NULL;
}

/* The type whose members follow `x.`: a type itself, else the type of the
 * value (a function's or method's: what it returns). */
static uint32_t owner_of(const LspAnalysis *a, const SemaSymbol *sym)
{
    if (sym->kind == SEMA_SYM_STRUCT || sym->kind == SEMA_SYM_ENUM || sym->kind == SEMA_SYM_CONTRACT)
        return (uint32_t)(sym - a->index->symbols.items);
    return sema_index_type_symbol(a->index, sym->type);
}

static void complete_members(const LspAnalysis *a, uint32_t owner, bool variants, cJSON *items)
{
    for (uint32_t i = 0; i < a->index->symbols.count; i++) {
        const SemaSymbol *sym = &a->index->symbols.items[i];
        if (sym->container == owner && (sym->kind == SEMA_SYM_VARIANT) == variants)
            add_symbol_item(items, sym);
    }
}

static void complete_manifest(cJSON *items, bool workspace)
{
    static const char *const project_blocks[] = {"project", "target", "dependency"};
    static const char *const workspace_blocks[] = {"workspace", "member", "override", "registry"};
    static const char *const keys[] = {"name", "version", "root", "root_namespace", "kind", "entry", "source",
                                       "path", "url", "git", "rev", "resolver"};
    const char *const *blocks = workspace ? workspace_blocks : project_blocks;
    size_t nblocks = workspace ? 4 : 3;
    for (size_t i = 0; i < nblocks; i++)
        add_item(items, blocks[i], 14, "block");
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        add_item(items, keys[i], 10, "key");
}

void lsp_on_completion(LspServer *s, const cJSON *id, const cJSON *params)
{
    LspWhere w;
    if (!lsp_where_of(s, id, params, true, &w))
        return;
    cJSON *items = cJSON_CreateArray();
    if (w.doc->is_manifest) {
        complete_manifest(items, lsp_ends_with(w.doc->path, "Workspace.proj"));
        lsp_respond(id, items);
        return;
    }
    const char *text = strbuf_cstr(&w.doc->text);
    size_t at = w.offset, word = at;
    while (word > 0 && ident_char(text[word - 1]))
        word--;
    size_t line_start = word;
    while (line_start > 0 && text[line_start - 1] != '\n')
        line_start--;
    LspAnalysis *a = w.a && w.a->parsed && w.a->index ? w.a : s->last_parsed;
    if (a && (!a->index || !lsp_analysis_has_file(a, w.doc->path)))
        a = w.a && w.a->index ? w.a : NULL;
    uint32_t file = lsp_file_of(a, w.doc->path);
    /* `use a.b.` : module paths */
    const char *ls = text + line_start;
    while (*ls == ' ' || *ls == '\t')
        ls++;
    if (strncmp(ls, "pub ", 4) == 0)
        ls += 4;
    if (strncmp(ls, "use ", 4) == 0 && a) {
        const char *path = ls + 4;
        size_t plen = (size_t)(text + word - path);
        for (uint32_t m = 0; m < a->c.program->modules.count; m++) {
            const SemaModule *mod = a->c.program->modules.items[m];
            /* `a::b` written `a.b` */
            StrBuf dotted = {0};
            for (uint32_t d = 0; d < mod->depth; d++)
                strbuf_printf(&dotted, "%s%s", d ? "." : "", mod->path[d]);
            const char *q = strbuf_cstr(&dotted);
            if (dotted.len > plen && strncmp(q, path, plen) == 0 && !strchr(q + plen, '.'))
                add_item(items, q + plen, 9, q);
            strbuf_free(&dotted);
        }
        for (uint32_t i = 0; a->index && i < a->index->symbols.count; i++) {
            const SemaSymbol *sym = &a->index->symbols.items[i];
            if (sym->container == SEMA_NO_SYMBOL && sym->kind != SEMA_SYM_LOCAL && sym->kind != SEMA_SYM_PARAM &&
                plen > 0 && path[plen - 1] == '.')
                add_symbol_item(items, sym);
        }
        lsp_respond(id, items);
        return;
    }
    if (a && a->index && word >= 1 && text[word - 1] == '.') {
        /* a.b().c. : the members of the type of the chain */
        size_t end = word - 1, start = end;
        for (;;) {
            if (start > 0 && (ident_char(text[start - 1]) || text[start - 1] == '.')) {
                start--;
                continue;
            }
            if (start > 0 && text[start - 1] == ')') { /* a call's arguments */
                int depth = 0;
                size_t i = start;
                while (i > 0) {
                    char ch = text[--i];
                    if (ch == ')')
                        depth++;
                    else if (ch == '(' && --depth == 0)
                        break;
                }
                if (depth != 0)
                    break;
                start = i;
                continue;
            }
            break;
        }
        const SemaSymbol *cur = NULL;
        size_t p = start;
        while (p < end) {
            size_t q = p;
            while (q < end && ident_char(text[q]))
                q++;
            size_t name_end = q;
            if (q < end && text[q] == '(') { /* skip the arguments */
                int depth = 0;
                while (q < end) {
                    char ch = text[q++];
                    if (ch == '(')
                        depth++;
                    else if (ch == ')' && --depth == 0)
                        break;
                }
            }
            if (name_end == p || (q < end && text[q] != '.')) {
                cur = NULL;
                break;
            }
            if (!cur) {
                bool is_this = name_end - p == 4 && strncmp(text + p, "this", 4) == 0;
                cur = is_this ? NULL : visible_named(a, file, (uint32_t)start, text + p, name_end - p);
                if (is_this) {
                    /* inside a method: the type it belongs to */
                    for (uint32_t i = 0; i < a->index->symbols.count && !cur; i++) {
                        const SemaSymbol *m = &a->index->symbols.items[i];
                        if (m->kind == SEMA_SYM_METHOD && m->name_span.file == file && m->span.start <= start &&
                            start <= m->span.end && m->container != SEMA_NO_SYMBOL)
                            cur = &a->index->symbols.items[m->container];
                    }
                }
            } else {
                uint32_t owner = owner_of(a, cur);
                cur = owner == SEMA_NO_SYMBOL ? NULL : member_named(a, owner, text + p, name_end - p);
            }
            if (!cur)
                break;
            p = q + 1;
        }
        if (cur) {
            uint32_t owner = owner_of(a, cur);
            if (owner != SEMA_NO_SYMBOL)
                complete_members(a, owner, false, items);
        }
        lsp_respond(id, items);
        return;
    }
    if (a && a->index && word >= 2 && text[word - 1] == ':' && text[word - 2] == ':') {
        size_t end = word - 2, start = end;
        while (start > 0 && ident_char(text[start - 1]))
            start--;
        const SemaSymbol *e = visible_named(a, file, (uint32_t)start, text + start, end - start);
        if (e && e->kind == SEMA_SYM_ENUM)
            complete_members(a, (uint32_t)(e - a->index->symbols.items), true, items);
        lsp_respond(id, items);
        return;
    }
    if (a && a->index) {
        for (uint32_t i = 0; i < a->index->symbols.count; i++) {
            const SemaSymbol *sym = &a->index->symbols.items[i];
            if (sym->kind == SEMA_SYM_LOCAL || sym->kind == SEMA_SYM_PARAM) {
                if (sym->name_span.file == file && sym->scope.start <= word && word <= sym->scope.end &&
                    sym->name_span.end <= word)
                    add_symbol_item(items, sym);
            } else if (sym->container == SEMA_NO_SYMBOL && sym->kind != SEMA_SYM_TEST && sym->kind != SEMA_SYM_MODULE) {
                add_symbol_item(items, sym);
            }
        }
    }
    for (int k = TOK_KW_TYPE; k <= TOK_KW_UNIT; k++) {
        const char *name = lexer_token_name((TokenKind)k);
        add_item(items, arena_strndup(s->tmp, name + 1, strlen(name) - 2), 14, "keyword");
    }
    lsp_respond(id, items);
}

/* ---- signature help ---------------------------------------------------------------------------- */

void lsp_on_signature_help(LspServer *s, const cJSON *id, const cJSON *params)
{
    LspWhere w;
    if (!lsp_where_of(s, id, params, true, &w))
        return;
    const char *text = strbuf_cstr(&w.doc->text);
    int depth = 0, commas = 0;
    size_t open = SIZE_MAX;
    for (size_t i = w.offset; i > 0; i--) {
        char c = text[i - 1];
        if (c == ')' || c == ']')
            depth++;
        else if (c == '(' || c == '[') {
            if (depth == 0) {
                if (c == '(')
                    open = i - 1;
                break;
            }
            depth--;
        } else if (c == ',' && depth == 0)
            commas++;
        else if ((c == ';' || c == '{' || c == '}') && depth == 0)
            break;
    }
    LspAnalysis *a = w.a && w.a->index ? w.a : s->last_parsed;
    if (open == SIZE_MAX || !a || !a->index) {
        lsp_respond(id, NULL);
        return;
    }
    size_t end = open, start = open;
    while (start > 0 && ident_char(text[start - 1]))
        start--;
    const SemaSymbol *fn = NULL;
    uint32_t file = lsp_file_of(a, w.doc->path);
    const SemaRef *ref = a == w.a && start < end ? sema_index_ref_at(a->index, file, (uint32_t)start) : NULL;
    if (ref && (a->index->symbols.items[ref->symbol].kind == SEMA_SYM_FUNCTION ||
                a->index->symbols.items[ref->symbol].kind == SEMA_SYM_METHOD))
        fn = &a->index->symbols.items[ref->symbol];
    for (uint32_t i = 0; !fn && i < a->index->symbols.count; i++) {
        const SemaSymbol *sym = &a->index->symbols.items[i];
        if ((sym->kind == SEMA_SYM_FUNCTION || sym->kind == SEMA_SYM_METHOD) && strlen(sym->name) == end - start &&
            strncmp(sym->name, text + start, end - start) == 0)
            fn = sym;
    }
    if (!fn) {
        lsp_respond(id, NULL);
        return;
    }
    cJSON *result = cJSON_CreateObject();
    cJSON *sigs = cJSON_AddArrayToObject(result, "signatures");
    cJSON *sig = cJSON_CreateObject();
    cJSON_AddStringToObject(sig, "label", fn->detail ? fn->detail : fn->name);
    if (fn->doc) {
        cJSON *doc = cJSON_AddObjectToObject(sig, "documentation");
        cJSON_AddStringToObject(doc, "kind", "markdown");
        cJSON_AddStringToObject(doc, "value", fn->doc);
    }
    cJSON *ps = cJSON_AddArrayToObject(sig, "parameters");
    for (uint32_t i = 0; i < fn->param_count; i++) {
        cJSON *p = cJSON_CreateObject();
        cJSON_AddStringToObject(p, "label", fn->params[i]);
        cJSON_AddItemToArray(ps, p);
    }
    cJSON_AddItemToArray(sigs, sig);
    cJSON_AddNumberToObject(result, "activeSignature", 0);
    cJSON_AddNumberToObject(result, "activeParameter", commas);
    lsp_respond(id, result);
}
