/* cli/lsp/cmd_lsp.c: `beskid lsp`, a Language Server Protocol server over
 * stdio (docs/lsp.md). JSON-RPC through cJSON; every answer comes from the
 * compiler's own front end: the program of the open document is resolved as
 * `beskid analyze` would (cli/resolve_input.h), loaded with the open
 * documents over the disk and parse error recovery (syntax/loader.h
 * LoadOptions), checked (sema_check_program_partial) and indexed
 * (sema/index.h). Diagnostics are the CLI's, re-checked after a pause in
 * typing (the debounce); a request first brings the analysis up to date. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli_table.h"
#include "cli/commands.h"
#include "cli/compile.h"
#include "cli/lsp/lsp_text.h"
#include "cli/resolve_input.h"
#include "project/project_manifest.h"
#include "sema/index.h"
#include "sema/types.h"
#include "support/strbuf.h"
#include "support/vec.h"
#include "syntax/lexer.h"

/* JSON-RPC and LSP error codes */
enum {
    RPC_PARSE_ERROR = -32700,
    RPC_INVALID_REQUEST = -32600,
    RPC_METHOD_NOT_FOUND = -32601,
    RPC_INVALID_PARAMS = -32602,
    RPC_SERVER_NOT_INITIALIZED = -32002,
    RPC_REQUEST_FAILED = -32803,
};

typedef struct LspDoc {
    char *uri;
    char *path;
    StrBuf text;
    int64_t version;
    bool is_manifest; /* Project.proj or Workspace.proj */
} LspDoc;

typedef struct Analysis {
    Compilation c;
    SemaIndex *index;
    bool parsed; /* no parse error in any file */
    const char *focus; /* the path it was made for */
    bool resolve_failed; /* the project around it did not resolve: only those errors */
} Analysis;

typedef struct Server {
    Arena *arena;
    VEC(LspDoc *) docs;
    bool initialized;
    bool shut_down;
    bool exit_requested;
    int exit_status;
    Analysis *current;
    Analysis *last_parsed; /* the last analysis without parse errors (completion in a broken file) */
    const char *focus;     /* path of the .bd document analyses are made for */
    bool dirty;
    struct timespec dirty_since;
    long debounce_ms;
    VEC(char *) published; /* URIs that hold diagnostics (in the current analysis' arena) */
    Arena *tmp;            /* what answering one message needs; emptied after each */
    StrBuf input;
    size_t input_at;
    bool input_closed;
    FILE *quiet; /* where resolve_input's own rendering goes */
} Server;

/* ---- output ----------------------------------------------------------------- */

