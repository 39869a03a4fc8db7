/* syntax/fmt.h: the formatter behind `beskid format` (and the language
 * server's textDocument/formatting). One canonical layout, written down in
 * docs/format.md: the tokens of the file are kept exactly, only the space
 * between them changes (indentation, spacing, blank lines, brace placement),
 * so every comment, doc comment and blank-line group survives. It reuses the
 * lexer (with its comment trivia, syntax/lexer.h) and the parser: an input
 * that does not parse is refused with the parser's diagnostic. */
#ifndef BESKID_SYNTAX_FMT_H
#define BESKID_SYNTAX_FMT_H
#include <stdbool.h>
#include <stdint.h>

#include "support/arena.h"
#include "support/diag.h"
#include "support/intern.h"
#include "support/source.h"

/* A line comment that is exactly this (spaces around it allowed), on a line
 * of its own anywhere in a file, turns formatting off for the whole file: it
 * is returned unchanged and not even parsed (docs/format.md). */
#define FMT_OFF_DIRECTIVE "// beskid-format: off"

typedef struct FmtResult {
    const char *text; /* the formatted file, NUL-terminated, in the arena */
    uint32_t len;
    bool changed;     /* 'text' differs from the input */
    bool disabled;    /* the file holds FMT_OFF_DIRECTIVE: 'text' is the input */
} FmtResult;

/* Formats file 'file' of 'map'. False after adding one error to 'diags' and
 * leaving '*out' zeroed: the parse error of an input that does not parse, or
 * E0601 when the result would not parse to the same syntax tree or would not
 * format to itself (checked on every call; a formatter bug, never expected). */
bool fmt_file(Arena *arena, Interner *interner, const SourceMap *map, uint32_t file, DiagList *diags,
              FmtResult *out);
#endif
