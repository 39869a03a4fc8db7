/* project/manifest.c: the manifest block syntax (backends.md §7.1).
 *
 *   manifest   = { line } ;
 *   line       = blank | header | assignment | close ;   one per text line
 *   header     = kind [ label ] "{" ;       outside a block; ends the line
 *   label      = STRING ;
 *   assignment = key "=" value ;            inside a block
 *   close      = "}" ;                      alone on its line
 *   value      = STRING | IDENT ;           IDENT only for kind, source, resolver
 *
 * A STRING is the text between the first and the last `"` of what it
 * covers, verbatim (no escapes). A comment starts at `#` or `//` outside
 * double quotes. The lexer below cuts the text into logical lines (comments
 * stripped, blanks trimmed); each rule reads one line. */
#include "project/manifest.h"

#include <string.h>

typedef struct Reader {
    Arena *arena;
    const SourceFile *source;
    uint32_t file;
    DiagList *diags;
    ManifestKind kind;
    uint32_t next;    /* offset of the next physical line */
    uint32_t line_no; /* 1-based number of the current line */
    uint32_t start, end; /* the current logical line: comments stripped, trimmed */
} Reader;

/* {=================== lexer: logical lines ===================} */

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Moves to the next line; false at the end of the text. */
static bool next_line(Reader *r)
{
    const char *text = r->source->text;
    uint32_t len = r->source->len;
    if (r->next >= len)
        return false;
    uint32_t s = r->next, e = s;
    while (e < len && text[e] != '\n')
        e++;
    r->next = e + 1;
    r->line_no++;
    /* cut the comment, outside double quotes */
    bool quoted = false;
    uint32_t cut = e;
    for (uint32_t i = s; i < e; i++) {
        if (text[i] == '"')
            quoted = !quoted;
        else if (!quoted && (text[i] == '#' || (text[i] == '/' && i + 1 < e && text[i + 1] == '/'))) {
            cut = i;
            break;
        }
    }
    while (s < cut && is_blank(text[s]))
        s++;
    while (cut > s && is_blank(text[cut - 1]))
        cut--;
    r->start = s;
    r->end = cut;
    return true;
}

static Span span(const Reader *r, uint32_t start, uint32_t end)
{
    return (Span){r->file, start, end};
}

static const char *slice(const Reader *r, uint32_t start, uint32_t end)
{
    return arena_strndup(r->arena, r->source->text + start, end - start);
}

static void trim(const Reader *r, uint32_t *start, uint32_t *end)
{
    while (*start < *end && is_blank(r->source->text[*start]))
        (*start)++;
    while (*end > *start && is_blank(r->source->text[*end - 1]))
        (*end)--;
}

/* An E3003 error on line 'line_no' at [start, end). */
static void error_at_line(Reader *r, uint32_t line_no, uint32_t start, uint32_t end, const char *message)
{
    diag_report(r->diags, span(r, start, end), DIAG_E3003_MANIFEST_PARSE, arena_printf(r->arena, "%u", line_no),
                message);
}

static void error(Reader *r, uint32_t start, uint32_t end, const char *message)
{
    error_at_line(r, r->line_no, start, end, message);
}

