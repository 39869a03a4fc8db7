/* cli/lsp/lsp_features.c: the language server's answers from the index
 * (sema/index.h): hover, definition, references, rename, symbols, semantic
 * tokens, and the W1503 code action. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli/lsp/lsp_internal.h"
#include "syntax/fmt.h"
#include "support/intern.h"
#include "cli/lsp/lsp_text.h"
#include "sema/types.h"
#include "syntax/lexer.h"

static const char *symbol_kind_word(SemaSymbolKind kind)
{
    switch (kind) {
    case SEMA_SYM_FUNCTION: return "function";
    case SEMA_SYM_METHOD: return "method";
    case SEMA_SYM_STRUCT: return "type";
    case SEMA_SYM_ENUM: return "enum";
    case SEMA_SYM_CONTRACT: return "contract";
    case SEMA_SYM_VARIANT: return "variant";
    case SEMA_SYM_FIELD: return "field";
    case SEMA_SYM_CONTRACT_METHOD: return "contract method";
    case SEMA_SYM_LOCAL: return "local";
    case SEMA_SYM_PARAM: return "parameter";
    case SEMA_SYM_MODULE: return "module";
    case SEMA_SYM_TEST: return "test";
    case SEMA_SYM_ATTRIBUTE: return "attribute";
    }
    return "symbol";
}

/* LSP SymbolKind */
static int lsp_symbol_kind(SemaSymbolKind kind)
{
    switch (kind) {
    case SEMA_SYM_FUNCTION: return 12;
    case SEMA_SYM_METHOD: return 6;
    case SEMA_SYM_STRUCT: return 23;
    case SEMA_SYM_ENUM: return 10;
    case SEMA_SYM_CONTRACT: return 11;
    case SEMA_SYM_VARIANT: return 22;
    case SEMA_SYM_FIELD: return 8;
    case SEMA_SYM_CONTRACT_METHOD: return 6;
    case SEMA_SYM_LOCAL: return 13;
    case SEMA_SYM_PARAM: return 13;
    case SEMA_SYM_MODULE: return 2;
    case SEMA_SYM_TEST: return 12;
    case SEMA_SYM_ATTRIBUTE: return 5;
    }
    return 13;
}

/* LSP CompletionItemKind */
void lsp_on_hover(LspServer *s, const cJSON *id, const cJSON *params)
{
    LspWhere w;
    if (!lsp_where_of(s, id, params, true, &w))
        return;
    const SemaRef *ref;
    const SemaSymbol *sym = lsp_symbol_at(&w, &ref);
    if (!sym) {
        lsp_respond(id, NULL);
        return;
    }
    StrBuf md = {0};
    strbuf_printf(&md, "```beskid\n%s\n```\n", sym->detail ? sym->detail : sym->name);
    strbuf_printf(&md, "*%s*", symbol_kind_word(sym->kind));
    if (sym->type && sym->kind != SEMA_SYM_FUNCTION && sym->kind != SEMA_SYM_METHOD)
        strbuf_printf(&md, " `%s: %s`", sym->name, type_name(w.a->c.arena, sym->type));
    if (sym->doc)
        strbuf_printf(&md, "\n\n---\n%s", sym->doc);
    cJSON *result = cJSON_CreateObject();
    cJSON *contents = cJSON_AddObjectToObject(result, "contents");
    cJSON_AddStringToObject(contents, "kind", "markdown");
    cJSON_AddStringToObject(contents, "value", strbuf_cstr(&md));
    cJSON_AddItemToObject(result, "range", lsp_range_json(source_file(&w.a->c.sources, w.file), ref->span.start, ref->span.end));
    strbuf_free(&md);
    lsp_respond(id, result);
}

void lsp_on_definition(LspServer *s, const cJSON *id, const cJSON *params)
{
    LspWhere w;
    if (!lsp_where_of(s, id, params, true, &w))
        return;
    const SemaSymbol *sym = lsp_symbol_at(&w, NULL);
    lsp_respond(id, sym ? lsp_location_json(s, &w.a->c.sources, sym->name_span) : NULL);
}

