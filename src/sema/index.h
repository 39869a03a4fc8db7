/* sema/index.h: where each name of a checked program is declared and used,
 * for an editor (the language server, cli/lsp/). Built after checking from
 * the AST and the facts tables (sema/program.h), beside them: lowering never
 * reads it. Every symbol is known by the span of its declared name, so a
 * local, a field or a function is one symbol however many instances use it.
 * Nodes that were not checked (after errors, generic bodies without an
 * instance) simply have no references. */
#ifndef BESKID_SEMA_INDEX_H
#define BESKID_SEMA_INDEX_H
#include <stdbool.h>
#include <stdint.h>

#include "sema/program.h"
#include "support/arena.h"
#include "support/hashindex.h"
#include "support/source.h"
#include "support/vec.h"
#include "syntax/loader.h"

typedef enum SemaSymbolKind {
    SEMA_SYM_FUNCTION,
    SEMA_SYM_METHOD,
    SEMA_SYM_STRUCT,
    SEMA_SYM_ENUM,
    SEMA_SYM_CONTRACT,
    SEMA_SYM_VARIANT,
    SEMA_SYM_FIELD,
    SEMA_SYM_CONTRACT_METHOD,
    SEMA_SYM_LOCAL,
    SEMA_SYM_PARAM,
    SEMA_SYM_MODULE,
    SEMA_SYM_TEST,
    SEMA_SYM_ATTRIBUTE,
} SemaSymbolKind;

#define SEMA_NO_SYMBOL UINT32_MAX

typedef struct SemaSymbol {
    SemaSymbolKind kind;
    const char *name;
    Span name_span;      /* the declared name: the symbol's identity */
    Span span;           /* the whole declaration */
    const char *doc;     /* its doc comment, or NULL */
    const char *detail;  /* the signature as written (functions, methods), or `T name` */
    const Type *type;    /* locals, parameters, fields: their type; functions: the return type; NULL if unknown */
    const char **params; /* functions and methods: each parameter as written (`i64 x`), without `this` */
    uint32_t param_count;
    uint32_t container;  /* the enclosing symbol (a type's field, an enum's variant), or SEMA_NO_SYMBOL */
    Span scope;          /* locals and parameters: the body of the declaring function */
    bool is_library;     /* declared in `Std` or a dependency */
} SemaSymbol;

/* One occurrence of a name: its span and the symbol it names. */
typedef struct SemaRef {
    Span span;
    uint32_t symbol;
    bool is_definition;
} SemaRef;

typedef struct SemaIndex {
    VEC(SemaSymbol) symbols;
    VEC(SemaRef) refs; /* sorted by file, then start */
    HashIndex by_span;  /* name_span -> symbol index + 1 */
    Arena *arena;
} SemaIndex;

/* Indexes every file of 'loaded'; 'program' may have been checked with
 * errors (sema_check_program_partial). */
SemaIndex *sema_index_build(Arena *arena, const SemaProgram *program, const LoadedProgram *loaded);
/* The reference at byte 'offset' of 'file' (an offset just past a name
 * counts), or NULL. */
const SemaRef *sema_index_ref_at(const SemaIndex *index, uint32_t file, uint32_t offset);
/* The symbol declared at 'name_span', or SEMA_NO_SYMBOL. */
uint32_t sema_index_symbol_at(const SemaIndex *index, Span name_span);
/* The struct or enum symbol declaring 'type' (an instance's declaration), or SEMA_NO_SYMBOL. */
uint32_t sema_index_type_symbol(const SemaIndex *index, const Type *type);
#endif