static void send_json(cJSON *msg)
{
    char *body = cJSON_PrintUnformatted(msg);
    if (body) {
        fprintf(stdout, "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
        fflush(stdout);
        cJSON_free(body);
    }
    cJSON_Delete(msg);
}

static void respond(const cJSON *id, cJSON *result)
{
    cJSON *msg = cJSON_CreateObject();
    cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
    cJSON_AddItemToObject(msg, "id", id ? cJSON_Duplicate(id, true) : cJSON_CreateNull());
    cJSON_AddItemToObject(msg, "result", result ? result : cJSON_CreateNull());
    send_json(msg);
}

static void respond_error(const cJSON *id, int code, const char *message)
{
    cJSON *msg = cJSON_CreateObject();
    cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
    cJSON_AddItemToObject(msg, "id", id ? cJSON_Duplicate(id, true) : cJSON_CreateNull());
    cJSON *err = cJSON_AddObjectToObject(msg, "error");
    cJSON_AddNumberToObject(err, "code", code);
    cJSON_AddStringToObject(err, "message", message);
    send_json(msg);
}

static void notify(const char *method, cJSON *params)
{
    cJSON *msg = cJSON_CreateObject();
    cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
    cJSON_AddStringToObject(msg, "method", method);
    cJSON_AddItemToObject(msg, "params", params);
    send_json(msg);
}

/* ---- documents ----------------------------------------------------------------- */

static LspDoc *doc_by_uri(Server *s, const char *uri)
{
    for (uint32_t i = 0; uri && i < s->docs.count; i++)
        if (s->docs.items[i] && strcmp(s->docs.items[i]->uri, uri) == 0)
            return s->docs.items[i];
    return NULL;
}

static LspDoc *doc_by_path(Server *s, const char *path)
{
    for (uint32_t i = 0; path && i < s->docs.count; i++)
        if (s->docs.items[i] && strcmp(s->docs.items[i]->path, path) == 0)
            return s->docs.items[i];
    return NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static const char *overlay_read(void *ctx, const char *path, size_t *len)
{
    LspDoc *doc = doc_by_path(ctx, path);
    if (!doc)
        return NULL;
    *len = doc->text.len;
    return strbuf_cstr(&doc->text);
}

/* ---- analysis --------------------------------------------------------------------- */

/* 'a' lives in its own compilation's arena. */
static void analysis_free(Analysis *a)
{
    if (!a)
        return;
    Compilation c = a->c;
    compilation_free(&c);
}

static bool analysis_has_file(const Analysis *a, const char *path)
{
    for (uint32_t i = 0; i < a->c.sources.count; i++)
        if (strcmp(a->c.sources.files[i].path, path) == 0)
            return true;
    return false;
}

/* Analyses 'focus' as `beskid analyze FOCUS` would. */
static Analysis *analyse(Server *s, const char *focus, bool as_project)
{
    Compilation c;
    compilation_init(&c, NULL);
    Analysis *a = ARENA_NEW(c.arena, Analysis);
    a->c = c;
    static const LoadOptions options_template = {.read_overlay = overlay_read, .recover = true};
    LoadOptions *options = ARENA_NEW(a->c.arena, LoadOptions);
    *options = options_template;
    options->ctx = s;
    a->c.output.out = s->quiet;
    a->c.load_options = options;
    a->focus = focus;
    CompileInput input = {.path = focus};
    if (as_project) {
        const CliCommand *analyze = cli_command_find("analyze");
        CliArgs args;
        const char *items[] = {focus};
        if (cli_parse(a->c.arena, analyze, items, 1, &args)) {
            ResolvedInput resolved;
            /* a project that does not resolve: its errors, as `analyze` stops there */
            if (!cli_resolve_input(&a->c, &args, &resolved)) {
                a->resolve_failed = true;
                size_t len = 0;
                const char *text = overlay_read(s, focus, &len);
                source_add(&a->c.sources, focus, text ? text : "", text ? len : 0);
                return a;
            }
            input = resolved.input;
        }
    }
    compilation_run_input(&a->c, &input, COMPILE_CHECK);
    a->parsed = !a->c.parse_failed;
    if (a->c.program && a->c.loaded.count)
        a->index = sema_index_build(a->c.arena, a->c.program, &a->c.loaded);
    return a;
}

static void publish(Server *s, Analysis *a);

static void run_analysis(Server *s)
{
    s->dirty = false;
    if (!s->focus)
        return;
    Analysis *a = analyse(s, s->focus, true);
    if (!a->resolve_failed && !analysis_has_file(a, s->focus)) {
        /* not reached from the project's entry: the file alone */
        analysis_free(a);
        a = analyse(s, s->focus, false);
    }
    publish(s, a);
    if (s->current && s->current != s->last_parsed) {
        analysis_free(s->current);
    }
    s->current = a;
    if (a->parsed && a->index) {
        if (s->last_parsed && s->last_parsed != a) {
            analysis_free(s->last_parsed);
        }
        s->last_parsed = a;
    }
}

static void ensure_current(Server *s)
{
    if (s->dirty || (!s->current && s->focus))
        run_analysis(s);
}

/* ---- positions ---------------------------------------------------------------------- */

static void file_position(const SourceFile *f, uint32_t offset, uint32_t *line, uint32_t *character)
{
    if (offset > f->len)
        offset = f->len;
    uint32_t lo = 0, hi = f->line_count;
    while (lo + 1 < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (f->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    uint32_t start = f->line_count ? f->line_starts[lo] : 0;
    uint32_t l, ch;
    lsp_position_of(f->text + start, offset - start, offset - start, &l, &ch);
    *line = lo;
    *character = ch;
}

static cJSON *position_json(uint32_t line, uint32_t character)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddNumberToObject(p, "line", line);
    cJSON_AddNumberToObject(p, "character", character);
    return p;
}

static cJSON *range_json(const SourceFile *f, uint32_t start, uint32_t end)
{
    uint32_t l, c;
    cJSON *r = cJSON_CreateObject();
    file_position(f, start, &l, &c);
    cJSON_AddItemToObject(r, "start", position_json(l, c));
    file_position(f, end, &l, &c);
    cJSON_AddItemToObject(r, "end", position_json(l, c));
    return r;
}

static char *absolute(Server *s, const char *path)
{
    if (path[0] == '/')
        return (char *)path;
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return (char *)path;
    return arena_printf(s->tmp, "%s/%s", cwd, path[0] == '.' && path[1] == '/' ? path + 2 : path);
}

static cJSON *location_json(Server *s, const SourceMap *map, Span span)
{
    const SourceFile *f = source_file(map, span.file);
    cJSON *loc = cJSON_CreateObject();
    cJSON_AddStringToObject(loc, "uri", lsp_path_to_uri(s->tmp, absolute(s, f->path)));
    cJSON_AddItemToObject(loc, "range", range_json(f, span.start, span.end));
    return loc;
}

/* The file index of 'path' in the analysis, or SPAN_NO_FILE. */
static uint32_t file_of(const Analysis *a, const char *path)
{
    if (!a)
        return SPAN_NO_FILE;
    for (uint32_t i = 0; i < a->c.sources.count; i++)
        if (strcmp(a->c.sources.files[i].path, path) == 0)
            return i;
    return SPAN_NO_FILE;
}

/* ---- diagnostics ---------------------------------------------------------------------- */

static cJSON *diag_json(const SourceFile *f, const Diag *d, uint32_t start, uint32_t end)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddItemToObject(j, "range", f ? range_json(f, start, end) : cJSON_Parse(
        "{\"start\":{\"line\":0,\"character\":0},\"end\":{\"line\":0,\"character\":0}}"));
    cJSON_AddNumberToObject(j, "severity", d->severity == DIAG_SEVERITY_ERROR ? 1 : 2);
    const char *code = diag_code(d->id);
    if (code && *code)
        cJSON_AddStringToObject(j, "code", code);
    cJSON_AddStringToObject(j, "source", "beskid");
    cJSON_AddStringToObject(j, "message", d->message);
    return j;
}

static void send_diagnostics(const char *uri, cJSON *list, int64_t version)
{
    cJSON *params = cJSON_CreateObject();
    cJSON_AddStringToObject(params, "uri", uri);
    if (version >= 0)
        cJSON_AddNumberToObject(params, "version", (double)version);
    cJSON_AddItemToObject(params, "diagnostics", list);
    notify("textDocument/publishDiagnostics", params);
}

/* Diagnostics of an open manifest: what project/ says of its text. */
static void publish_manifest(LspDoc *doc)
{
    Arena *arena = arena_new();
    SourceMap map;
    source_map_init(&map, arena);
    DiagList diags;
    diag_list_init(&diags, arena);
    uint32_t file = source_add(&map, doc->path, strbuf_cstr(&doc->text), doc->text.len);
    if (ends_with(doc->path, "Workspace.proj"))
        workspace_manifest_read(arena, &map, file, &diags);
    else
        project_manifest_read(arena, &map, file, &diags);
    cJSON *list = cJSON_CreateArray();
    const SourceFile *f = source_file(&map, file);
    for (uint32_t i = 0; i < diags.items.count; i++) {
        const Diag *d = &diags.items.items[i];
        bool here = d->span.file == file;
        cJSON_AddItemToArray(list, diag_json(f, d, here ? d->span.start : 0, here ? d->span.end : 0));
    }
    send_diagnostics(doc->uri, list, doc->version);
    arena_free(arena);
}

static void publish(Server *s, Analysis *a)
{
    uint32_t n = a->c.sources.count;
    cJSON **lists = ARENA_ARRAY(a->c.arena, cJSON *, n ? n : 1);
    uint32_t focus_file = file_of(a, a->focus);
    for (uint32_t i = 0; i < a->c.diags.items.count; i++) {
        const Diag *d = &a->c.diags.items.items[i];
        uint32_t file = d->span.file != SPAN_NO_FILE && d->span.file < n ? d->span.file : focus_file;
        if (file == SPAN_NO_FILE)
            continue;
        if (!lists[file])
            lists[file] = cJSON_CreateArray();
        bool located = d->span.file == file;
        cJSON_AddItemToArray(lists[file], diag_json(source_file(&a->c.sources, file), d,
                                                    located ? d->span.start : 0, located ? d->span.end : 0));
    }
    /* every root file of the program and every URI published before */
    VEC(char *) now = {0};
    for (uint32_t i = 0; i < n; i++) {
        const char *path = absolute(s, a->c.sources.files[i].path);
        bool root_file = i == focus_file || lists[i] || doc_by_path(s, path);
        if (!root_file)
            continue;
        char *uri = lsp_path_to_uri(a->c.arena, path);
        LspDoc *doc = doc_by_path(s, path);
        if (doc && doc->is_manifest) {
            if (lists[i])
                cJSON_Delete(lists[i]);
            continue;
        }
        send_diagnostics(uri, lists[i] ? lists[i] : cJSON_CreateArray(), doc ? doc->version : -1);
        lists[i] = NULL;
        VEC_PUSH(a->c.arena, &now, uri);
    }
    /* What the previous analysis published and this one did not: cleared,
     * unless it is an open document of another program (two lone files):
     * that one keeps its diagnostics until it is analysed again. */
    uint32_t fresh = now.count;
    for (uint32_t i = 0; i < s->published.count; i++) {
        bool still = false;
        for (uint32_t j = 0; j < fresh && !still; j++)
            still = strcmp(now.items[j], s->published.items[i]) == 0;
        if (still)
            continue;
        if (doc_by_uri(s, s->published.items[i]))
            VEC_PUSH(a->c.arena, &now, arena_strdup(a->c.arena, s->published.items[i]));
        else
            send_diagnostics(s->published.items[i], cJSON_CreateArray(), -1);
    }
    /* in the arena of this analysis, alive until the next one is published */
    s->published.items = now.items;
    s->published.count = now.count;
    s->published.cap = now.cap;
    for (uint32_t i = 0; i < n; i++)
        if (lists[i])
            cJSON_Delete(lists[i]);
}

/* ---- request helpers ---------------------------------------------------------------------- */

typedef struct Where {
    LspDoc *doc;
    size_t offset; /* in the document's text */
    Analysis *a;
    uint32_t file; /* in a->c.sources, or SPAN_NO_FILE */
} Where;

/* Reads textDocument and position; false after answering an error. */
static bool where_of(Server *s, const cJSON *id, const cJSON *params, bool need_position, Where *w)
{
    memset(w, 0, sizeof *w);
    const cJSON *td = cJSON_GetObjectItemCaseSensitive(params, "textDocument");
    const cJSON *uri = cJSON_GetObjectItemCaseSensitive(td, "uri");
    w->doc = cJSON_IsString(uri) ? doc_by_uri(s, uri->valuestring) : NULL;
    if (!w->doc) {
        respond_error(id, RPC_INVALID_PARAMS, "unknown document: open it first (textDocument/didOpen)");
        return false;
    }
    if (need_position) {
        const cJSON *pos = cJSON_GetObjectItemCaseSensitive(params, "position");
        const cJSON *line = cJSON_GetObjectItemCaseSensitive(pos, "line");
        const cJSON *ch = cJSON_GetObjectItemCaseSensitive(pos, "character");
        if (!cJSON_IsNumber(line) || !cJSON_IsNumber(ch) ||
            !lsp_offset_of(strbuf_cstr(&w->doc->text), w->doc->text.len, (int64_t)line->valuedouble,
                           (int64_t)ch->valuedouble, &w->offset)) {
            respond_error(id, RPC_INVALID_PARAMS, "position out of range");
            return false;
        }
    }
    if (!w->doc->is_manifest) {
        if (!s->focus || strcmp(s->focus, w->doc->path) != 0) {
            s->focus = w->doc->path;
            s->dirty = true;
        }
        ensure_current(s);
        w->a = s->current;
        w->file = file_of(w->a, w->doc->path);
    }
    return true;
}

static const SemaSymbol *symbol_at(const Where *w, const SemaRef **ref_out)
{
    if (!w->a || !w->a->index || w->file == SPAN_NO_FILE)
        return NULL;
    const SemaRef *ref = sema_index_ref_at(w->a->index, w->file, (uint32_t)w->offset);
    if (ref_out)
        *ref_out = ref;
    return ref ? &w->a->index->symbols.items[ref->symbol] : NULL;
}

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

/* ---- requests ---------------------------------------------------------------------------- */

static cJSON *capabilities(void)
{
    cJSON *caps = cJSON_CreateObject();
    cJSON_AddStringToObject(caps, "positionEncoding", "utf-16");
    cJSON *sync = cJSON_AddObjectToObject(caps, "textDocumentSync");
    cJSON_AddBoolToObject(sync, "openClose", true);
    cJSON_AddNumberToObject(sync, "change", 2);
    cJSON *save = cJSON_AddObjectToObject(sync, "save");
    cJSON_AddBoolToObject(save, "includeText", false);
    cJSON_AddBoolToObject(caps, "hoverProvider", true);
    cJSON_AddBoolToObject(caps, "definitionProvider", true);
    cJSON_AddBoolToObject(caps, "referencesProvider", true);
    cJSON_AddBoolToObject(caps, "renameProvider", true);
    cJSON_AddBoolToObject(caps, "documentSymbolProvider", true);
    cJSON_AddBoolToObject(caps, "workspaceSymbolProvider", true);
    cJSON *completion = cJSON_AddObjectToObject(caps, "completionProvider");
    cJSON_AddItemToObject(completion, "triggerCharacters", cJSON_Parse("[\".\", \":\"]"));
    cJSON *sig = cJSON_AddObjectToObject(caps, "signatureHelpProvider");
    cJSON_AddItemToObject(sig, "triggerCharacters", cJSON_Parse("[\"(\", \",\"]"));
    cJSON *tokens = cJSON_AddObjectToObject(caps, "semanticTokensProvider");
    cJSON *legend = cJSON_AddObjectToObject(tokens, "legend");
    cJSON_AddItemToObject(legend, "tokenTypes",
                          cJSON_Parse("[\"namespace\",\"type\",\"enum\",\"struct\",\"interface\",\"enumMember\","
                                      "\"property\",\"function\",\"method\",\"variable\",\"parameter\",\"keyword\","
                                      "\"string\",\"number\",\"comment\"]"));
    cJSON_AddItemToObject(legend, "tokenModifiers", cJSON_Parse("[\"declaration\",\"defaultLibrary\"]"));
    cJSON_AddBoolToObject(tokens, "full", true);
    cJSON *actions = cJSON_AddObjectToObject(caps, "codeActionProvider");
    cJSON_AddItemToObject(actions, "codeActionKinds", cJSON_Parse("[\"quickfix\"]"));
    /* formatting: not until `beskid format` exists (docs/lsp.md) */
    cJSON_AddBoolToObject(caps, "documentFormattingProvider", false);
    return caps;
}

static void on_hover(Server *s, const cJSON *id, const cJSON *params)
{
    Where w;
    if (!where_of(s, id, params, true, &w))
        return;
    const SemaRef *ref;
    const SemaSymbol *sym = symbol_at(&w, &ref);
    if (!sym) {
        respond(id, NULL);
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
    cJSON_AddItemToObject(result, "range", range_json(source_file(&w.a->c.sources, w.file), ref->span.start, ref->span.end));
    strbuf_free(&md);
    respond(id, result);
}

static void on_definition(Server *s, const cJSON *id, const cJSON *params)
{
    Where w;
    if (!where_of(s, id, params, true, &w))
        return;
    const SemaSymbol *sym = symbol_at(&w, NULL);
    respond(id, sym ? location_json(s, &w.a->c.sources, sym->name_span) : NULL);
}

static void on_references(Server *s, const cJSON *id, const cJSON *params)
{
    Where w;
    if (!where_of(s, id, params, true, &w))
        return;
    const SemaRef *at;
    const SemaSymbol *sym = symbol_at(&w, &at);
    if (!sym) {
        respond(id, cJSON_CreateArray());
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
        cJSON_AddItemToArray(list, location_json(s, &w.a->c.sources, r->span));
    }
    respond(id, list);
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

static void on_rename(Server *s, const cJSON *id, const cJSON *params)
{
    Where w;
    if (!where_of(s, id, params, true, &w))
        return;
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(params, "newName");
    if (!cJSON_IsString(name) || !is_identifier(name->valuestring)) {
        respond_error(id, RPC_INVALID_PARAMS, "the new name is not an identifier");
        return;
    }
    if (is_keyword(name->valuestring)) {
        respond_error(id, RPC_INVALID_PARAMS,
                      arena_printf(s->tmp, "the new name `%s` is a keyword", name->valuestring));
        return;
    }
    const SemaRef *at;
    const SemaSymbol *sym = symbol_at(&w, &at);
    if (!sym) {
        respond_error(id, RPC_REQUEST_FAILED, "no symbol to rename here");
        return;
    }
    if (sym->is_library) {
        respond_error(id, RPC_REQUEST_FAILED, "cannot rename a symbol of the standard library or a dependency");
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
        const char *uri = lsp_path_to_uri(s->tmp, absolute(s, f->path));
        cJSON *edits = cJSON_GetObjectItemCaseSensitive(changes, uri);
        if (!edits)
            edits = cJSON_AddArrayToObject(changes, uri);
        cJSON *e = cJSON_CreateObject();
        cJSON_AddItemToObject(e, "range", range_json(f, r->span.start, r->span.end));
        cJSON_AddStringToObject(e, "newText", name->valuestring);
        cJSON_AddItemToArray(edits, e);
    }
    respond(id, edit);
}

static cJSON *document_symbol(const Analysis *a, uint32_t sym_index, const SourceFile *f)
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
    cJSON_AddItemToObject(j, "range", range_json(f, full.start, full.end));
    cJSON_AddItemToObject(j, "selectionRange", range_json(f, sym->name_span.start, sym->name_span.end));
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

static void on_document_symbol(Server *s, const cJSON *id, const cJSON *params)
{
    Where w;
    if (!where_of(s, id, params, false, &w))
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
    respond(id, list);
}

static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++)
        if (strncasecmp(p, needle, n) == 0)
            return true;
    return n == 0;
}

static void on_workspace_symbol(Server *s, const cJSON *id, const cJSON *params)
{
    const cJSON *query = cJSON_GetObjectItemCaseSensitive(params, "query");
    const char *q = cJSON_IsString(query) ? query->valuestring : "";
    ensure_current(s);
    cJSON *list = cJSON_CreateArray();
    Analysis *a = s->current;
    for (uint32_t i = 0; a && a->index && i < a->index->symbols.count; i++) {
        const SemaSymbol *sym = &a->index->symbols.items[i];
        if (sym->is_library || sym->kind == SEMA_SYM_LOCAL || sym->kind == SEMA_SYM_PARAM || !contains_ci(sym->name, q))
            continue;
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "name", sym->name);
        cJSON_AddNumberToObject(j, "kind", lsp_symbol_kind(sym->kind));
        cJSON_AddItemToObject(j, "location", location_json(s, &a->c.sources, sym->name_span));
        if (sym->container != SEMA_NO_SYMBOL)
            cJSON_AddStringToObject(j, "containerName", a->index->symbols.items[sym->container].name);
        cJSON_AddItemToArray(list, j);
    }
    respond(id, list);
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
static const SemaSymbol *visible_named(const Analysis *a, uint32_t file, uint32_t offset, const char *name, size_t len)
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

static const SemaSymbol *member_named(const Analysis *a, uint32_t owner, const char *name, size_t len)
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
static uint32_t owner_of(const Analysis *a, const SemaSymbol *sym)
{
    if (sym->kind == SEMA_SYM_STRUCT || sym->kind == SEMA_SYM_ENUM || sym->kind == SEMA_SYM_CONTRACT)
        return (uint32_t)(sym - a->index->symbols.items);
    return sema_index_type_symbol(a->index, sym->type);
}

static void complete_members(const Analysis *a, uint32_t owner, bool variants, cJSON *items)
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

static void on_completion(Server *s, const cJSON *id, const cJSON *params)
{
    Where w;
    if (!where_of(s, id, params, true, &w))
        return;
    cJSON *items = cJSON_CreateArray();
    if (w.doc->is_manifest) {
        complete_manifest(items, ends_with(w.doc->path, "Workspace.proj"));
        respond(id, items);
        return;
    }
    const char *text = strbuf_cstr(&w.doc->text);
    size_t at = w.offset, word = at;
    while (word > 0 && ident_char(text[word - 1]))
        word--;
    size_t line_start = word;
    while (line_start > 0 && text[line_start - 1] != '\n')
        line_start--;
    Analysis *a = w.a && w.a->parsed && w.a->index ? w.a : s->last_parsed;
    if (a && (!a->index || !analysis_has_file(a, w.doc->path)))
        a = w.a && w.a->index ? w.a : NULL;
    uint32_t file = file_of(a, w.doc->path);
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
        respond(id, items);
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
        respond(id, items);
        return;
    }
    if (a && a->index && word >= 2 && text[word - 1] == ':' && text[word - 2] == ':') {
        size_t end = word - 2, start = end;
        while (start > 0 && ident_char(text[start - 1]))
            start--;
        const SemaSymbol *e = visible_named(a, file, (uint32_t)start, text + start, end - start);
        if (e && e->kind == SEMA_SYM_ENUM)
            complete_members(a, (uint32_t)(e - a->index->symbols.items), true, items);
        respond(id, items);
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
    respond(id, items);
}

/* ---- signature help ---------------------------------------------------------------------------- */

static void on_signature_help(Server *s, const cJSON *id, const cJSON *params)
{
    Where w;
    if (!where_of(s, id, params, true, &w))
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
    Analysis *a = w.a && w.a->index ? w.a : s->last_parsed;
    if (open == SIZE_MAX || !a || !a->index) {
        respond(id, NULL);
        return;
    }
    size_t end = open, start = open;
    while (start > 0 && ident_char(text[start - 1]))
        start--;
    const SemaSymbol *fn = NULL;
    uint32_t file = file_of(a, w.doc->path);
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
        respond(id, NULL);
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
    respond(id, result);
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

static void on_semantic_tokens(Server *s, const cJSON *id, const cJSON *params)
{
    Where w;
    if (!where_of(s, id, params, false, &w))
        return;
    cJSON *data = cJSON_CreateArray();
    if (w.a && w.file != SPAN_NO_FILE) {
        const SourceFile *f = source_file(&w.a->c.sources, w.file);
        Arena *scratch = arena_new();
        Interner *interner = intern_new(scratch);
        TokenList toks = lexer_tokenize_heap(scratch, interner, f, w.file);
        uint32_t prev_line = 0, prev_char = 0;
        for (uint32_t i = 0; i < toks.count; i++) {
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
            if (type < 0 || t->span.end <= t->span.start)
                continue;
            uint32_t line, ch, end_line, end_ch;
            file_position(f, t->span.start, &line, &ch);
            file_position(f, t->span.end, &end_line, &end_ch);
            if (end_line != line)
                continue; /* multi-line tokens: not split here */
            cJSON_AddItemToArray(data, cJSON_CreateNumber(line - prev_line));
            cJSON_AddItemToArray(data, cJSON_CreateNumber(line == prev_line ? ch - prev_char : ch));
            cJSON_AddItemToArray(data, cJSON_CreateNumber(end_ch - ch));
            cJSON_AddItemToArray(data, cJSON_CreateNumber(type));
            cJSON_AddItemToArray(data, cJSON_CreateNumber(mods));
            prev_line = line;
            prev_char = ch;
        }
        lexer_free_tokens(&toks);
        arena_free(scratch);
    }
    cJSON *result = cJSON_CreateObject();
    cJSON_AddItemToObject(result, "data", data);
    respond(id, result);
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

static void on_code_action(Server *s, const cJSON *id, const cJSON *params)
{
    Where w;
    if (!where_of(s, id, params, false, &w))
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
            file_position(f, d->span.start, &line, &ch);
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
            cJSON_AddItemToArray(diags, diag_json(f, d, d->span.start, d->span.end));
            cJSON *edit = cJSON_AddObjectToObject(action, "edit");
            cJSON *changes = cJSON_AddObjectToObject(edit, "changes");
            cJSON *edits = cJSON_AddArrayToObject(changes, w.doc->uri);
            cJSON *e = cJSON_CreateObject();
            cJSON_AddItemToObject(e, "range", range_json(f, start, end));
            cJSON_AddStringToObject(e, "newText", "");
            cJSON_AddItemToArray(edits, e);
            cJSON_AddItemToArray(actions, action);
        }
    }
    respond(id, actions);
}

/* ---- notifications ---------------------------------------------------------------------------- */

static void mark_dirty(Server *s)
{
    s->dirty = true;
    clock_gettime(CLOCK_MONOTONIC, &s->dirty_since);
}

static void on_did_open(Server *s, const cJSON *params)
{
    const cJSON *td = cJSON_GetObjectItemCaseSensitive(params, "textDocument");
    const cJSON *uri = cJSON_GetObjectItemCaseSensitive(td, "uri");
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(td, "text");
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(td, "version");
    if (!cJSON_IsString(uri) || !cJSON_IsString(text))
        return;
    char *path = lsp_uri_to_path(s->arena, uri->valuestring);
    if (!path)
        return;
    LspDoc *doc = doc_by_uri(s, uri->valuestring);
    if (!doc) {
        doc = ARENA_NEW(s->arena, LspDoc);
        doc->uri = arena_strdup(s->arena, uri->valuestring);
        doc->path = path;
        VEC_PUSH(s->arena, &s->docs, doc);
    }
    strbuf_free(&doc->text);
    strbuf_puts(&doc->text, text->valuestring);
    doc->version = cJSON_IsNumber(version) ? (int64_t)version->valuedouble : 0;
    doc->is_manifest = ends_with(path, "Project.proj") || ends_with(path, "Workspace.proj");
    if (doc->is_manifest) {
        publish_manifest(doc);
        if (s->focus)
            mark_dirty(s);
        return;
    }
    s->focus = doc->path;
    mark_dirty(s);
}

static void on_did_change(Server *s, const cJSON *params)
{
    const cJSON *td = cJSON_GetObjectItemCaseSensitive(params, "textDocument");
    LspDoc *doc = doc_by_uri(s, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(td, "uri")));
    if (!doc)
        return;
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(td, "version");
    if (cJSON_IsNumber(version))
        doc->version = (int64_t)version->valuedouble;
    const cJSON *changes = cJSON_GetObjectItemCaseSensitive(params, "contentChanges");
    const cJSON *change;
    cJSON_ArrayForEach(change, changes)
    {
        const cJSON *text = cJSON_GetObjectItemCaseSensitive(change, "text");
        if (!cJSON_IsString(text))
            continue;
        const cJSON *range = cJSON_GetObjectItemCaseSensitive(change, "range");
        if (!range) {
            strbuf_free(&doc->text);
            strbuf_puts(&doc->text, text->valuestring);
            continue;
        }
        const cJSON *rs = cJSON_GetObjectItemCaseSensitive(range, "start");
        const cJSON *re = cJSON_GetObjectItemCaseSensitive(range, "end");
        size_t start, end;
        const char *cur = strbuf_cstr(&doc->text);
        if (!lsp_offset_of(cur, doc->text.len, (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(rs, "line")),
                           (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(rs, "character")), &start))
            start = doc->text.len;
        if (!lsp_offset_of(cur, doc->text.len, (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(re, "line")),
                           (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(re, "character")), &end))
            end = doc->text.len;
        if (end < start)
            end = start;
        lsp_text_replace(&doc->text, start, end, text->valuestring);
    }
    if (doc->is_manifest) {
        publish_manifest(doc);
        return;
    }
    s->focus = doc->path;
    mark_dirty(s);
}

static void on_did_close(Server *s, const cJSON *params)
{
    const cJSON *td = cJSON_GetObjectItemCaseSensitive(params, "textDocument");
    LspDoc *doc = doc_by_uri(s, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(td, "uri")));
    if (!doc)
        return;
    for (uint32_t i = 0; i < s->docs.count; i++)
        if (s->docs.items[i] == doc)
            s->docs.items[i] = NULL;
    if (s->focus == doc->path)
        s->focus = NULL;
    strbuf_free(&doc->text);
    send_diagnostics(doc->uri, cJSON_CreateArray(), -1);
    for (uint32_t i = 0; i < s->docs.count && !s->focus; i++)
        if (s->docs.items[i] && !s->docs.items[i]->is_manifest)
            s->focus = s->docs.items[i]->path;
    if (s->focus)
        mark_dirty(s);
}