void lsp_on_references(LspServer *s, const cJSON *id, const cJSON *params)
{
    LspWhere w;
    if (!lsp_where_of(s, id, params, true, &w))
        return;
    const SemaRef *at;
    const SemaSymbol *sym = lsp_symbol_at(&w, &at);
    if (!sym) {
        lsp_respond(id, cJSON_CreateArray());
        return;
    }
    const cJSON *ctx = cJSON_GetObjectItemCaseSensitive(params, "context");
    bool with_decl = !cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(ctx, "includeDeclaration"));
    cJSON *list = cJSON_CreateArray();
    const SemaIndex *index = w.a->index;
    for (uint32_t i = 0; i < index->refs.count; i++) {
        const SemaRef *r = &index->refs.items[i];
        if (r->symbol != at->symbol || (r->is_definition && !with_decl))
            continue;
        if (i > 0 && index->refs.items[i - 1].symbol == r->symbol &&
            index->refs.items[i - 1].span.start == r->span.start && index->refs.items[i - 1].span.file == r->span.file)
            continue;
        cJSON_AddItemToArray(list, lsp_location_json(s, &w.a->c.sources, r->span));
    }
    lsp_respond(id, list);
}

static bool is_keyword(const char *word)
{
    for (int k = TOK_KW_TYPE; k <= TOK_KW_UNIT; k++) {
        const char *name = lexer_token_name((TokenKind)k);
        size_t n = strlen(name);
        if (n > 2 && strlen(word) == n - 2 && strncmp(name + 1, word, n - 2) == 0)
            return true;
    }
    return false;
}

static bool is_identifier(const char *word)
{
    if (!word || !*word)
        return false;
    if (!((*word >= 'a' && *word <= 'z') || (*word >= 'A' && *word <= 'Z') || *word == '_'))
        return false;
    for (const char *p = word; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return false;
    return strcmp(word, "_") != 0;
}

void lsp_on_rename(LspServer *s, const cJSON *id, const cJSON *params)
{
    LspWhere w;
    if (!lsp_where_of(s, id, params, true, &w))
        return;
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(params, "newName");
    if (!cJSON_IsString(name) || !is_identifier(name->valuestring)) {
        lsp_respond_error(id, LSP_RPC_INVALID_PARAMS, "the new name is not an identifier");
        return;
    }
    if (is_keyword(name->valuestring)) {
        lsp_respond_error(id, LSP_RPC_INVALID_PARAMS,
                      arena_printf(s->tmp, "the new name `%s` is a keyword", name->valuestring));
        return;
    }
    const SemaRef *at;
    const SemaSymbol *sym = lsp_symbol_at(&w, &at);
    if (!sym) {
        lsp_respond_error(id, LSP_RPC_REQUEST_FAILED, "no symbol to rename here");
        return;
    }
    if (sym->is_library) {
        lsp_respond_error(id, LSP_RPC_REQUEST_FAILED, "cannot rename a symbol of the standard library or a dependency");
        return;
    }
    cJSON *edit = cJSON_CreateObject();
    cJSON *changes = cJSON_AddObjectToObject(edit, "changes");
    const SemaIndex *index = w.a->index;
    uint32_t last_file = SPAN_NO_FILE, last_start = UINT32_MAX;
    for (uint32_t i = 0; i < index->refs.count; i++) {
        const SemaRef *r = &index->refs.items[i];
        if (r->symbol != at->symbol || (r->span.file == last_file && r->span.start == last_start))
            continue;
        last_file = r->span.file;
        last_start = r->span.start;
        const SourceFile *f = source_file(&w.a->c.sources, r->span.file);
        const char *uri = lsp_path_to_uri(s->tmp, lsp_absolute(s, f->path));
        cJSON *edits = cJSON_GetObjectItemCaseSensitive(changes, uri);
        if (!edits)
            edits = cJSON_AddArrayToObject(changes, uri);
        cJSON *e = cJSON_CreateObject();
        cJSON_AddItemToObject(e, "range", lsp_range_json(f, r->span.start, r->span.end));
        cJSON_AddStringToObject(e, "newText", name->valuestring);
        cJSON_AddItemToArray(edits, e);
    }
    lsp_respond(id, edit);
}

static cJSON *document_symbol(const LspAnalysis *a, uint32_t sym_index, const SourceFile *f)
{
    const SemaSymbol *sym = &a->index->symbols.items[sym_index];
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "name", sym->name);
    if (sym->detail)
        cJSON_AddStringToObject(j, "detail", sym->detail);
    cJSON_AddNumberToObject(j, "kind", lsp_symbol_kind(sym->kind));
    Span full = sym->span.file == sym->name_span.file && sym->span.start <= sym->name_span.start &&
                        sym->span.end >= sym->name_span.end
                    ? sym->span
                    : sym->name_span;
    cJSON_AddItemToObject(j, "range", lsp_range_json(f, full.start, full.end));
    cJSON_AddItemToObject(j, "selectionRange", lsp_range_json(f, sym->name_span.start, sym->name_span.end));
    cJSON *children = NULL;
    for (uint32_t i = 0; i < a->index->symbols.count; i++)
        if (a->index->symbols.items[i].container == sym_index &&
            a->index->symbols.items[i].name_span.file == sym->name_span.file) {
            if (!children)
                children = cJSON_AddArrayToObject(j, "children");
            cJSON_AddItemToArray(children, document_symbol(a, i, f));
        }
    return j;
}

