/* doc/doc_model.h: what `beskid doc` documents (backends.md §6.3), read from
 * the parsed and checked program: the modules of one library (the root
 * project or a mount such as `Std`) and their items, each with its doc run
 * (as the parser recorded it), its signature written out from the syntax
 * tree, its parameters, return type, generic parameters, parent and members.
 * Writers (doc/doc_write.h) turn it into api.json, index.md and HTML. Every
 * string lives in the arena. */
#ifndef BESKID_DOC_DOC_MODEL_H
#define BESKID_DOC_DOC_MODEL_H
#include <stdbool.h>
#include <stdint.h>

#include "support/arena.h"
#include "support/hashindex.h"
#include "support/source.h"
#include "syntax/loader.h"

#define DOC_NONE UINT32_MAX

typedef struct DocParam {
    const char *name;
    const char *type;     /* as written, `ref`/`out` included */
    const char *modifier; /* "ref", "out" or NULL */
} DocParam;

typedef struct DocItem {
    const char *id;        /* `{kind}:{qualifiedName}`, unique in the set */
    const char *qualified; /* `a::b::Name`; a member `a::b::Type::member`; a module `a::b` ("" for the root) */
    const char *name;
    const char *kind; /* module function type enum contract attribute field event method variant embed */
    bool is_public;
    const char *file;
    uint32_t start_line, start_col, end_line, end_col;
    const char *doc;              /* the doc run, "" when none */
    const char **controls;        /* the attributes written on it, `Name(Arg: value)` */
    uint32_t control_count;
    const char *signature;        /* one line, as it would be written (no body) */
    DocParam *params;
    uint32_t param_count;
    bool has_params;              /* functions, methods, events, variants with `(…)` */
    const char *return_type;      /* NULL: none */
    const char **generics;
    uint32_t generic_count;
    uint32_t parent;              /* index of the module or type it belongs to, or DOC_NONE */
    uint32_t *members;            /* indexes of its items (module) or members (type) */
    uint32_t member_count;
    uint32_t module;              /* the index of its module (itself for a module) */
} DocItem;

typedef struct DocSet {
    const char *source; /* what was documented: the entry file or `Std` */
    DocItem *items;     /* modules in load order, each followed by its items */
    uint32_t count;
    HashIndex types;    /* types, enums and contracts by (module, name) and by name (doc_find_type) */
} DocSet;

/* Collects the items of the files of 'loaded' that belong to 'mount'
 * (LOAD_ROOT_PROJECT: the root project). Tests and `use`/`mod` declarations
 * are no API and are left out. */
DocSet doc_collect(Arena *arena, const SourceMap *map, const LoadedProgram *loaded, uint32_t mount,
                   const char *source);
/* The index of the type, enum or contract named 'name' as seen from module
 * 'from' (its own module first, then any), or DOC_NONE: for cross-links. */
uint32_t doc_find_type(const DocSet *set, const char *name, uint32_t from);
#endif
