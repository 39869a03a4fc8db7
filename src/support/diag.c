/* support/diag.c: building diagnostics (rendering is diag_render.c). */
#include "support/diag.h"

#include <stdarg.h>
#include <string.h>

#include "support/check.h"

static const struct {
    const char *code;
    DiagSeverity severity;
    const char *template;
} diag_table[] = {
#define ERROR DIAG_SEVERITY_ERROR
#define WARNING DIAG_SEVERITY_WARNING
#define DIAG(id, code, severity, template) {code, severity, template},
#include "support/diag_codes.def"
#undef DIAG
#undef ERROR
#undef WARNING
};

void diag_list_init(DiagList *list, Arena *arena)
{
    memset(list, 0, sizeof *list);
    list->arena = arena;
}

const char *diag_code(DiagId id)
{
    BSK_ASSERT(id < DIAG__COUNT);
    return diag_table[id].code;
}

DiagSeverity diag_severity_of(DiagId id)
{
    BSK_ASSERT(id < DIAG__COUNT);
    return diag_table[id].severity;
}

/* Expands the %s placeholders of 'template' with the const char * varargs. */
static const char *expand(Arena *arena, const char *template, va_list ap)
{
    size_t cap = strlen(template) + 1;
    va_list count_ap;
    va_copy(count_ap, ap);
    for (const char *p = template; *p; p++)
        if (p[0] == '%' && p[1] == 's') {
            const char *arg = va_arg(count_ap, const char *);
            cap += strlen(arg ? arg : "(null)");
        }
    va_end(count_ap);
    char *out = arena_alloc(arena, cap, 1);
    char *w = out;
    for (const char *p = template; *p; p++) {
        if (p[0] == '%' && p[1] == 's') {
            const char *arg = va_arg(ap, const char *);
            if (!arg)
                arg = "(null)";
            size_t n = strlen(arg);
            memcpy(w, arg, n);
            w += n;
            p++;
        } else {
            *w++ = *p;
        }
    }
    *w = '\0';
    return out;
}

Diag *diag_report(DiagList *list, Span span, DiagId id, ...)
{
    BSK_ASSERT(id < DIAG__COUNT);
    va_list ap;
    va_start(ap, id);
    Diag diag = {
        .id = id,
        .severity = diag_table[id].severity,
        .span = span,
        .message = expand(list->arena, diag_table[id].template, ap),
    };
    va_end(ap);
    VEC_PUSH(list->arena, &list->items, diag);
    if (diag.severity == DIAG_SEVERITY_ERROR)
        list->error_count++;
    else
        list->warning_count++;
    return &VEC_LAST(&list->items);
}

static const char *vformat(Arena *arena, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *out = arena_alloc(arena, (size_t)n + 1, 1);
    vsnprintf(out, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return out;
}

void diag_set_label(DiagList *list, Diag *diag, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag->label = vformat(list->arena, fmt, ap);
    va_end(ap);
}

void diag_set_help(DiagList *list, Diag *diag, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag->help = vformat(list->arena, fmt, ap);
    va_end(ap);
}

void diag_add_span(DiagList *list, Diag *diag, Span span, const char *fmt, ...)
{
    DiagSpan item = {.span = span};
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        item.label = vformat(list->arena, fmt, ap);
        va_end(ap);
    }
    VEC_PUSH(list->arena, &diag->secondary, item);
}

DiagChild *diag_add_child(DiagList *list, Diag *diag, DiagChildKind kind, Span span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    DiagChild child = {.kind = kind, .message = vformat(list->arena, fmt, ap), .span = span};
    va_end(ap);
    VEC_PUSH(list->arena, &diag->children, child);
    return &VEC_LAST(&diag->children);
}

void diag_add_suggestion(DiagList *list, Diag *diag, Span span, const char *replacement, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    DiagChild child = {
        .kind = DIAG_CHILD_HELP,
        .message = vformat(list->arena, fmt, ap),
        .span = span,
        .replacement = arena_strdup(list->arena, replacement),
    };
    va_end(ap);
    VEC_PUSH(list->arena, &diag->children, child);
}

bool diag_has_errors(const DiagList *list)
{
    return list->error_count > 0;
}

static bool comes_before(const Diag *a, const Diag *b)
{
    if (a->span.file != b->span.file) /* SPAN_NO_FILE is the largest: keep those in place instead */
        return a->span.file < b->span.file;
    return a->span.start < b->span.start;
}

void diag_list_sort(DiagList *list)
{
    diag_list_sort_from(list, 0);
}

void diag_list_sort_from(DiagList *list, uint32_t first)
{
    /* Insertion sort: stable, and the lists are short and nearly sorted. */
    Diag *items = list->items.items;
    for (uint32_t i = first + 1; i < list->items.count; i++) {
        Diag d = items[i];
        if (d.span.file == SPAN_NO_FILE)
            continue;
        uint32_t j = i;
        while (j > first && items[j - 1].span.file != SPAN_NO_FILE && comes_before(&d, &items[j - 1])) {
            items[j] = items[j - 1];
            j--;
        }
        items[j] = d;
    }
}

void diag_list_append(DiagList *to, const DiagList *from)
{
    for (uint32_t i = 0; i < from->items.count; i++) {
        VEC_PUSH(to->arena, &to->items, from->items.items[i]);
        if (from->items.items[i].severity == DIAG_SEVERITY_ERROR)
            to->error_count++;
        else
            to->warning_count++;
    }
}

