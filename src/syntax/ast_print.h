/* syntax/ast_print.h: deterministic dump of the syntax tree (`beskid parse`). */
#ifndef BESKID_SYNTAX_AST_PRINT_H
#define BESKID_SYNTAX_AST_PRINT_H
#include <stdio.h>

#include "support/source.h"
#include "support/strbuf.h"
#include "syntax/ast.h"

void ast_print(FILE *out, const AstFile *file, const SourceMap *map);
/* A type or a path as written (`Map<string, i64>`, `i64(string) => bool`);
 * 'absent' stands for a type left out (a function's unit result). */
void ast_type_text(StrBuf *sb, const AstType *type, const char *absent);
void ast_path_text(StrBuf *sb, const AstPath *path, const char *absent);
#endif
