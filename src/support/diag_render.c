/* support/diag_render.c: the human rendering of diagnostics, as rustc lays
 * them out (backends.md §8.1):
 *   error[CODE]: message
 *    --> file:line:col
 *     |
 *   N | source line
 *     |   -   ^^^ label
 *     |   |
 *     |   secondary label
 *     = help: text
 * Tabs are expanded to four columns, lines longer than LONG_LINE columns are
 * cut around the spans with `…`, and the gutter is as wide as the largest
 * line number shown. Span-less diagnostics are one line `error: [CODE] text`
 * (backends.md §0a item 8). Only the CLI calls this (diagnostics are values). */
#include <stdlib.h>
#include <string.h>

#include "support/diag.h"
#include "support/strbuf.h"

#define TAB_WIDTH 4
#define LONG_LINE 200 /* columns: longer lines are cut */
#define CONTEXT 60    /* columns kept on each side of the spans when cutting */
#define ELLIPSIS "\xe2\x80\xa6"

typedef struct Style {
    const char *error, *warning, *note, *help, *gutter, *bold, *reset;
} Style;

static const Style plain_style = {"", "", "", "", "", "", ""};
static const Style color_style = {"\033[1;31m", "\033[1;33m", "\033[1;32m", "\033[1;36m",
                                  "\033[1;34m", "\033[1m",    "\033[0m"};

/* One marked range on a source line. */
typedef struct Mark {
    uint32_t start, end; /* byte offsets in the file */
    bool primary;
    const char *label;
    uint32_t col, end_col; /* display columns on the printed line, filled per line */
} Mark;

/* A line as printed: the text with tabs expanded, and where each column starts. */
typedef struct Display {
    StrBuf text;
    uint32_t *col_of;     /* byte index in the source line -> display column (len + 1 entries) */
    uint32_t *offset_of;  /* display column -> byte offset in 'text' (width + 1 entries) */
    uint32_t width;
} Display;

static void display_build(Display *d, const char *bytes, uint32_t len)
{
    memset(d, 0, sizeof *d);
    d->col_of = calloc((size_t)len + 1, sizeof *d->col_of);
    d->offset_of = calloc((size_t)len * TAB_WIDTH + 2, sizeof *d->offset_of);
    uint32_t col = 0;
    for (uint32_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)bytes[i];
        d->col_of[i] = col;
        if ((c & 0xC0) == 0x80) { /* a UTF-8 continuation byte takes no column */
            strbuf_append(&d->text, (const char *)&bytes[i], 1);
            continue;
        }
        int cells = c == '\t' ? TAB_WIDTH : 1;
        for (int k = 0; k < cells; k++) {
            d->offset_of[col++] = (uint32_t)d->text.len;
            if (c == '\t' || c < 0x20 || c == 0x7F)
                strbuf_append(&d->text, " ", 1);
            else if (k == 0)
                strbuf_append(&d->text, (const char *)&bytes[i], 1);
        }
    }
    d->col_of[len] = col;
    d->offset_of[col] = (uint32_t)d->text.len;
    d->width = col;
}

