/* syntax/parser.h: source text -> AstFile, for the whole grammar of
 * spec/language.md §1-2 and §5a. Parsing stops at the first error
 * (language.md §5.3): one `parse` diagnostic is reported and NULL returned. */
#ifndef BESKID_SYNTAX_PARSER_H
#define BESKID_SYNTAX_PARSER_H
#include "support/arena.h"
#include "support/diag.h"
#include "support/intern.h"
#include "support/source.h"
#include "syntax/ast.h"

/* Numbers the file's nodes from 'first_id' on (AstFile.node_end is the next
 * free id), so that several files of one compilation never share an id. */
AstFile *parse_file(Arena *arena, Interner *interner, const SourceMap *map, uint32_t file, AstId first_id,
                    DiagList *diags);
/* For an editor (syntax/loader.h LoadOptions.recover): parse_file, and
 * after a parse error, the text of the item that failed (from the last line
 * starting in column 0 before the error, with the doc comments and
 * attributes above it, to the next such line after it, not a closing brace)
 * is blanked in the map's copy of the file (newlines kept,
 * so offsets and lines stay) and the file parsed again, until it parses.
 * Every error met is reported; never returns NULL. */
AstFile *parse_file_recovering(Arena *arena, Interner *interner, SourceMap *map, uint32_t file, AstId first_id,
                               DiagList *diags);
#endif