void lsp_on_document_symbol(LspServer *s, const cJSON *id, const cJSON *params)
{
    LspWhere w;
    if (!lsp_where_of(s, id, params, false, &w))
        return;
    cJSON *list = cJSON_CreateArray();
    if (w.a && w.a->index && w.file != SPAN_NO_FILE) {
        const SourceFile *f = source_file(&w.a->c.sources, w.file);
        for (uint32_t i = 0; i < w.a->index->symbols.count; i++) {
            const SemaSymbol *sym = &w.a->index->symbols.items[i];
            if (sym->name_span.file != w.file || sym->container != SEMA_NO_SYMBOL || sym->kind == SEMA_SYM_LOCAL ||
                sym->kind == SEMA_SYM_PARAM)
                continue;
            cJSON_AddItemToArray(list, document_symbol(w.a, i, f));
        }
    }
    lsp_respond(id, list);
}

static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++)
        if (strncasecmp(p, needle, n) == 0)
            return true;
    return n == 0;
}

void lsp_on_workspace_symbol(LspServer *s, const cJSON *id, const cJSON *params)
{
    const cJSON *query = cJSON_GetObjectItemCaseSensitive(params, "query");
    const char *q = cJSON_IsString(query) ? query->valuestring : "";
    lsp_ensure_current(s);
    cJSON *list = cJSON_CreateArray();
    LspAnalysis *a = s->current;
    for (uint32_t i = 0; a && a->index && i < a->index->symbols.count; i++) {
        const SemaSymbol *sym = &a->index->symbols.items[i];
        if (sym->is_library || sym->kind == SEMA_SYM_LOCAL || sym->kind == SEMA_SYM_PARAM || !contains_ci(sym->name, q))
            continue;
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "name", sym->name);
        cJSON_AddNumberToObject(j, "kind", lsp_symbol_kind(sym->kind));
        cJSON_AddItemToObject(j, "location", lsp_location_json(s, &a->c.sources, sym->name_span));
        if (sym->container != SEMA_NO_SYMBOL)
            cJSON_AddStringToObject(j, "containerName", a->index->symbols.items[sym->container].name);
        cJSON_AddItemToArray(list, j);
    }
    lsp_respond(id, list);
}

/* ---- semantic tokens ---------------------------------------------------------------------------- */

enum {
    TT_NAMESPACE,
    TT_TYPE,
    TT_ENUM,
    TT_STRUCT,
    TT_INTERFACE,
    TT_ENUM_MEMBER,
    TT_PROPERTY,
    TT_FUNCTION,
    TT_METHOD,
    TT_VARIABLE,
    TT_PARAMETER,
    TT_KEYWORD,
    TT_STRING,
    TT_NUMBER,
    TT_COMMENT
};

static int token_type_of(SemaSymbolKind kind)
{
    switch (kind) {
    case SEMA_SYM_FUNCTION:
    case SEMA_SYM_TEST: return TT_FUNCTION;
    case SEMA_SYM_METHOD:
    case SEMA_SYM_CONTRACT_METHOD: return TT_METHOD;
    case SEMA_SYM_STRUCT: return TT_STRUCT;
    case SEMA_SYM_ENUM: return TT_ENUM;
    case SEMA_SYM_CONTRACT: return TT_INTERFACE;
    case SEMA_SYM_VARIANT: return TT_ENUM_MEMBER;
    case SEMA_SYM_FIELD: return TT_PROPERTY;
    case SEMA_SYM_LOCAL: return TT_VARIABLE;
    case SEMA_SYM_PARAM: return TT_PARAMETER;
    case SEMA_SYM_MODULE: return TT_NAMESPACE;
    case SEMA_SYM_ATTRIBUTE: return TT_TYPE;
    }
    return TT_VARIABLE;
}

/* Appends one token in the relative encoding of semantic tokens; a token
 * over several lines is left out (clients want one line each). */
typedef struct TokenWriter {
    cJSON *data;
    const SourceFile *f;
    uint32_t prev_line, prev_char;
} TokenWriter;

