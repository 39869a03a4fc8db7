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

AstFile *parse_file(Arena *arena, Interner *interner, const SourceMap *map, uint32_t file, DiagList *diags);
#endif
