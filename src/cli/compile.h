/* cli/compile.h: the front half of every command — load, parse, check,
 * lower, verify — run once, on one path, before any backend is chosen
 * (backends.md N1, N2). A Compilation owns the arena that holds everything. */
#ifndef BESKID_CLI_COMPILE_H
#define BESKID_CLI_COMPILE_H
#include <stdbool.h>
#include <stdio.h>

#include "artifact/ir.h"
#include "cli/diag_output.h"
#include "sema/sema.h"
#include "support/arena.h"
#include "support/diag.h"
#include "support/intern.h"
#include "support/source.h"
#include "syntax/ast.h"

typedef enum CompileStage { COMPILE_PARSE, COMPILE_CHECK, COMPILE_LOWER } CompileStage;

typedef struct Compilation {
    Arena *arena;
    Interner *interner;
    SourceMap sources;
    DiagList diags;
    const char *path;
    uint32_t file;
    AstFile *ast;
    const SemaProgram *program;
    Artifact *artifact;
    bool verify_ir; /* --verify-ir: verify even in a release build */
    DiagOutput output; /* --color, --message-format */
} Compilation;

/* 'args' (may be NULL) gives how diagnostics are shown. */
void compilation_init(Compilation *c, const CliArgs *args);
void compilation_free(Compilation *c);
/* Runs the phases up to 'stage'; false when a phase reported errors (or the
 * file could not be read, reported as a one-line error). A path ending in
 * `.ir` is an artifact in text form: it is read (ir_parse) and verified
 * instead of going through the front end, for COMPILE_LOWER only. */
bool compilation_run(Compilation *c, const char *path, CompileStage stage);
/* Renders every diagnostic on stderr and the closing lines (warnings
 * emitted, `error: could not compile …`). */
void compilation_report(const Compilation *c);
/* Renders the diagnostics of a later phase (a backend's) the same way. */
void compilation_report_list(const Compilation *c, const DiagList *list);
#endif