static void display_free(Display *d)
{
    strbuf_free(&d->text);
    free(d->col_of);
    free(d->offset_of);
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

static uint32_t clamp(const SourceFile *file, uint32_t offset)
{
    return offset <= file->len ? offset : file->len;
}

static uint32_t line_of(const SourceFile *file, uint32_t offset)
{
    uint32_t line, col;
    source_line_col(file, clamp(file, offset), &line, &col);
    return line;
}

static void line_bounds(const SourceFile *file, uint32_t line, uint32_t *start, uint32_t *end)
{
    uint32_t s = file->line_starts[line - 1], e = s;
    while (e < file->len && file->text[e] != '\n' && file->text[e] != '\r')
        e++;
    *start = s;
    *end = e;
}

static void gutter(FILE *out, const Style *st, int width)
{
    fprintf(out, "%s%*s |%s", st->gutter, width, "", st->reset);
}

/* Writes 'row' (one char per column, ' ' for nothing) without trailing
 * blanks, each run of marks in the colour of its kind. */
static void write_marks(FILE *out, const Style *st, const char *row, const char *const *colors, uint32_t n)
{
    while (n > 0 && row[n - 1] == ' ')
        n--;
    const char *current = "";
    for (uint32_t i = 0; i < n; i++) {
        const char *want = row[i] == ' ' ? "" : colors[i];
        if (strcmp(want, current) != 0) {
            if (*current)
                fputs(st->reset, out);
            fputs(want, out);
            current = want;
        }
        fputc(row[i], out);
    }
    if (*current)
        fputs(st->reset, out);
}

static int by_column(const void *a, const void *b)
{
    const Mark *x = a, *y = b;
    return x->col < y->col ? -1 : x->col > y->col;
}

/* One source line and the marks on it ('marks' are those of this line). */
static void render_line(FILE *out, const Style *st, const char *level_color, const SourceFile *file,
                        uint32_t line, Mark *marks, uint32_t n, int width)
{
    uint32_t ls, le;
    line_bounds(file, line, &ls, &le);
    Display d;
    display_build(&d, file->text + ls, le - ls);
    uint32_t lo = UINT32_MAX, hi = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t s = clamp(file, marks[i].start), e = clamp(file, marks[i].end);
        s = s < ls ? ls : s > le ? le : s;
        e = e > le ? le : e;
        marks[i].col = d.col_of[s - ls];
        marks[i].end_col = e > s ? d.col_of[e - ls] : marks[i].col + 1;
        lo = marks[i].col < lo ? marks[i].col : lo;
        hi = marks[i].end_col > hi ? marks[i].end_col : hi;
    }
    if (n == 0)
        lo = 0;
    else
        qsort(marks, n, sizeof *marks, by_column);
    /* Long lines are cut to a window around the marks. */
    uint32_t left = 0, right = d.width, shift = 0;
    if (d.width > LONG_LINE) {
        left = lo > CONTEXT ? lo - CONTEXT : 0;
        right = hi + CONTEXT < d.width ? hi + CONTEXT : d.width;
        if (right - left < 2 * CONTEXT)
            right = left + 2 * CONTEXT < d.width ? left + 2 * CONTEXT : d.width;
    }
    fprintf(out, "%s%*u |%s ", st->gutter, width, line, st->reset);
    if (left > 0) {
        fputs(ELLIPSIS, out);
        shift = 1;
    }
    if (d.offset_of[right] > d.offset_of[left]) /* an empty line has no text at all */
        fwrite(d.text.data + d.offset_of[left], 1, d.offset_of[right] - d.offset_of[left], out);
    if (right < d.width)
        fputs(ELLIPSIS, out);
    fputc('\n', out);
    if (n == 0) {
        display_free(&d);
        return;
    }
    /* The marker row: secondary `-` first, the primary `^` over them. */
    uint32_t cols = hi - left + shift + 1;
    char *row = malloc(cols + 1);
    const char **colors = calloc(cols + 1, sizeof *colors);
    memset(row, ' ', cols);
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t i = 0; i < n; i++) {
            if (marks[i].primary != (pass == 1))
                continue;
            for (uint32_t c = marks[i].col; c < marks[i].end_col; c++) {
                if (c < left)
                    continue;
                row[c - left + shift] = marks[i].primary ? '^' : '-';
                colors[c - left + shift] = marks[i].primary ? level_color : st->gutter;
            }
        }
    gutter(out, st, width);
    fputc(' ', out);
    write_marks(out, st, row, colors, cols);
    /* The rightmost mark's label goes on the marker row; the others hang
     * below on `|` lines, right to left, as rustc draws them. */
    Mark *last = &marks[n - 1];
    if (last->label && *last->label)
        fprintf(out, " %s%s%s", last->primary ? level_color : st->gutter, last->label, st->reset);
    fputc('\n', out);
    for (uint32_t k = n - 1; k-- > 0;) {
        if (!marks[k].label || !*marks[k].label || marks[k].col < left)
            continue;
        for (int step = 0; step < 2; step++) {
            memset(row, ' ', cols);
            for (uint32_t i = 0; i <= k; i++)
                if (marks[i].label && *marks[i].label && marks[i].col >= left && (step == 0 || i < k)) {
                    row[marks[i].col - left + shift] = '|';
                    colors[marks[i].col - left + shift] = marks[i].primary ? level_color : st->gutter;
                }
            gutter(out, st, width);
            fputc(' ', out);
            uint32_t at = marks[k].col - left + shift;
            write_marks(out, st, row, colors, step == 0 ? cols : at);
            if (step == 1) { /* write_marks trimmed the blanks before the label's column */
                uint32_t written = at;
                while (written > 0 && row[written - 1] == ' ')
                    written--;
                fprintf(out, "%*s%s%s%s", (int)(at - written), "", marks[k].primary ? level_color : st->gutter,
                        marks[k].label, st->reset);
            }
            fputc('\n', out);
        }
    }
    free(row);
    free(colors);
    display_free(&d);
}

