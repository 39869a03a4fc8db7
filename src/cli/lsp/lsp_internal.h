/* cli/lsp/lsp_internal.h: what the files of the language server share
 * (cmd_lsp.c: the loop, documents and dispatch; lsp_analysis.c: analyses,
 * positions and diagnostics; lsp_features.c and lsp_complete.c: the
 * requests). */
#ifndef BESKID_CLI_LSP_INTERNAL_H
#define BESKID_CLI_LSP_INTERNAL_H
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "cli/compile.h"
#include "sema/index.h"
#include "support/arena.h"
#include "support/strbuf.h"
#include "support/vec.h"

enum {
    LSP_RPC_PARSE_ERROR = -32700,
    LSP_RPC_INVALID_REQUEST = -32600,
    LSP_RPC_METHOD_NOT_FOUND = -32601,
    LSP_RPC_INVALID_PARAMS = -32602,
    LSP_RPC_SERVER_NOT_INITIALIZED = -32002,
    LSP_RPC_REQUEST_FAILED = -32803,
};

typedef struct LspDoc {
    char *uri;
    char *path;
    StrBuf text;
    int64_t version;
    bool is_manifest; /* Project.proj or Workspace.proj */
} LspDoc;

typedef struct LspAnalysis {
    Compilation c;
    SemaIndex *index;
    bool parsed; /* no parse error in any file */
    const char *focus; /* the path it was made for */
    bool resolve_failed; /* the project around it did not resolve: only those errors */
} LspAnalysis;

typedef struct LspServer {
    Arena *arena;
    VEC(LspDoc *) docs;
    bool initialized;
    bool shut_down;
    bool exit_requested;
    int exit_status;
    LspAnalysis *current;
    LspAnalysis *last_parsed; /* the last analysis without parse errors (completion in a broken file) */
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
} LspServer;

typedef struct LspWhere {
    LspDoc *doc;
    size_t offset; /* in the document's text */
    LspAnalysis *a;
    uint32_t file; /* in a->c.sources, or SPAN_NO_FILE */
} LspWhere;


/* cmd_lsp.c: messages and documents */
void lsp_respond(const cJSON *id, cJSON *result);
void lsp_respond_error(const cJSON *id, int code, const char *message);
void lsp_notify(const char *method, cJSON *params);
LspDoc *lsp_doc_by_uri(LspServer *s, const char *uri);
LspDoc *lsp_doc_by_path(LspServer *s, const char *path);
bool lsp_ends_with(const char *s, const char *suffix);

/* lsp_analysis.c */
void lsp_analysis_free(LspAnalysis *a);
bool lsp_analysis_has_file(const LspAnalysis *a, const char *path);
/* Analyses the focus document's program and publishes its diagnostics. */
void lsp_run_analysis(LspServer *s);
/* lsp_run_analysis when an edit is pending or nothing was analysed yet. */
void lsp_ensure_current(LspServer *s);
void lsp_file_position(const SourceFile *f, uint32_t offset, uint32_t *line, uint32_t *character);
cJSON *lsp_range_json(const SourceFile *f, uint32_t start, uint32_t end);
char *lsp_absolute(LspServer *s, const char *path);
cJSON *lsp_location_json(LspServer *s, const SourceMap *map, Span span);
uint32_t lsp_file_of(const LspAnalysis *a, const char *path);
cJSON *lsp_diag_json(const SourceFile *f, const Diag *d, uint32_t start, uint32_t end);
void lsp_send_diagnostics(const char *uri, cJSON *list, int64_t version);
void lsp_publish_manifest(LspDoc *doc);
/* Reads textDocument (and position); brings the analysis up to date.
 * False after answering an error. */
bool lsp_where_of(LspServer *s, const cJSON *id, const cJSON *params, bool need_position, LspWhere *w);
const SemaSymbol *lsp_symbol_at(const LspWhere *w, const SemaRef **ref_out);

/* lsp_features.c */
void lsp_on_hover(LspServer *s, const cJSON *id, const cJSON *params);
void lsp_on_definition(LspServer *s, const cJSON *id, const cJSON *params);
void lsp_on_references(LspServer *s, const cJSON *id, const cJSON *params);
void lsp_on_rename(LspServer *s, const cJSON *id, const cJSON *params);
void lsp_on_document_symbol(LspServer *s, const cJSON *id, const cJSON *params);
void lsp_on_workspace_symbol(LspServer *s, const cJSON *id, const cJSON *params);
void lsp_on_semantic_tokens(LspServer *s, const cJSON *id, const cJSON *params);
void lsp_on_code_action(LspServer *s, const cJSON *id, const cJSON *params);
/* textDocument/formatting: `beskid format`'s layout (syntax/fmt.h), one edit for the whole document. */
void lsp_on_formatting(LspServer *s, const cJSON *id, const cJSON *params);
/* lsp_complete.c */
void lsp_on_completion(LspServer *s, const cJSON *id, const cJSON *params);
void lsp_on_signature_help(LspServer *s, const cJSON *id, const cJSON *params);
#endif
