/* lower/lower.h: the only producer of the artifact (spec/backends.md §1, N1).
 * `run`, `build`, `test` and `ir` all call lower_program on a checked
 * program; backend options never reach it (N3). */
#ifndef BESKID_LOWER_LOWER_H
#define BESKID_LOWER_LOWER_H
#include "artifact/ir.h"
#include "sema/program.h"
#include "support/diag.h"

/* Returns the artifact, or NULL after reporting E20xx diagnostics. */
Artifact *lower_program(Arena *arena, const SemaProgram *program, DiagList *diags);
#endif
