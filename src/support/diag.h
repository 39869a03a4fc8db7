/* support/diag.h: diagnostics as values. Phases append to a DiagList and
 * return; only the CLI renders (diag_render), in the one format of
 * spec/backends.md §8.1. Codes and templates live in diag_codes.def. */
#ifndef BESKID_SUPPORT_DIAG_H
#define BESKID_SUPPORT_DIAG_H
#include <stdbool.h>
#include <stdio.h>

#include "support/arena.h"
#include "support/source.h"
#include "support/vec.h"

typedef enum DiagId {
#define DIAG(id, code, severity, template) DIAG_##id,
#include "support/diag_codes.def"
#undef DIAG
    DIAG__COUNT
} DiagId;

typedef enum DiagSeverity { DIAG_SEVERITY_ERROR, DIAG_SEVERITY_WARNING } DiagSeverity;

typedef struct Diag {
    DiagId id;
    DiagSeverity severity;
    Span span;           /* SPAN_NONE: a one-line `error: …` report */
    const char *message; /* formatted from the template */
    const char *label;   /* text under the caret; may be NULL */
    const char *help;    /* may be NULL */
} Diag;

typedef struct DiagList {
    Arena *arena;
    VEC(Diag) items;
    unsigned error_count;
    unsigned warning_count;
} DiagList;

void diag_list_init(DiagList *list, Arena *arena);
/* Appends a diagnostic; the varargs fill the template's %s placeholders. */
Diag *diag_report(DiagList *list, Span span, DiagId id, ...);
void diag_set_label(DiagList *list, Diag *diag, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_set_help(DiagList *list, Diag *diag, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool diag_has_errors(const DiagList *list);
const char *diag_code(DiagId id);
DiagSeverity diag_severity_of(DiagId id);

/* Renders every diagnostic (errors and warnings, in report order). */
void diag_render(FILE *out, const SourceMap *map, const DiagList *list);
void diag_render_one(FILE *out, const SourceMap *map, const Diag *diag);
#endif