/* ---- dispatch ---------------------------------------------------------------------------- */

typedef void (*RequestFn)(Server *s, const cJSON *id, const cJSON *params);

static const struct {
    const char *method;
    RequestFn fn;
} requests[] = {
    {"textDocument/hover", on_hover},
    {"textDocument/definition", on_definition},
    {"textDocument/references", on_references},
    {"textDocument/rename", on_rename},
    {"textDocument/documentSymbol", on_document_symbol},
    {"workspace/symbol", on_workspace_symbol},
    {"textDocument/completion", on_completion},
    {"textDocument/signatureHelp", on_signature_help},
    {"textDocument/semanticTokens/full", on_semantic_tokens},
    {"textDocument/codeAction", on_code_action},
};

static void handle(Server *s, const cJSON *msg)
{
    if (!cJSON_IsObject(msg)) {
        respond_error(NULL, RPC_INVALID_REQUEST, "a message must be a JSON object");
        return;
    }
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(msg, "id");
    const cJSON *method_j = cJSON_GetObjectItemCaseSensitive(msg, "method");
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(msg, "params");
    bool is_request = id && (cJSON_IsNumber(id) || cJSON_IsString(id));
    if (id && !is_request) {
        respond_error(NULL, RPC_INVALID_REQUEST, "`id` must be a number or a string");
        return;
    }
    if (!cJSON_IsString(method_j)) {
        if (is_request && (cJSON_GetObjectItemCaseSensitive(msg, "result") || cJSON_GetObjectItemCaseSensitive(msg, "error")))
            return; /* a response to a request of ours: none are sent */
        respond_error(id, RPC_INVALID_REQUEST, "missing `method`");
        return;
    }
    const char *method = method_j->valuestring;
    if (strcmp(method, "exit") == 0) {
        s->exit_requested = true;
        s->exit_status = s->shut_down ? 0 : 1;
        return;
    }
    if (!s->initialized) {
        if (strcmp(method, "initialize") == 0 && is_request) {
            s->initialized = true;
            cJSON *result = cJSON_CreateObject();
            cJSON_AddItemToObject(result, "capabilities", capabilities());
            cJSON *info = cJSON_AddObjectToObject(result, "serverInfo");
            cJSON_AddStringToObject(info, "name", "beskid");
            respond(id, result);
            return;
        }
        if (is_request)
            respond_error(id, RPC_SERVER_NOT_INITIALIZED, "the server is not initialized: send `initialize` first");
        return;
    }
    if (strcmp(method, "initialize") == 0) {
        if (is_request)
            respond_error(id, RPC_INVALID_REQUEST, "the server is already initialized");
        return;
    }
    if (s->shut_down) {
        if (is_request)
            respond_error(id, RPC_INVALID_REQUEST, "the server is shut down: only `exit` is accepted");
        return;
    }
    if (strcmp(method, "shutdown") == 0) {
        s->shut_down = true;
        if (is_request)
            respond(id, NULL);
        return;
    }
    if (!is_request) {
        if (strcmp(method, "textDocument/didOpen") == 0)
            on_did_open(s, params);
        else if (strcmp(method, "textDocument/didChange") == 0)
            on_did_change(s, params);
        else if (strcmp(method, "textDocument/didClose") == 0)
            on_did_close(s, params);
        else if (strcmp(method, "textDocument/didSave") == 0)
            mark_dirty(s);
        /* `initialized`, `$/…` and other notifications: nothing to do */
        return;
    }
    if (params && !cJSON_IsObject(params) && !cJSON_IsArray(params)) {
        respond_error(id, RPC_INVALID_PARAMS, "`params` must be an object");
        return;
    }
    if (strcmp(method, "textDocument/formatting") == 0) {
        respond_error(id, RPC_REQUEST_FAILED, "formatting is not supported yet: `beskid format` has not landed");
        return;
    }
    for (size_t i = 0; i < sizeof requests / sizeof *requests; i++)
        if (strcmp(requests[i].method, method) == 0) {
            requests[i].fn(s, id, params);
            return;
        }
    respond_error(id, RPC_METHOD_NOT_FOUND, arena_printf(s->tmp, "unknown method `%s`", method));
}

