/* cli/lsp/cmd_lsp.c: `beskid lsp`, a Language Server Protocol server over
 * stdio (docs/lsp.md). JSON-RPC through cJSON; every answer comes from the
 * compiler's own front end: the program of the open document is resolved as
 * `beskid analyze` would (cli/resolve_input.h), loaded with the open
 * documents over the disk and parse error recovery (syntax/loader.h
 * LoadOptions), checked (sema_check_program_partial) and indexed
 * (sema/index.h). Diagnostics are the CLI's, re-checked after a pause in
 * typing (the debounce); a request first brings the analysis up to date. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/lsp/lsp_internal.h"
#include "cli/lsp/lsp_text.h"

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

void lsp_respond(const cJSON *id, cJSON *result)
{
    cJSON *msg = cJSON_CreateObject();
    cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
    cJSON_AddItemToObject(msg, "id", id ? cJSON_Duplicate(id, true) : cJSON_CreateNull());
    cJSON_AddItemToObject(msg, "result", result ? result : cJSON_CreateNull());
    send_json(msg);
}

void lsp_respond_error(const cJSON *id, int code, const char *message)
{
    cJSON *msg = cJSON_CreateObject();
    cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
    cJSON_AddItemToObject(msg, "id", id ? cJSON_Duplicate(id, true) : cJSON_CreateNull());
    cJSON *err = cJSON_AddObjectToObject(msg, "error");
    cJSON_AddNumberToObject(err, "code", code);
    cJSON_AddStringToObject(err, "message", message);
    send_json(msg);
}

void lsp_notify(const char *method, cJSON *params)
{
    cJSON *msg = cJSON_CreateObject();
    cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
    cJSON_AddStringToObject(msg, "method", method);
    cJSON_AddItemToObject(msg, "params", params);
    send_json(msg);
}

/* ---- documents ----------------------------------------------------------------- */

LspDoc *lsp_doc_by_uri(LspServer *s, const char *uri)
{
    for (uint32_t i = 0; uri && i < s->docs.count; i++)
        if (s->docs.items[i] && strcmp(s->docs.items[i]->uri, uri) == 0)
            return s->docs.items[i];
    return NULL;
}

LspDoc *lsp_doc_by_path(LspServer *s, const char *path)
{
    for (uint32_t i = 0; path && i < s->docs.count; i++)
        if (s->docs.items[i] && strcmp(s->docs.items[i]->path, path) == 0)
            return s->docs.items[i];
    return NULL;
}

bool lsp_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
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
    cJSON_AddBoolToObject(caps, "documentFormattingProvider", true);
    return caps;
}

/* ---- notifications ---------------------------------------------------------------------------- */

static void mark_dirty(LspServer *s)
{
    s->dirty = true;
    clock_gettime(CLOCK_MONOTONIC, &s->dirty_since);
}

static void on_did_open(LspServer *s, const cJSON *params)
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
    LspDoc *doc = lsp_doc_by_uri(s, uri->valuestring);
    if (!doc) {
        doc = ARENA_NEW(s->arena, LspDoc);
        doc->uri = arena_strdup(s->arena, uri->valuestring);
        doc->path = path;
        VEC_PUSH(s->arena, &s->docs, doc);
    }
    strbuf_free(&doc->text);
    strbuf_puts(&doc->text, text->valuestring);
    doc->version = cJSON_IsNumber(version) ? (int64_t)version->valuedouble : 0;
    doc->is_manifest = lsp_ends_with(path, "Project.proj") || lsp_ends_with(path, "Workspace.proj");
    if (doc->is_manifest) {
        lsp_publish_manifest(doc);
        if (s->focus)
            mark_dirty(s);
        return;
    }
    s->focus = doc->path;
    mark_dirty(s);
}

static void on_did_change(LspServer *s, const cJSON *params)
{
    const cJSON *td = cJSON_GetObjectItemCaseSensitive(params, "textDocument");
    LspDoc *doc = lsp_doc_by_uri(s, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(td, "uri")));
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
        lsp_publish_manifest(doc);
        return;
    }
    s->focus = doc->path;
    mark_dirty(s);
}

