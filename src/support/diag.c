/* support/diag.c: building and rendering diagnostics.
 * Located diagnostics render as
 *   error[CODE]: message
 *    --> file:line:col
 *     |
 *   N | source line
 *     |     ^^^ label
 *     = help: text
 * and span-less ones as one line `error: [CODE] message` (backends.md §0a 8). */
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

bool diag_has_errors(const DiagList *list)
{
    return list->error_count > 0;
}

static int digits_of(uint32_t n)
{
    int d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

/* Writes one source line with tabs kept, so the caret line can mirror them. */
static void render_excerpt(FILE *out, const SourceFile *file, const Diag *diag)
{
    uint32_t line, col;
    uint32_t start = diag->span.start <= file->len ? diag->span.start : file->len;
    source_line_col(file, start, &line, &col);
    uint32_t line_start = file->line_starts[line - 1];
    uint32_t line_end = line_start;
    while (line_end < file->len && file->text[line_end] != '\n' && file->text[line_end] != '\r')
        line_end++;
    int width = digits_of(line);
    fprintf(out, "%*s |\n", width, "");
    fprintf(out, "%u | ", line);
    for (uint32_t i = line_start; i < line_end; i++) {
        unsigned char c = (unsigned char)file->text[i];
        fputc(c == '\t' || c >= 0x20 ? c : ' ', out);
    }
    fputc('\n', out);
    fprintf(out, "%*s | ", width, "");
    for (uint32_t i = line_start; i < start; i++)
        fputc(file->text[i] == '\t' ? '\t' : ' ', out);
    uint32_t end = diag->span.end > line_end ? line_end : diag->span.end;
    uint32_t carets = end > start ? end - start : 1;
    for (uint32_t i = 0; i < carets; i++)
        fputc('^', out);
    if (diag->label)
        fprintf(out, " %s", diag->label);
    fputc('\n', out);
}

void diag_render_one(FILE *out, const SourceMap *map, const Diag *diag)
{
    const char *severity = diag->severity == DIAG_SEVERITY_ERROR ? "error" : "warning";
    const char *code = diag_table[diag->id].code;
    if (diag->span.file == SPAN_NO_FILE || !map || diag->span.file >= map->count) {
        if (!*code)
            fprintf(out, "%s: %s\n", severity, diag->message);
        else if (code[0] == 'E' && code[1] == '3')
            fprintf(out, "%s: %s: %s\n", severity, code, diag->message);
        else
            fprintf(out, "%s: [%s] %s\n", severity, code, diag->message);
        if (diag->help)
            fprintf(out, "  = help: %s\n", diag->help);
        return;
    }
    const SourceFile *file = source_file(map, diag->span.file);
    uint32_t line, col;
    source_line_col(file, diag->span.start <= file->len ? diag->span.start : file->len, &line, &col);
    fprintf(out, "%s[%s]: %s\n", severity, code, diag->message);
    fprintf(out, " --> %s:%u:%u\n", file->path, line, col);
    render_excerpt(out, file, diag);
    if (diag->help)
        fprintf(out, "%*s = help: %s\n", digits_of(line), "", diag->help);
}

void diag_render(FILE *out, const SourceMap *map, const DiagList *list)
{
    for (uint32_t i = 0; i < list->items.count; i++)
        diag_render_one(out, map, &list->items.items[i]);
}
