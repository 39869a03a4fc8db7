/* support/diag.h: diagnostics as values. Phases append to a DiagList and
 * return; only the CLI renders (diag_render), in the one format of
 * spec/backends.md §8.1. Codes and templates live in diag_codes.def.
 * Around the code and its message, a diagnostic carries what helps to act on
 * it, as rustc does: a label under the primary span, secondary spans with
 * their labels ("first declared here"), and children — notes and helps, each
 * with an optional span and suggested replacement text for that span. */
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

/* A secondary span: rendered with `-` under it and its label. */
typedef struct DiagSpan {
    Span span;
    const char *label; /* may be NULL */
} DiagSpan;

typedef enum DiagChildKind { DIAG_CHILD_NOTE, DIAG_CHILD_HELP } DiagChildKind;

/* A note or help. Without a span it renders `= help: …` under the excerpt;
 * with one, as its own block with the span's line (patched with the
 * replacement when there is one). */
typedef struct DiagChild {
    DiagChildKind kind;
    const char *message;
    Span span;               /* SPAN_NONE: none */
    const char *replacement; /* replaces 'span' in a suggestion; NULL: none */
} DiagChild;

typedef struct Diag {
    DiagId id;
    DiagSeverity severity;
    Span span;           /* SPAN_NONE: a one-line `error: …` report */
    const char *message; /* formatted from the template */
    const char *label;   /* text under the caret; may be NULL */
    const char *help;    /* the first help, span-less; may be NULL */
    VEC(DiagSpan) secondary;
    VEC(DiagChild) children; /* after 'help', in order */
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
/* A secondary span with its label (may be NULL). */
void diag_add_span(DiagList *list, Diag *diag, Span span, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A note or help; 'span' may be SPAN_NONE. */
DiagChild *diag_add_child(DiagList *list, Diag *diag, DiagChildKind kind, Span span, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* A help that suggests writing 'replacement' in place of 'span'. */
void diag_add_suggestion(DiagList *list, Diag *diag, Span span, const char *replacement, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
bool diag_has_errors(const DiagList *list);
/* Stable sort by file, then start offset; span-less diagnostics stay first
 * in their order. Applied within one phase so that errors read top-down. */
void diag_list_sort(DiagList *list);
/* The same on the diagnostics from index 'first' on. */
void diag_list_sort_from(DiagList *list, uint32_t first);
/* Appends 'from' to 'to' (counts included). */
void diag_list_append(DiagList *to, const DiagList *from);
const char *diag_code(DiagId id);
DiagSeverity diag_severity_of(DiagId id);

/* Renders every diagnostic (errors and warnings, in report order). */
void diag_render(FILE *out, const SourceMap *map, const DiagList *list);
void diag_render_one(FILE *out, const SourceMap *map, const Diag *diag);
/* The same with ANSI colours when 'color' (diag_render.c). */
void diag_render_styled(FILE *out, const SourceMap *map, const Diag *diag, bool color);
/* A closing line such as `error: could not compile …`, styled as a headline. */
void diag_render_line(FILE *out, DiagSeverity severity, const char *message, bool color);
#endif