static void put_token(TokenWriter *tw, uint32_t start, uint32_t end, int type, int mods)
{
    if (end <= start)
        return;
    uint32_t line, ch, end_line, end_ch;
    lsp_file_position(tw->f, start, &line, &ch);
    lsp_file_position(tw->f, end, &end_line, &end_ch);
    if (end_line != line)
        return;
    cJSON_AddItemToArray(tw->data, cJSON_CreateNumber(line - tw->prev_line));
    cJSON_AddItemToArray(tw->data, cJSON_CreateNumber(line == tw->prev_line ? ch - tw->prev_char : ch));
    cJSON_AddItemToArray(tw->data, cJSON_CreateNumber(end_ch - ch));
    cJSON_AddItemToArray(tw->data, cJSON_CreateNumber(type));
    cJSON_AddItemToArray(tw->data, cJSON_CreateNumber(mods));
    tw->prev_line = line;
    tw->prev_char = ch;
}

void lsp_on_semantic_tokens(LspServer *s, const cJSON *id, const cJSON *params)
{
    LspWhere w;
    if (!lsp_where_of(s, id, params, false, &w))
        return;
    cJSON *data = cJSON_CreateArray();
    if (w.a && w.file != SPAN_NO_FILE) {
        const SourceFile *f = source_file(&w.a->c.sources, w.file);
        Arena *scratch = arena_new();
        Interner *interner = intern_new(scratch);
        /* the lexer's comment list (syntax/lexer.h) puts ordinary comments
         * between the tokens; doc comments are TOK_DOC tokens already */
        LexerCommentList comments;
        TokenList toks = lexer_tokenize_trivia(scratch, interner, f, w.file, &comments);
        TokenWriter tw = {.data = data, .f = f};
        uint32_t next_comment = 0;
        for (uint32_t i = 0; i <= toks.count; i++) {
            uint32_t at = i < toks.count ? toks.items[i].span.start : UINT32_MAX;
            for (; next_comment < comments.count && comments.items[next_comment].span.start < at; next_comment++) {
                const LexerComment *cm = &comments.items[next_comment];
                if (cm->kind != LEXER_COMMENT_DOC)
                    put_token(&tw, cm->span.start, cm->span.end, TT_COMMENT, 0);
            }
            if (i == toks.count)
                break;
            const Token *t = &toks.items[i];
            int type = -1, mods = 0;
            if (t->kind >= TOK_KW_TYPE && t->kind <= TOK_KW_UNIT)
                type = TT_KEYWORD;
            else if (t->kind == TOK_INT || t->kind == TOK_FLOAT)
                type = TT_NUMBER;
            else if (t->kind == TOK_STRING || t->kind == TOK_CHAR)
                type = TT_STRING;
            else if (t->kind == TOK_DOC)
                type = TT_COMMENT;
            else if (t->kind == TOK_IDENT && w.a->index) {
                const SemaRef *r = sema_index_ref_at(w.a->index, w.file, t->span.start);
                if (r && r->span.start == t->span.start) {
                    const SemaSymbol *sym = &w.a->index->symbols.items[r->symbol];
                    type = token_type_of(sym->kind);
                    mods = (r->is_definition ? 1 : 0) | (sym->is_library ? 2 : 0);
                }
            }
            if (type >= 0)
                put_token(&tw, t->span.start, t->span.end, type, mods);
        }
        arena_free(scratch);
    }
    cJSON *result = cJSON_CreateObject();
    cJSON_AddItemToObject(result, "data", data);
    lsp_respond(id, result);
}

/* ---- code actions ---------------------------------------------------------------------------- */

static const AstItem *use_item_at(AstItem *const *items, uint32_t count, Span span)
{
    for (uint32_t i = 0; i < count; i++) {
        const AstItem *it = items[i];
        if (it->kind == AST_ITEM_USE && it->span.file == span.file && it->span.start <= span.start &&
            span.start <= it->span.end)
            return it;
        if (it->kind == AST_ITEM_INLINE_MODULE) {
            const AstItem *inner = use_item_at(it->inline_module.items, it->inline_module.count, span);
            if (inner)
                return inner;
        }
    }
    return NULL;
}