/* ---- the loop ---------------------------------------------------------------------------- */

/* Parses one framed message from the input buffer: 1 with *body set,
 * 0 when more input is needed, -1 after answering a framing error. */
static int next_message(Server *s, char **body, size_t *body_len)
{
    const char *buf = strbuf_cstr(&s->input) + s->input_at;
    size_t avail = s->input.len - s->input_at;
    const char *end = NULL;
    for (size_t i = 0; i + 3 < avail; i++)
        if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
            end = buf + i;
            break;
        }
    if (!end) {
        if (avail > 65536) { /* no header end in sight: drop it */
            respond_error(NULL, RPC_PARSE_ERROR, "malformed message header");
            s->input_at = s->input.len;
            return -1;
        }
        return 0;
    }
    long long length = -1;
    for (const char *line = buf; line < end;) {
        const char *eol = line;
        while (eol < end && *eol != '\r')
            eol++;
        if (strncasecmp(line, "Content-Length:", 15) == 0) {
            char *stop;
            errno = 0;
            length = strtoll(line + 15, &stop, 10);
            if (errno || stop == line + 15 || length < 0 || length > (1LL << 30))
                length = -2;
        }
        line = eol + 2;
    }
    size_t header = (size_t)(end - buf) + 4;
    if (length < 0) {
        respond_error(NULL, RPC_PARSE_ERROR, "missing or invalid Content-Length header");
        s->input_at += header;
        return -1;
    }
    if (avail < header + (size_t)length)
        return 0;
    *body = (char *)buf + header;
    *body_len = (size_t)length;
    s->input_at += header + (size_t)length;
    return 1;
}

