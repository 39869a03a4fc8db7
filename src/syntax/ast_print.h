/* syntax/ast_print.h: deterministic dump of the syntax tree (`beskid parse`). */
#ifndef BESKID_SYNTAX_AST_PRINT_H
#define BESKID_SYNTAX_AST_PRINT_H
#include <stdio.h>

#include "support/source.h"
#include "syntax/ast.h"

void ast_print(FILE *out, const AstFile *file, const SourceMap *map);
#endif
