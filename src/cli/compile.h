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

/* A library mounted as a root module of the program (backends.md §1 [FIX],
 * §7.5; language.md §4.2): the standard library as `Std`, each dependency
 * project under its label. Its module `a.b` is the file found for `mod a.b;`
 * under 'source_root' (language.md §3.7, §5a item 8). */
typedef struct CompileMount {
    const char *name;        /* the root module's name: `Std`, a dependency label */
    const char *source_root; /* the directory its module files are relative to (as shown in diagnostics) */
    const char *entry;       /* its entry file relative to 'source_root' (`Prelude.bd`, a Lib target's entry) */
    bool is_dependency;      /* no warnings from its sources, its tests are not run (§5b item 11) */
    /* Non-NULL: the files are in memory (the embedded standard library);
     * returns the text of 'relative_path' (relative to 'source_root') and
     * its length, or NULL when there is no such file. */
    const char *(*read_embedded)(const char *relative_path, size_t *len);
} CompileMount;

/* What a command compiles: one file (its directory is the source root) or a
 * project's target entry with its dependencies (cli/resolve_input.h). */
typedef struct CompileInput {
    const char *path;        /* the entry file, as the user should see it */
    const char *source_root; /* NULL: the directory of 'path' */
    const CompileMount *mounts; /* dependency-first order (§7.5) */
    uint32_t mount_count;
    const char *text; /* non-NULL: the entry's text, in memory ('path' is its name; `doc --std`) */
    size_t text_len;
} CompileInput;

typedef struct Compilation {
    Arena *arena; /* everything that outlives the front end: sources, names, diagnostics, the artifact */
    Arena *front; /* the syntax trees and the checked program (compilation_drop_front) */
    Arena *lowered; /* the artifact lowering makes (compilation_drop_artifact) */
    Interner *interner;
    SourceMap sources;
    DiagList diags;
    const char *path;
    uint32_t file;
    AstFile *ast;
    LoadedProgram loaded; /* every file parsed, with its module (`doc` reads them) */
    const SemaProgram *program;
    Artifact *artifact;
    bool std_compiled; /* a file of the `Std` mount was loaded (backends.md §4.7 [FIX]) */
    bool verify_ir; /* --verify-ir: verify even in a release build */
    DiagOutput output; /* --color, --message-format */
    /* The language server's: open documents over the disk, parse error
     * recovery (syntax/loader.h); NULL for every other command. */
    const LoadOptions *load_options;
    bool parse_failed;    /* with load_options->recover: a file did not parse */
} Compilation;

/* 'args' (may be NULL) gives how diagnostics are shown. */
void compilation_init(Compilation *c, const CliArgs *args);
void compilation_free(Compilation *c);
/* Frees the syntax trees and the checked program once the artifact is made
 * (`run` and `build`, before LLVM): a large program's peak memory is then
 * the artifact and LLVM's, not the front end's too. */
void compilation_drop_front(Compilation *c);
/* Frees the artifact lowering made (`run`, once LLVM has its module). */
void compilation_drop_artifact(Compilation *c);
/* Runs the phases up to 'stage'; false when a phase reported errors (or the
 * file could not be read, reported as a one-line error). A path ending in
 * `.ir` is an artifact in text form: it is read (ir_parse) and verified
 * instead of going through the front end, for COMPILE_LOWER only. */
bool compilation_run(Compilation *c, const char *path, CompileStage stage);
/* compilation_run for a program of several files and mounted libraries. */
bool compilation_run_input(Compilation *c, const CompileInput *input, CompileStage stage);
/* Renders every diagnostic on stderr and the closing lines (warnings
 * emitted, `error: could not compile …`). */
void compilation_report(const Compilation *c);
/* Renders the diagnostics of a later phase (a backend's) the same way. */
void compilation_report_list(const Compilation *c, const DiagList *list);
#endif
