/* cli/lsp/lsp_analysis.c: the language server's analyses (the program of
 * the focus document, through the compiler's front end), positions in LSP
 * terms, and diagnostics. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli_table.h"
#include "cli/lsp/lsp_internal.h"
#include "cli/lsp/lsp_text.h"
#include "cli/resolve_input.h"
#include "project/project_manifest.h"

static const char *overlay_read(void *ctx, const char *path, size_t *len)
{
    LspDoc *doc = lsp_doc_by_path(ctx, path);
    if (!doc)
        return NULL;
    *len = doc->text.len;
    return strbuf_cstr(&doc->text);
}

/* ---- analysis --------------------------------------------------------------------- */

/* 'a' lives in its own compilation's arena. */
void lsp_analysis_free(LspAnalysis *a)
{
    if (!a)
        return;
    Compilation c = a->c;
    compilation_free(&c);
}

bool lsp_analysis_has_file(const LspAnalysis *a, const char *path)
{
    for (uint32_t i = 0; i < a->c.sources.count; i++)
        if (strcmp(a->c.sources.files[i].path, path) == 0)
            return true;
    return false;
}

/* Analyses 'focus' as `beskid analyze FOCUS` would. */
static LspAnalysis *analyse(LspServer *s, const char *focus, bool as_project)
{
    Compilation c;
    compilation_init(&c, NULL);
    LspAnalysis *a = ARENA_NEW(c.arena, LspAnalysis);
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

static void publish(LspServer *s, LspAnalysis *a);

void lsp_run_analysis(LspServer *s)
{
    s->dirty = false;
    if (!s->focus)
        return;
    LspAnalysis *a = analyse(s, s->focus, true);
    if (!a->resolve_failed && !lsp_analysis_has_file(a, s->focus)) {
        /* not reached from the project's entry: the file alone */
        lsp_analysis_free(a);
        a = analyse(s, s->focus, false);
    }
    publish(s, a);
    if (s->current && s->current != s->last_parsed) {
        lsp_analysis_free(s->current);
    }
    s->current = a;
    if (a->parsed && a->index) {
        if (s->last_parsed && s->last_parsed != a) {
            lsp_analysis_free(s->last_parsed);
        }
        s->last_parsed = a;
    }
}

void lsp_ensure_current(LspServer *s)
{
    if (s->dirty || (!s->current && s->focus))
        lsp_run_analysis(s);
}

/* ---- positions ---------------------------------------------------------------------- */

void lsp_file_position(const SourceFile *f, uint32_t offset, uint32_t *line, uint32_t *character)
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

cJSON *lsp_range_json(const SourceFile *f, uint32_t start, uint32_t end)
{
    uint32_t l, c;
    cJSON *r = cJSON_CreateObject();
    lsp_file_position(f, start, &l, &c);
    cJSON_AddItemToObject(r, "start", position_json(l, c));
    lsp_file_position(f, end, &l, &c);
    cJSON_AddItemToObject(r, "end", position_json(l, c));
    return r;
}

char *lsp_absolute(LspServer *s, const char *path)
{
    if (path[0] == '/')
        return (char *)path;
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return (char *)path;
    return arena_printf(s->tmp, "%s/%s", cwd, path[0] == '.' && path[1] == '/' ? path + 2 : path);
}

cJSON *lsp_location_json(LspServer *s, const SourceMap *map, Span span)
{
    const SourceFile *f = source_file(map, span.file);
    cJSON *loc = cJSON_CreateObject();
    cJSON_AddStringToObject(loc, "uri", lsp_path_to_uri(s->tmp, lsp_absolute(s, f->path)));
    cJSON_AddItemToObject(loc, "range", lsp_range_json(f, span.start, span.end));
    return loc;
}

/* The file index of 'path' in the analysis, or SPAN_NO_FILE. */
uint32_t lsp_file_of(const LspAnalysis *a, const char *path)
{
    if (!a)
        return SPAN_NO_FILE;
    for (uint32_t i = 0; i < a->c.sources.count; i++)
        if (strcmp(a->c.sources.files[i].path, path) == 0)
            return i;
    return SPAN_NO_FILE;
}

/* ---- diagnostics ---------------------------------------------------------------------- */

cJSON *lsp_diag_json(const SourceFile *f, const Diag *d, uint32_t start, uint32_t end)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddItemToObject(j, "range", f ? lsp_range_json(f, start, end) : cJSON_Parse(
        "{\"start\":{\"line\":0,\"character\":0},\"end\":{\"line\":0,\"character\":0}}"));
    cJSON_AddNumberToObject(j, "severity", d->severity == DIAG_SEVERITY_ERROR ? 1 : 2);
    const char *code = diag_code(d->id);
    if (code && *code)
        cJSON_AddStringToObject(j, "code", code);
    cJSON_AddStringToObject(j, "source", "beskid");
    cJSON_AddStringToObject(j, "message", d->message);
    return j;
}

void lsp_send_diagnostics(const char *uri, cJSON *list, int64_t version)
{
    cJSON *params = cJSON_CreateObject();
    cJSON_AddStringToObject(params, "uri", uri);
    if (version >= 0)
        cJSON_AddNumberToObject(params, "version", (double)version);
    cJSON_AddItemToObject(params, "diagnostics", list);
    lsp_notify("textDocument/publishDiagnostics", params);
}

