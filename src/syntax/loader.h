/* syntax/loader.h: the files of a program (language.md §3.7, §5a item 8,
 * backends.md §1 [FIX]): the entry file, every file reached through a
 * submodule declaration `pub mod a.b;`, and the modules of mounted libraries
 * (`Std`, dependencies) that the program names, loaded lazily. Each file is
 * parsed once, with AST ids dense across all of them. The loader only finds
 * and parses files; what a module means is sema's (sema/module.c). */
#ifndef BESKID_SYNTAX_LOADER_H
#define BESKID_SYNTAX_LOADER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "support/arena.h"
#include "support/diag.h"
#include "support/intern.h"
#include "support/source.h"
#include "syntax/ast.h"

/* A library mounted as a root module (cli/compile.h CompileMount). */
typedef struct LoadMount {
    const char *name;
    const char *source_root;
    const char *entry; /* relative to 'source_root'; NULL: none */
    bool is_dependency;
    const char *(*read_embedded)(const char *relative_path, size_t *len);
} LoadMount;

#define LOAD_ROOT_PROJECT UINT32_MAX

/* One loaded file and the module it was loaded as. */
typedef struct LoadedFile {
    AstFile *ast;
    const Symbol *module;  /* the module path; for a mount, its name is the first segment */
    uint32_t module_depth; /* 0: the root project's root module */
    uint32_t mount;        /* index in the mounts, or LOAD_ROOT_PROJECT */
    const char *relative;  /* the file's path relative to its source root, or NULL when outside it */
    const AstItem *declared_by; /* the `mod a.b;` that loaded it; NULL for an entry file */
} LoadedFile;

typedef struct LoadedProgram {
    LoadedFile *files; /* the entry file first */
    uint32_t count;
    const LoadMount *mounts;
    uint32_t mount_count;
    /* E1502 for each submodule whose file is missing: reported by sema in
     * its stage (language.md §5.1, stage 5), with the declarations in 'missing'. */
    DiagList not_found;
    const AstItem **missing;
    uint32_t missing_count;
} LoadedProgram;

/* Parses the entry file 'entry' (already in 'map') and every file it reaches.
 * 'source_root' NULL: the entry's directory. Reports parse errors (and
 * unreadable files) to 'diags', false when any was reported; E1502 goes to
 * out->not_found. */
bool load_program(Arena *arena, Interner *interner, SourceMap *map, uint32_t entry, const char *source_root,
                  const LoadMount *mounts, uint32_t mount_count, DiagList *diags, LoadedProgram *out);

/* Options of an editor session (the language server, cli/lsp/): open
 * documents override the files on disk, and a file that does not parse is
 * parsed again without the items that failed (parse_file_recovering), so the
 * items that did parse are still loaded. Every parse error is reported. */
typedef struct LoadOptions {
    /* Non-NULL: the text of the file at 'path' (as the loader names it:
     * source root joined with the relative path), or NULL to read the disk. */
    const char *(*read_overlay)(void *ctx, const char *path, size_t *len);
    void *ctx;
    bool recover;
} LoadOptions;

/* load_program with 'options' (NULL: as load_program). */
bool load_program_with(Arena *arena, Interner *interner, SourceMap *map, uint32_t entry, const char *source_root,
                       const LoadMount *mounts, uint32_t mount_count, const LoadOptions *options, DiagList *diags,
                       LoadedProgram *out);

/* True for the first private, attribute-less `mod a.b;` of a file: it names the
 * file's module instead of declaring a submodule (language.md §3.7). */
bool load_is_file_module_decl(const AstItem *item);
#endif
