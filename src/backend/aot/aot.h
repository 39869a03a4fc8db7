/* backend/aot/aot.h: `beskid build` — object emission for a real target
 * triple, runtime preparation, link (cc) or archive (ar) (backends.md §4).
 * Every validation happens before any file is written; outputs go to a
 * temporary name and are renamed on success. */
#ifndef BESKID_BACKEND_AOT_AOT_H
#define BESKID_BACKEND_AOT_AOT_H
#include <stdbool.h>
#include <stdio.h>

#include "artifact/ir.h"
#include "support/diag.h"

typedef enum AotKind { AOT_KIND_EXE, AOT_KIND_SHARED, AOT_KIND_STATIC, AOT_KIND_OBJECT } AotKind;

typedef struct AotOptions {
    const char *source_path;   /* the compiled file (default output directory and stem) */
    const char *default_dir;   /* non-NULL: the default output directory instead of the source's */
    const char *default_stem;  /* non-NULL: the default output stem instead of the source's */
    AotKind kind;
    const char *output;        /* NULL: derived (§4.2) */
    const char *object_output; /* NULL: derived */
    bool release;              /* optimise (-O2 pipeline) */
    bool debug_info;           /* DWARF for the sources (issue 12) */
    const char *entrypoint;    /* default "main" */
    bool plain;
    const char *target_triple; /* NULL: host */
    const char *runtime_archive;
    const char *runtime_abi_version;
    bool standalone;
    bool prefer_static;
    bool prefer_dynamic;
    bool verbose_link;
    const char **exports;
    unsigned export_count;
    const char *emit_header; /* --emit-header PATH: the C header of a library; NULL: none */
    const char *runtime_dir; /* directory holding libbeskid_rt.a (found by the CLI) */
    FILE *verbose_out;       /* --verbose-link lines (`[aot] link command: …`); the CLI passes stderr */
} AotOptions;

/* Builds; prints the §4.7 lines on 'out'. False after reporting diagnostics. */
bool aot_build(const Artifact *a, const AotOptions *options, DiagList *diags, FILE *out);
#endif