static void on_did_close(LspServer *s, const cJSON *params)
{
    const cJSON *td = cJSON_GetObjectItemCaseSensitive(params, "textDocument");
    LspDoc *doc = lsp_doc_by_uri(s, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(td, "uri")));
    if (!doc)
        return;
    for (uint32_t i = 0; i < s->docs.count; i++)
        if (s->docs.items[i] == doc)
            s->docs.items[i] = NULL;
    if (s->focus == doc->path)
        s->focus = NULL;
    strbuf_free(&doc->text);
    lsp_send_diagnostics(doc->uri, cJSON_CreateArray(), -1);
    for (uint32_t i = 0; i < s->docs.count && !s->focus; i++)
        if (s->docs.items[i] && !s->docs.items[i]->is_manifest)
            s->focus = s->docs.items[i]->path;
    if (s->focus)
        mark_dirty(s);
}

/* ---- dispatch ---------------------------------------------------------------------------- */

typedef void (*RequestFn)(LspServer *s, const cJSON *id, const cJSON *params);

static const struct {
    const char *method;
    RequestFn fn;
} requests[] = {
    {"textDocument/hover", lsp_on_hover},
    {"textDocument/definition", lsp_on_definition},
    {"textDocument/references", lsp_on_references},
    {"textDocument/rename", lsp_on_rename},
    {"textDocument/documentSymbol", lsp_on_document_symbol},
    {"workspace/symbol", lsp_on_workspace_symbol},
    {"textDocument/completion", lsp_on_completion},
    {"textDocument/signatureHelp", lsp_on_signature_help},
    {"textDocument/semanticTokens/full", lsp_on_semantic_tokens},
    {"textDocument/codeAction", lsp_on_code_action},
    {"textDocument/formatting", lsp_on_formatting},
};

static void handle(LspServer *s, const cJSON *msg)
{
    if (!cJSON_IsObject(msg)) {
        lsp_respond_error(NULL, LSP_RPC_INVALID_REQUEST, "a message must be a JSON object");
        return;
    }
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(msg, "id");
    const cJSON *method_j = cJSON_GetObjectItemCaseSensitive(msg, "method");
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(msg, "params");
    bool is_request = id && (cJSON_IsNumber(id) || cJSON_IsString(id));
    if (id && !is_request) {
        lsp_respond_error(NULL, LSP_RPC_INVALID_REQUEST, "`id` must be a number or a string");
        return;
    }
    if (!cJSON_IsString(method_j)) {
        if (is_request && (cJSON_GetObjectItemCaseSensitive(msg, "result") || cJSON_GetObjectItemCaseSensitive(msg, "error")))
            return; /* a response to a request of ours: none are sent */
        lsp_respond_error(id, LSP_RPC_INVALID_REQUEST, "missing `method`");
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
            lsp_respond(id, result);
            return;
        }
        if (is_request)
            lsp_respond_error(id, LSP_RPC_SERVER_NOT_INITIALIZED, "the server is not initialized: send `initialize` first");
        return;
    }
    if (strcmp(method, "initialize") == 0) {
        if (is_request)
            lsp_respond_error(id, LSP_RPC_INVALID_REQUEST, "the server is already initialized");
        return;
    }
    if (s->shut_down) {
        if (is_request)
            lsp_respond_error(id, LSP_RPC_INVALID_REQUEST, "the server is shut down: only `exit` is accepted");
        return;
    }
    if (strcmp(method, "shutdown") == 0) {
        s->shut_down = true;
        if (is_request)
            lsp_respond(id, NULL);
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
        lsp_respond_error(id, LSP_RPC_INVALID_PARAMS, "`params` must be an object");
        return;
    }
    for (size_t i = 0; i < sizeof requests / sizeof *requests; i++)
        if (strcmp(requests[i].method, method) == 0) {
            requests[i].fn(s, id, params);
            return;
        }
    lsp_respond_error(id, LSP_RPC_METHOD_NOT_FOUND, arena_printf(s->tmp, "unknown method `%s`", method));
}

/* ---- the loop ---------------------------------------------------------------------------- */

/* Parses one framed message from the input buffer: 1 with *body set,
 * 0 when more input is needed, -1 after answering a framing error. */
static int next_message(LspServer *s, char **body, size_t *body_len)
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
            lsp_respond_error(NULL, LSP_RPC_PARSE_ERROR, "malformed message header");
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
        lsp_respond_error(NULL, LSP_RPC_PARSE_ERROR, "missing or invalid Content-Length header");
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
    LspServer server = {0};
    LspServer *s = &server;
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
                lsp_respond_error(NULL, LSP_RPC_PARSE_ERROR, "malformed JSON");
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
                lsp_run_analysis(s);
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
        lsp_analysis_free(s->current);
    }
    lsp_analysis_free(s->last_parsed);
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
