/* sema/sema.h: names, types and checks of a parsed program
 * (spec/language.md §3, §5). On success every expression of the AST has its
 * 'type', every name its binding, and implicit conversions are explicit
 * AST_EXPR_CONVERT nodes; lowering relies on exactly that. */
#ifndef BESKID_SEMA_SEMA_H
#define BESKID_SEMA_SEMA_H
#include <stdbool.h>

#include "support/arena.h"
#include "support/diag.h"
#include "support/intern.h"
#include "support/source.h"
#include "syntax/ast.h"

typedef struct SemaProgram SemaProgram; /* the checked program (sema/sema_internal.h) */

/* Checks 'files' (the root file first). Reports errors and warnings to
 * 'diags'. Returns the checked program, or NULL when any error was reported. */
SemaProgram *sema_check(Arena *arena, Interner *interner, const SourceMap *map, AstFile **files, uint32_t file_count,
                        DiagList *diags);
#endif
