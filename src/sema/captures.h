/* sema/captures.h: lambda facts shared by the checker and lowering
 * (language.md §3.4.8, backends.md §0a item 1). A lambda body is checked as
 * its own SemaFunction (locals, ret); the variables of enclosing functions it
 * uses are its captures. A captured variable that is assigned anywhere lives
 * in a heap cell; any other capture is copied into the closure object. */
#ifndef BESKID_SEMA_CAPTURES_H
#define BESKID_SEMA_CAPTURES_H
#include "sema/sema_internal.h"

typedef struct SemaLambda {
    SemaFunction *fn;     /* the body: params, locals, ret; fn->lambda == this */
    SemaFunction *parent; /* the enclosing function or lambda body */
    SemaFunction *root;   /* the enclosing named function (for the symbol) */
    uint32_t index;       /* per program, in checking order (symbol suffix) */
    Type *type;           /* the lambda's function type */
    VEC(SemaLocal *) captures; /* outer variables, in first-use order */
    VEC(AstStmt *) returns;    /* `return` statements of the body (return-type inference) */
    bool infer_ret;            /* block body without an expected function type */
} SemaLambda;

/* True when 'local' must live in a shared heap cell. */
bool captures_needs_cell(const SemaLocal *local);
/* Index of 'local' in lambda->captures, or UINT32_MAX. */
uint32_t captures_index(const SemaLambda *lambda, const SemaLocal *local);
#endif