void lsp_on_code_action(LspServer *s, const cJSON *id, const cJSON *params)
{
    LspWhere w;
    if (!lsp_where_of(s, id, params, false, &w))
        return;
    cJSON *actions = cJSON_CreateArray();
    const cJSON *range = cJSON_GetObjectItemCaseSensitive(params, "range");
    const cJSON *rs = cJSON_GetObjectItemCaseSensitive(range, "start");
    const cJSON *re = cJSON_GetObjectItemCaseSensitive(range, "end");
    int64_t first = (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(rs, "line"));
    int64_t last = (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(re, "line"));
    if (w.a && w.file != SPAN_NO_FILE) {
        const SourceFile *f = source_file(&w.a->c.sources, w.file);
        const char *text = strbuf_cstr(&w.doc->text);
        for (uint32_t i = 0; i < w.a->c.diags.items.count; i++) {
            const Diag *d = &w.a->c.diags.items.items[i];
            if (d->id != DIAG_W1503_UNUSED_IMPORT || d->span.file != w.file)
                continue;
            uint32_t line, ch;
            lsp_file_position(f, d->span.start, &line, &ch);
            if ((int64_t)line < first || (int64_t)line > last)
                continue;
            const AstItem *use_item = NULL;
            for (uint32_t k = 0; k < w.a->c.loaded.count && !use_item; k++)
                if (w.a->c.loaded.files[k].ast && w.a->c.loaded.files[k].ast->file == w.file)
                    use_item = use_item_at(w.a->c.loaded.files[k].ast->items, w.a->c.loaded.files[k].ast->count,
                                           d->span);
            if (!use_item)
                continue;
            /* the whole line when the import is alone on it */
            uint32_t start = use_item->span.start, end = use_item->span.end;
            uint32_t ls = start, le = end;
            while (ls > 0 && (text[ls - 1] == ' ' || text[ls - 1] == '\t'))
                ls--;
            while (le < f->len && (text[le] == ' ' || text[le] == '\t'))
                le++;
            if ((ls == 0 || text[ls - 1] == '\n') && (le >= f->len || text[le] == '\n')) {
                start = ls;
                end = le < f->len ? le + 1 : le;
            }
            cJSON *action = cJSON_CreateObject();
            cJSON_AddStringToObject(action, "title", arena_printf(s->tmp, "Remove unused import (%s)", d->message));
            cJSON_AddStringToObject(action, "kind", "quickfix");
            cJSON *diags = cJSON_AddArrayToObject(action, "diagnostics");
            cJSON_AddItemToArray(diags, lsp_diag_json(f, d, d->span.start, d->span.end));
            cJSON *edit = cJSON_AddObjectToObject(action, "edit");
            cJSON *changes = cJSON_AddObjectToObject(edit, "changes");
            cJSON *edits = cJSON_AddArrayToObject(changes, w.doc->uri);
            cJSON *e = cJSON_CreateObject();
            cJSON_AddItemToObject(e, "range", lsp_range_json(f, start, end));
            cJSON_AddStringToObject(e, "newText", "");
            cJSON_AddItemToArray(edits, e);
            cJSON_AddItemToArray(actions, action);
        }
    }
    lsp_respond(id, actions);
}

void lsp_on_formatting(LspServer *s, const cJSON *id, const cJSON *params)
{
    const cJSON *document = cJSON_GetObjectItemCaseSensitive(params, "textDocument");
    const char *uri = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(document, "uri"));
    LspDoc *doc = uri ? lsp_doc_by_uri(s, uri) : NULL;
    if (!doc) {
        lsp_respond_error(id, LSP_RPC_INVALID_PARAMS, "the document is not open");
        return;
    }
    if (doc->is_manifest) {
        lsp_respond_error(id, LSP_RPC_REQUEST_FAILED, "only .bd files are formatted");
        return;
    }
    SourceMap map;
    source_map_init(&map, s->tmp);
    DiagList diags;
    diag_list_init(&diags, s->tmp);
    const char *text = strbuf_cstr(&doc->text);
    uint32_t file = source_add(&map, doc->path, text, doc->text.len);
    FmtResult result;
    if (!fmt_file(s->tmp, intern_new(s->tmp), &map, file, &diags, &result)) {
        const char *why = diags.items.count ? diags.items.items[0].message : "it does not parse";
        lsp_respond_error(id, LSP_RPC_REQUEST_FAILED, arena_printf(s->tmp, "not formatted: %s", why));
        return;
    }
    cJSON *edits = cJSON_CreateArray();
    if (result.changed) {
        uint32_t line, character;
        lsp_position_of(text, doc->text.len, doc->text.len, &line, &character);
        cJSON *edit = cJSON_CreateObject();
        cJSON *range = cJSON_CreateObject();
        cJSON *start = cJSON_CreateObject(), *end = cJSON_CreateObject();
        cJSON_AddNumberToObject(start, "line", 0);
        cJSON_AddNumberToObject(start, "character", 0);
        cJSON_AddNumberToObject(end, "line", line);
        cJSON_AddNumberToObject(end, "character", character);
        cJSON_AddItemToObject(range, "start", start);
        cJSON_AddItemToObject(range, "end", end);
        cJSON_AddItemToObject(edit, "range", range);
        cJSON_AddStringToObject(edit, "newText", result.text);
        cJSON_AddItemToArray(edits, edit);
    }
    lsp_respond(id, edits);
}