static long elapsed_ms(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

int cmd_lsp(const CliArgs *args)
{
    (void)args;
    Server server = {0};
    Server *s = &server;
    s->arena = arena_new();
    s->tmp = arena_new();
    s->debounce_ms = 150;
    const char *env = getenv("BESKID_LSP_DEBOUNCE_MS");
    if (env && *env)
        s->debounce_ms = strtol(env, NULL, 10);
    s->quiet = fopen("/dev/null", "w");
    if (!s->quiet)
        s->quiet = stderr;
    while (!s->exit_requested) {
        char *body;
        size_t len;
        int got = next_message(s, &body, &len);
        if (got == 1) {
            cJSON *msg = cJSON_ParseWithLength(body, len);
            if (!msg)
                respond_error(NULL, RPC_PARSE_ERROR, "malformed JSON");
            else
                handle(s, msg);
            cJSON_Delete(msg);
            arena_free(s->tmp);
            s->tmp = arena_new();
            continue;
        }
        if (got == -1)
            continue;
        if (s->input_closed)
            break;
        /* compact the buffer */
        if (s->input_at > 0) {
            StrBuf rest = {0};
            strbuf_append(&rest, strbuf_cstr(&s->input) + s->input_at, s->input.len - s->input_at);
            strbuf_free(&s->input);
            s->input = rest;
            s->input_at = 0;
        }
        int timeout = -1;
        if (s->dirty) {
            long left = s->debounce_ms - elapsed_ms(&s->dirty_since);
            if (left <= 0) {
                run_analysis(s);
                continue;
            }
            timeout = (int)left;
        }
        struct pollfd pfd = {.fd = 0, .events = POLLIN};
        int ready = poll(&pfd, 1, timeout);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            continue;
        char chunk[65536];
        ssize_t n = read(0, chunk, sizeof chunk);
        if (n <= 0) {
            if (n < 0 && errno == EINTR)
                continue;
            s->input_closed = true;
            continue;
        }
        strbuf_append(&s->input, chunk, (size_t)n);
    }
    int status = s->exit_requested ? s->exit_status : 1;
    if (s->current && s->current != s->last_parsed) {
        analysis_free(s->current);
    }
    analysis_free(s->last_parsed);
    for (uint32_t i = 0; i < s->docs.count; i++)
        if (s->docs.items[i])
            strbuf_free(&s->docs.items[i]->text);
    strbuf_free(&s->input);
    if (s->quiet != stderr)
        fclose(s->quiet);
    arena_free(s->tmp);
    arena_free(s->arena);
    return status;
}