/* Diagnostics of an open manifest: what project/ says of its text. */
void lsp_publish_manifest(LspDoc *doc)
{
    Arena *arena = arena_new();
    SourceMap map;
    source_map_init(&map, arena);
    DiagList diags;
    diag_list_init(&diags, arena);
    uint32_t file = source_add(&map, doc->path, strbuf_cstr(&doc->text), doc->text.len);
    if (lsp_ends_with(doc->path, "Workspace.proj"))
        workspace_manifest_read(arena, &map, file, &diags);
    else
        project_manifest_read(arena, &map, file, &diags);
    cJSON *list = cJSON_CreateArray();
    const SourceFile *f = source_file(&map, file);
    for (uint32_t i = 0; i < diags.items.count; i++) {
        const Diag *d = &diags.items.items[i];
        bool here = d->span.file == file;
        cJSON_AddItemToArray(list, lsp_diag_json(f, d, here ? d->span.start : 0, here ? d->span.end : 0));
    }
    lsp_send_diagnostics(doc->uri, list, doc->version);
    arena_free(arena);
}

static void publish(LspServer *s, LspAnalysis *a)
{
    uint32_t n = a->c.sources.count;
    cJSON **lists = ARENA_ARRAY(a->c.arena, cJSON *, n ? n : 1);
    uint32_t focus_file = lsp_file_of(a, a->focus);
    for (uint32_t i = 0; i < a->c.diags.items.count; i++) {
        const Diag *d = &a->c.diags.items.items[i];
        uint32_t file = d->span.file != SPAN_NO_FILE && d->span.file < n ? d->span.file : focus_file;
        if (file == SPAN_NO_FILE)
            continue;
        if (!lists[file])
            lists[file] = cJSON_CreateArray();
        bool located = d->span.file == file;
        cJSON_AddItemToArray(lists[file], lsp_diag_json(source_file(&a->c.sources, file), d,
                                                    located ? d->span.start : 0, located ? d->span.end : 0));
    }
    /* every root file of the program and every URI published before */
    VEC(char *) now = {0};
    for (uint32_t i = 0; i < n; i++) {
        const char *path = lsp_absolute(s, a->c.sources.files[i].path);
        bool root_file = i == focus_file || lists[i] || lsp_doc_by_path(s, path);
        if (!root_file)
            continue;
        char *uri = lsp_path_to_uri(a->c.arena, path);
        LspDoc *doc = lsp_doc_by_path(s, path);
        if (doc && doc->is_manifest) {
            if (lists[i])
                cJSON_Delete(lists[i]);
            continue;
        }
        lsp_send_diagnostics(uri, lists[i] ? lists[i] : cJSON_CreateArray(), doc ? doc->version : -1);
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
        if (lsp_doc_by_uri(s, s->published.items[i]))
            VEC_PUSH(a->c.arena, &now, arena_strdup(a->c.arena, s->published.items[i]));
        else
            lsp_send_diagnostics(s->published.items[i], cJSON_CreateArray(), -1);
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

/* Reads textDocument and position; false after answering an error. */
bool lsp_where_of(LspServer *s, const cJSON *id, const cJSON *params, bool need_position, LspWhere *w)
{
    memset(w, 0, sizeof *w);
    const cJSON *td = cJSON_GetObjectItemCaseSensitive(params, "textDocument");
    const cJSON *uri = cJSON_GetObjectItemCaseSensitive(td, "uri");
    w->doc = cJSON_IsString(uri) ? lsp_doc_by_uri(s, uri->valuestring) : NULL;
    if (!w->doc) {
        lsp_respond_error(id, LSP_RPC_INVALID_PARAMS, "unknown document: open it first (textDocument/didOpen)");
        return false;
    }
    if (need_position) {
        const cJSON *pos = cJSON_GetObjectItemCaseSensitive(params, "position");
        const cJSON *line = cJSON_GetObjectItemCaseSensitive(pos, "line");
        const cJSON *ch = cJSON_GetObjectItemCaseSensitive(pos, "character");
        if (!cJSON_IsNumber(line) || !cJSON_IsNumber(ch) ||
            !lsp_offset_of(strbuf_cstr(&w->doc->text), w->doc->text.len, (int64_t)line->valuedouble,
                           (int64_t)ch->valuedouble, &w->offset)) {
            lsp_respond_error(id, LSP_RPC_INVALID_PARAMS, "position out of range");
            return false;
        }
    }
    if (!w->doc->is_manifest) {
        if (!s->focus || strcmp(s->focus, w->doc->path) != 0) {
            s->focus = w->doc->path;
            s->dirty = true;
        }
        lsp_ensure_current(s);
        w->a = s->current;
        w->file = lsp_file_of(w->a, w->doc->path);
    }
    return true;
}

const SemaSymbol *lsp_symbol_at(const LspWhere *w, const SemaRef **ref_out)
{
    if (!w->a || !w->a->index || w->file == SPAN_NO_FILE)
        return NULL;
    const SemaRef *ref = sema_index_ref_at(w->a->index, w->file, (uint32_t)w->offset);
    if (ref_out)
        *ref_out = ref;
    return ref ? &w->a->index->symbols.items[ref->symbol] : NULL;
}