static int by_line(const void *a, const void *b)
{
    const Mark *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* The lines of 'file' that carry marks, in order; a gap of one line is shown,
 * longer gaps are `...`. */
static void render_excerpt(FILE *out, const Style *st, const char *level_color, const SourceFile *file, Mark *marks,
                           uint32_t n, int width)
{
    qsort(marks, n, sizeof *marks, by_line);
    gutter(out, st, width);
    fputc('\n', out);
    uint32_t previous = 0;
    for (uint32_t i = 0; i < n;) {
        uint32_t line = line_of(file, marks[i].start);
        uint32_t j = i;
        while (j < n && line_of(file, marks[j].start) == line)
            j++;
        if (previous && line == previous + 2)
            render_line(out, st, level_color, file, previous + 1, NULL, 0, width);
        else if (previous && line > previous + 2)
            fprintf(out, "%s...%s\n", st->gutter, st->reset);
        render_line(out, st, level_color, file, line, marks + i, j - i, width);
        previous = line;
        i = j;
    }
}

static bool located(const SourceMap *map, Span span)
{
    return map && span.file != SPAN_NO_FILE && span.file < map->count;
}

static const char *child_word(const DiagChild *child)
{
    return child->kind == DIAG_CHILD_NOTE ? "note" : "help";
}

static const char *child_color(const Style *st, const DiagChild *child)
{
    return child->kind == DIAG_CHILD_NOTE ? st->note : st->help;
}

static void render_headline(FILE *out, const Style *st, const char *color, const char *word, const char *code,
                            const char *message)
{
    if (code && *code)
        fprintf(out, "%s%s[%s]%s%s: %s%s\n", color, word, code, st->reset, st->bold, message, st->reset);
    else
        fprintf(out, "%s%s%s%s: %s%s\n", color, word, st->reset, st->bold, message, st->reset);
}

static void render_arrow(FILE *out, const Style *st, const char *arrow, const SourceFile *file, uint32_t offset,
                         int width)
{
    uint32_t line, col;
    source_line_col(file, clamp(file, offset), &line, &col);
    fprintf(out, "%s%*s%s%s %s:%u:%u\n", st->gutter, width, "", arrow, st->reset, file->path, line, col);
}

/* A help whose span has a replacement: the line as it would read. */
static void render_suggestion(FILE *out, const Style *st, const SourceMap *map, const DiagChild *child, int width)
{
    const SourceFile *file = source_file(map, child->span.file);
    uint32_t start = clamp(file, child->span.start), end = clamp(file, child->span.end);
    uint32_t line = line_of(file, start), ls, le;
    line_bounds(file, line, &ls, &le);
    end = end > le ? le : end < start ? start : end;
    StrBuf patched = {0};
    strbuf_append(&patched, file->text + ls, start - ls);
    size_t at = patched.len;
    strbuf_append(&patched, child->replacement, strlen(child->replacement));
    size_t after = patched.len;
    strbuf_append(&patched, file->text + end, le - end);
    Display d;
    display_build(&d, patched.data ? patched.data : "", (uint32_t)patched.len);
    fprintf(out, "%s%s%s%s: %s%s\n", child_color(st, child), child_word(child), st->reset, st->bold, child->message,
            st->reset);
    gutter(out, st, width);
    fputc('\n', out);
    fprintf(out, "%s%*u |%s %.*s\n", st->gutter, width, line, st->reset, (int)patched.len,
            patched.data ? patched.data : "");
    uint32_t from = d.col_of[at], to = d.col_of[after];
    if (to > from) { /* `+` under inserted text, `~` under text that replaces some */
        gutter(out, st, width);
        fprintf(out, " %*s%s", (int)from, "", st->help);
        for (uint32_t c = from; c < to; c++)
            fputc(end > start ? '~' : '+', out);
        fprintf(out, "%s\n", st->reset);
    }
    display_free(&d);
    strbuf_free(&patched);
}

/* A note or help with a span but no replacement: its own headline, arrow and excerpt. */
static void render_child_block(FILE *out, const Style *st, const SourceMap *map, const DiagChild *child, int width)
{
    const SourceFile *file = source_file(map, child->span.file);
    fprintf(out, "%s%s%s%s: %s%s\n", child_color(st, child), child_word(child), st->reset, st->bold,
            child->message, st->reset);
    render_arrow(out, st, "-->", file, child->span.start, width);
    Mark mark = {.start = child->span.start, .end = child->span.end, .primary = false};
    render_excerpt(out, st, child_color(st, child), file, &mark, 1, width);
}

static uint32_t widest_line(const SourceMap *map, const Diag *diag)
{
    uint32_t max = line_of(source_file(map, diag->span.file), diag->span.start);
    for (uint32_t i = 0; i < diag->secondary.count; i++) {
        Span s = diag->secondary.items[i].span;
        if (located(map, s)) {
            uint32_t l = line_of(source_file(map, s.file), s.start);
            max = l > max ? l : max;
        }
    }
    for (uint32_t i = 0; i < diag->children.count; i++) {
        Span s = diag->children.items[i].span;
        if (located(map, s)) {
            uint32_t l = line_of(source_file(map, s.file), s.start);
            max = l > max ? l : max;
        }
    }
    return max;
}

static void render_unlocated(FILE *out, const Style *st, const char *color, const char *word, const Diag *diag)
{
    const char *code = diag_code(diag->id);
    if (!*code)
        fprintf(out, "%s%s%s: %s\n", color, word, st->reset, diag->message);
    else if (code[0] == 'E' && code[1] == '3')
        fprintf(out, "%s%s%s: %s: %s\n", color, word, st->reset, code, diag->message);
    else
        fprintf(out, "%s%s%s: [%s] %s\n", color, word, st->reset, code, diag->message);
    if (diag->help)
        fprintf(out, "  = %shelp%s: %s\n", st->bold, st->reset, diag->help);
    for (uint32_t i = 0; i < diag->children.count; i++) {
        const DiagChild *child = &diag->children.items[i];
        fprintf(out, "  = %s%s%s: %s\n", st->bold, child_word(child), st->reset, child->message);
    }
}

void diag_render_styled(FILE *out, const SourceMap *map, const Diag *diag, bool color)
{
    const Style *st = color ? &color_style : &plain_style;
    bool is_error = diag->severity == DIAG_SEVERITY_ERROR;
    const char *word = is_error ? "error" : "warning";
    const char *level_color = is_error ? st->error : st->warning;
    if (!located(map, diag->span)) {
        render_unlocated(out, st, level_color, word, diag);
        return;
    }
    const SourceFile *file = source_file(map, diag->span.file);
    int width = digits_of(widest_line(map, diag));
    render_headline(out, st, level_color, word, diag_code(diag->id), diag->message);
    render_arrow(out, st, "-->", file, diag->span.start, width);
    /* The primary span and the secondary ones in its file, then each other file. */
    uint32_t n = 1 + diag->secondary.count;
    Mark *marks = calloc(n, sizeof *marks);
    uint32_t count = 0;
    marks[count++] = (Mark){.start = diag->span.start, .end = diag->span.end, .primary = true, .label = diag->label};
    for (uint32_t i = 0; i < diag->secondary.count; i++) {
        const DiagSpan *s = &diag->secondary.items[i];
        if (s->span.file == diag->span.file)
            marks[count++] = (Mark){.start = s->span.start, .end = s->span.end, .label = s->label};
    }
    render_excerpt(out, st, level_color, file, marks, count, width);
    for (uint32_t i = 0; i < diag->secondary.count; i++) {
        const DiagSpan *s = &diag->secondary.items[i];
        if (s->span.file == diag->span.file || !located(map, s->span))
            continue;
        const SourceFile *other = source_file(map, s->span.file);
        render_arrow(out, st, ":::", other, s->span.start, width);
        Mark mark = {.start = s->span.start, .end = s->span.end, .label = s->label};
        render_excerpt(out, st, level_color, other, &mark, 1, width);
    }
    free(marks);
    if (diag->help)
        fprintf(out, "%s%*s =%s %shelp%s: %s\n", st->gutter, width, "", st->reset, st->bold, st->reset, diag->help);
    for (uint32_t i = 0; i < diag->children.count; i++) {
        const DiagChild *child = &diag->children.items[i];
        if (!located(map, child->span))
            fprintf(out, "%s%*s =%s %s%s%s: %s\n", st->gutter, width, "", st->reset, st->bold, child_word(child),
                    st->reset, child->message);
    }
    for (uint32_t i = 0; i < diag->children.count; i++) {
        const DiagChild *child = &diag->children.items[i];
        if (!located(map, child->span))
            continue;
        if (child->replacement)
            render_suggestion(out, st, map, child, width);
        else
            render_child_block(out, st, map, child, width);
    }
}

void diag_render_line(FILE *out, DiagSeverity severity, const char *message, bool color)
{
    const Style *st = color ? &color_style : &plain_style;
    bool is_error = severity == DIAG_SEVERITY_ERROR;
    render_headline(out, st, is_error ? st->error : st->warning, is_error ? "error" : "warning", NULL, message);
}

void diag_render_one(FILE *out, const SourceMap *map, const Diag *diag)
{
    diag_render_styled(out, map, diag, false);
}

void diag_render(FILE *out, const SourceMap *map, const DiagList *list)
{
    for (uint32_t i = 0; i < list->items.count; i++)
        diag_render_one(out, map, &list->items.items[i]);
}