static bool is_ident_start(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool is_ident_char(char c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9');
}

/* IDENT = [A-Za-z_][A-Za-z0-9_]* over [start, end). */
static bool expect_identifier(Reader *r, uint32_t start, uint32_t end)
{
    const char *text = r->source->text;
    if (start == end) {
        error(r, start, end, "expected identifier");
        return false;
    }
    if (!is_ident_start(text[start])) {
        error(r, start, end, arena_printf(r->arena, "invalid identifier start in `%s`", slice(r, start, end)));
        return false;
    }
    for (uint32_t i = start + 1; i < end; i++)
        if (!is_ident_char(text[i])) {
            error(r, start, end, arena_printf(r->arena, "invalid identifier `%s`", slice(r, start, end)));
            return false;
        }
    return true;
}

/* STRING over exactly [start, end): `"…"`. */
static bool is_string(const Reader *r, uint32_t start, uint32_t end)
{
    const char *text = r->source->text;
    return end - start >= 2 && text[start] == '"' && text[end - 1] == '"';
}

/* The first `c` outside double quotes in [start, end), or 'end'. */
static uint32_t find_unquoted(const Reader *r, uint32_t start, uint32_t end, char c)
{
    bool quoted = false;
    for (uint32_t i = start; i < end; i++) {
        if (r->source->text[i] == '"')
            quoted = !quoted;
        else if (!quoted && r->source->text[i] == c)
            return i;
    }
    return end;
}

/* {=================== parser: one rule per line ===================} */

static bool block_kind_allowed(ManifestKind kind, const char *name)
{
    static const char *const project_kinds[] = {"project", "target", "dependency", NULL};
    static const char *const workspace_kinds[] = {"workspace", "member", "override", "registry", NULL};
    for (const char *const *k = kind == MANIFEST_PROJECT ? project_kinds : workspace_kinds; *k; k++)
        if (strcmp(*k, name) == 0)
            return true;
    return false;
}

/* header = kind [ label ] "{" */
static bool parse_header(Reader *r, ManifestBlock *block)
{
    const char *text = r->source->text;
    uint32_t s = r->start, e = r->end;
    if (text[e - 1] != '{') {
        /* `member "a" { path = "a" }`: point at what follows the brace */
        uint32_t brace = find_unquoted(r, s, e, '{');
        uint32_t at = brace < e ? brace + 1 : s;
        while (at < e && is_blank(text[at]))
            at++;
        error(r, at, e, "expected block opening `{`");
        return false;
    }
    uint32_t head_end = e - 1;
    trim(r, &s, &head_end);
    if (s == head_end) {
        error(r, e - 1, e, "empty block header");
        return false;
    }
    if (text[s] == '"') {
        error(r, s, head_end, "missing block kind");
        return false;
    }
    uint32_t kind_end = s;
    while (kind_end < head_end && !is_blank(text[kind_end]) && text[kind_end] != '"')
        kind_end++;
    if (!expect_identifier(r, s, kind_end))
        return false;
    block->kind = slice(r, s, kind_end);
    block->kind_span = span(r, s, kind_end);
    uint32_t label_start = kind_end;
    trim(r, &label_start, &head_end);
    if (label_start < head_end) {
        if (!is_string(r, label_start, head_end)) {
            error(r, label_start, head_end,
                  arena_printf(r->arena, "expected quoted label, found `%s`", slice(r, label_start, head_end)));
            return false;
        }
        block->label = slice(r, label_start + 1, head_end - 1);
        block->label_span = span(r, label_start + 1, head_end - 1);
    }
    if (!block_kind_allowed(r->kind, block->kind)) {
        error(r, block->kind_span.start, block->kind_span.end,
              arena_printf(r->arena, "unknown block kind `%s`", block->kind));
        return false;
    }
    return true;
}

static bool is_enum_field(const char *key)
{
    return strcmp(key, "kind") == 0 || strcmp(key, "source") == 0 || strcmp(key, "resolver") == 0;
}

/* assignment = key "=" value */
static bool parse_assignment(Reader *r, ManifestBlock *block)
{
    const char *text = r->source->text;
    uint32_t s = r->start, e = r->end;
    uint32_t eq = find_unquoted(r, s, e, '=');
    if (eq == e) {
        if (text[e - 1] == '{')
            error(r, s, e, arena_printf(r->arena, "missing closing `}` for `%s` block", block->kind));
        else
            error(r, s, e, "expected key = value assignment");
        return false;
    }
    uint32_t key_start = s, key_end = eq;
    trim(r, &key_start, &key_end);
    if (key_start == key_end) {
        error(r, eq, eq + 1, "assignment key cannot be empty");
        return false;
    }
    if (!expect_identifier(r, key_start, key_end))
        return false;
    ManifestEntry entry = {.key = slice(r, key_start, key_end), .key_span = span(r, key_start, key_end)};
    uint32_t value_start = eq + 1, value_end = e;
    trim(r, &value_start, &value_end);
    if (is_string(r, value_start, value_end)) {
        entry.quoted = true;
        entry.value = slice(r, value_start + 1, value_end - 1);
        entry.value_span = span(r, value_start + 1, value_end - 1);
    } else if (is_enum_field(entry.key)) {
        if (!expect_identifier(r, value_start, value_end))
            return false;
        entry.value = slice(r, value_start, value_end);
        entry.value_span = span(r, value_start, value_end);
    } else {
        error(r, value_start, value_end == value_start ? e : value_end,
              arena_printf(r->arena, "expected quoted string (or unquoted enum for this field), found `%s`",
                           slice(r, value_start, value_end)));
        return false;
    }
    VEC_PUSH(r->arena, &block->entries, entry);
    return true;
}

/* block = header { assignment } close */
static bool parse_block(Reader *r, Manifest *manifest)
{
    ManifestBlock block = {0};
    if (!parse_header(r, &block))
        return false;
    uint32_t header_line = r->line_no;
    for (;;) {
        if (!next_line(r)) {
            error_at_line(r, header_line, block.kind_span.start, block.kind_span.end,
                          arena_printf(r->arena, "missing closing `}` for `%s` block", block.kind));
            return false;
        }
        if (r->start == r->end)
            continue;
        if (r->end - r->start == 1 && r->source->text[r->start] == '}')
            break;
        if (!parse_assignment(r, &block))
            return false;
    }
    VEC_PUSH(r->arena, &manifest->blocks, block);
    return true;
}

Manifest *manifest_parse(Arena *arena, const SourceMap *map, uint32_t file, ManifestKind kind, DiagList *diags)
{
    Reader r = {.arena = arena, .source = source_file(map, file), .file = file, .diags = diags, .kind = kind};
    Manifest *manifest = ARENA_NEW(arena, Manifest);
    manifest->file = file;
    while (next_line(&r)) {
        if (r.start == r.end)
            continue;
        if (!parse_block(&r, manifest))
            return NULL;
    }
    return manifest;
}

const ManifestEntry *manifest_entry(const ManifestBlock *block, const char *key)
{
    for (uint32_t i = block->entries.count; i-- > 0;)
        if (strcmp(block->entries.items[i].key, key) == 0)
            return &block->entries.items[i];
    return NULL;
}
