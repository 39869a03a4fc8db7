/* sema/sema.h: names, types and checks of a parsed program
 * (spec/language.md §3, §5). The AST is only read; what checking learns is
 * the checked program of sema/program.h. */
#ifndef BESKID_SEMA_SEMA_H
#define BESKID_SEMA_SEMA_H
#include "sema/program.h"
#include "support/arena.h"
#include "support/diag.h"
#include "support/intern.h"
#include "support/source.h"
#include "syntax/ast.h"
#include "syntax/loader.h"

/* Checks 'files' (the root file first). Reports errors and warnings to
 * 'diags'. Returns the checked program, or NULL when any error was reported. */
const SemaProgram *sema_check(Arena *arena, Interner *interner, const SourceMap *map, const AstFile *const *files,
                              uint32_t file_count, DiagList *diags);
/* Checks the files of a loaded program (syntax/loader.h): its module tree,
 * imports and items (language.md §3.7). */
const SemaProgram *sema_check_program(Arena *arena, Interner *interner, const SourceMap *map,
                                      const LoadedProgram *loaded, DiagList *diags);
/* sema_check_program for an editor (cli/lsp/): the checked program even
 * after errors, with what was learnt (facts of nodes not checked stay
 * empty: no type, no binding). Never to be lowered. */
const SemaProgram *sema_check_program_partial(Arena *arena, Interner *interner, const SourceMap *map,
                                              const LoadedProgram *loaded, DiagList *diags);
#endif
