/* sema/program.h: the checked program — everything sema hands to lowering,
 * and the only sema header lowering includes (docs/architecture.md).
 *
 * The AST stays exactly as parsed. What checking learns lives here:
 *  - declarations: SemaFunction (functions, methods, lambda bodies),
 *    SemaTypeDef (struct and enum items), SemaLocal (parameters and locals);
 *  - types: Type, unique per structure (pointer equality is type equality);
 *  - per-node facts: a SemaFacts table keyed by AstId holds, for each
 *    expression, pattern, statement and parameter of a body, its type, the
 *    implicit conversion applied where it is used, what its name resolved to,
 *    and the facts of lambdas, `for` loops and field paths.
 *
 * A body is read together with one facts table (SemaFunction.facts).
 * Generics (language.md §3.8) are monomorphised: a generic declaration is a
 * SemaFunction or SemaTypeDef whose types mention its TYPE_GENERIC_PARAMs; it
 * is checked once with its parameters opaque, and never lowered. An instance
 * is a SemaFunction or SemaTypeDef for (declaration, type arguments): its
 * types are the declaration's with the arguments substituted, and a function
 * instance has a SemaFacts of its own covering the declaration's node range
 * [item->node_begin, item->node_end), filled by checking the body again under
 * the substitution. Lowering lowers each concrete instance with its table;
 * open instances (arguments that mention a parameter, met inside generic
 * bodies) are never lowered.
 * A contract conversion is one more SemaConversion kind on the converted
 * expression (SEMA_CONV_TO_CONTRACT: its type is the concrete type or the
 * embedding contract, 'converted' the contract).
 * Everything here lives in the compilation arena and is read-only once
 * sema_check returns. */
#ifndef BESKID_SEMA_PROGRAM_H
#define BESKID_SEMA_PROGRAM_H
#include <stdbool.h>
#include <stdint.h>

#include "support/arena.h"
#include "support/intern.h"
#include "support/source.h"
#include "support/vec.h"
#include "syntax/ast.h"

/* ---- modules --------------------------------------------------------------- */

/* A module (language.md §3.7): the root module of the program or of a mounted
 * library (`Std`, a dependency), an inline `mod m { … }`, or the module of a
 * file. Its path gives mangled symbols (backends.md §2.6) and its qualified
 * name (`a::b`) the names shown in debug info, panics and `--entrypoint`. */
typedef struct SemaModule SemaModule;
struct SemaModule {
    Symbol name;             /* NULL for the root project's root module */
    SemaModule *parent;      /* NULL for a root */
    const char *const *path; /* the segments from the root project's root ('depth' of them) */
    uint32_t depth;
    const char *qualified;   /* segments joined with `::`; "" for the root project's root */
    bool is_library;         /* in `Std` or a dependency: no warnings, never an implicit entrypoint */
    uint32_t index;          /* in SemaProgram.modules */
};

/* `a::b::name` of an item of 'module' ('name' alone in the root module). */
const char *sema_qualified_name(Arena *arena, const SemaModule *module, const char *name);

/* ---- types ----------------------------------------------------------------- */

typedef enum TypeKind {
    TYPE_ERROR, /* after a reported error; compatible with everything, never reported again */
    TYPE_BOOL,
    TYPE_U8,
    TYPE_I32,
    TYPE_I64,
    TYPE_F64,
    TYPE_CHAR,
    TYPE_STRING,
    TYPE_UNIT,
    TYPE_NEVER,
    TYPE_STRUCT,
    TYPE_ENUM,
    TYPE_CONTRACT,
    TYPE_FUNCTION,
    TYPE_ARRAY,
    TYPE_GENERIC_PARAM,
} TypeKind;

typedef struct SemaTypeDef SemaTypeDef;
typedef struct SemaContract SemaContract;

/* Names print as language.md §5.1 says: primitive name, item name,
 * `Name<A, B>`, `R(P1, P2)`, `never` (type_name in sema/types.h). */
typedef struct Type Type;
struct Type {
    TypeKind kind;
    Symbol name;         /* STRUCT, ENUM, CONTRACT, GENERIC_PARAM */
    const AstItem *item; /* STRUCT, ENUM, CONTRACT */
    SemaTypeDef *def;    /* STRUCT, ENUM: the definition (an instance's own) */
    SemaContract *contract; /* CONTRACT: the definition */
    Type *ret;           /* FUNCTION */
    Type **args;         /* FUNCTION parameters, generic arguments */
    uint32_t arg_count;
    Type *element;       /* ARRAY */
    bool is_open;        /* mentions a GENERIC_PARAM (itself, an argument, an element…) */
    uint32_t depth;      /* nesting of arguments, elements, parameters (0 for a leaf) */
    uint32_t size;       /* nodes of the type written out (0 stands for 1: a leaf); saturates */
};

/* ---- declarations ---------------------------------------------------------- */

/* Builtins of language.md §4.1 (sema/builtins.def). */
typedef enum SemaBuiltin {
#define BUILTIN(id, name, kind, signature, runtime) SEMA_BUILTIN_##id,
#include "sema/builtins.def"
#undef BUILTIN
} SemaBuiltin;

typedef struct SemaFunction SemaFunction;
typedef struct SemaLambda SemaLambda;

/* What a `test` item's `meta` and `skip` blocks say (language.md §3.6.8,
 * backends.md §6.4): only literals are understood. */
typedef struct SemaTest {
    const char **tags;       /* meta.tags split on commas, trimmed, empties dropped */
    uint32_t tag_count;
    const char *group;       /* meta.group, or NULL */
    bool skip;               /* skip.condition is the literal `true` */
    const char *skip_reason; /* skip.reason, or NULL */
} SemaTest;
typedef struct SemaFacts SemaFacts;

/* A parameter or local, numbered per function ('index', parameters first) so
 * lowering can map it to a slot. */
typedef struct SemaLocal {
    Symbol name;
    Type *type;
    bool is_mutable;
    bool is_param;
    bool is_for_var;     /* a `for` iterator */
    Span span;           /* the declared name */
    uint32_t index;      /* per function, 0..local_count-1 */
    SemaFunction *owner; /* the declaring function or lambda body */
    bool is_captured;    /* read or written by a nested lambda */
    bool is_assigned;    /* target of an assignment anywhere */
    /* Every resolution of the name (reads and assignments), and those that
     * cannot make a second reference to a string value: an assignment
     * statement's target, a part a join copies, an argument of a builtin
     * that keeps nothing (sema_string_appendable). */
    uint32_t uses, copied_uses;
} SemaLocal;

/* The type parameters in scope of a body or a signature: 'names' stand for
 * 'types' (the parameters themselves in a generic declaration, the type
 * arguments in an instance). */
typedef struct SemaGenericEnv {
    const Symbol *names;
    Type **types;
    uint32_t count;
} SemaGenericEnv;

struct SemaFunction {
    const AstItem *item;
    const AstFunction *ast; /* NULL for a lambda body; for a test, a parameterless
                               signature made by sema around the test's body (ret NULL) */
    Symbol name;
    Type *ret;
    Type **params;
    uint32_t param_count;
    VEC(SemaLocal *) locals; /* parameters first, in order */
    uint32_t index;          /* in SemaProgram.funcs and in the artifact; lambdas: unused */
    bool is_public;
    SemaLambda *lambda;      /* set when this is a lambda body */
    SemaTypeDef *receiver;   /* methods: params[0] and locals[0] are `this` */
    const SemaFacts *facts;  /* the facts of this body's nodes */
    SemaGenericEnv env;      /* type names in scope of the body */
    bool is_generic;         /* a generic declaration, or a method of a generic type declaration:
                                checked with its parameters opaque, never lowered */
    Type **type_params;      /* generic function declaration: its own parameters */
    uint32_t type_param_count;
    SemaFunction *origin;    /* an instance: the declaration it instantiates */
    const SemaModule *module; /* the module that owns the item (a method: its impl's) */
    bool is_open;            /* an instance whose types mention a generic parameter */
    VEC(SemaFunction *) instances; /* a generic function declaration's instances */
    SemaTest *test;          /* a `test` item (a `unit` procedure, never a value); else NULL */
    bool in_root;            /* declared in the root program, not in `Std` or a dependency
                                (backends.md §0a item 3: only those tests are run) */
};

/* A struct field or an enum payload field. An event field (language.md
 * §3.9) has the type `unit(P1, …)` of its handlers and is not a value: it is
 * a pointer-sized slot holding the EventState* of backends.md §2.4 (NULL until
 * the first subscription); `+=`/`-=` on it subscribe and unsubscribe, and a
 * call of it (SEMA_BIND_EVENT) calls every handler. */
typedef struct SemaField {
    Symbol name;
    Type *type;
    Span span;
    bool is_event;
    bool is_reassigned; /* some assignment writes it after its struct literal (else loads of it are final) */
    uint64_t event_capacity; /* event{N}: N; 0 when omitted (lowering: ABI_EVENT_DEFAULT_CAPACITY, 8) */
} SemaField;

typedef struct SemaVariant {
    Symbol name;
    Span span;
    SemaField *fields;
    uint32_t field_count;
} SemaVariant;

/* A `type` or `enum` item (language.md §3.6.2-§3.6.4); owns its unique Type. */
struct SemaTypeDef {
    const AstItem *item;
    Type *type; /* TYPE_STRUCT or TYPE_ENUM; an instance's has the type arguments */
    bool is_enum;
    bool is_generic;       /* a generic declaration: its members mention 'params' */
    Type **params;         /* generic declaration: TYPE_GENERIC_PARAMs, one per name */
    const Symbol *param_names;
    uint32_t param_count;
    SemaTypeDef *origin;   /* an instance: its generic declaration */
    const SemaModule *module; /* the module that owns the item */
    VEC(SemaTypeDef *) instances; /* a generic declaration's instances */
    bool members_ready;    /* fields, variants and methods are known */
    SemaField *fields;     /* struct */
    uint32_t field_count;
    SemaVariant *variants; /* enum */
    uint32_t variant_count;
    VEC(SemaFunction *) methods;
    VEC(SemaContract *) conformances; /* struct: the contracts of `type T : C1, C2`, as written */
    uint32_t index; /* in SemaProgram.typedefs (concrete types only) */
    /* enum: the program may observe its objects' identity (`===`, `==` on a
     * type parameter bound to it) or read an unfilled slot of its type (an
     * array of it): lowering then keeps one heap object per construction
     * instead of the null-pointer representation (lower/layout.c). */
    bool identity_observed;
};

/* One method of a contract, its own or one it embeds (language.md §3.6.5). */
typedef struct SemaContractMethod {
    Symbol name;
    Type *ret;
    Type **params; /* without `this` */
    uint32_t param_count;
    Span span;                 /* the method's name in its signature */
    const SemaContract *owner; /* the contract that declares it */
    /* Extern contracts (language.md §3.6.7): per parameter, true when it is
     * `ref u8` (params[i] is then u8): a pointer to bytes, given a `string`
     * or a `u8[]`. NULL when no parameter is. */
    const bool *byte_ref;
} SemaContractMethod;

/* A `contract` item. 'methods' is its method set in slot order: its own
 * methods, then those of the contracts it embeds (depth first, in the order
 * written, each name once, cycles ignored). 'embeds' is every contract it
 * embeds, transitively, without itself: a value of this contract converts to
 * any of them (§5b item 12). Lowering builds, per (SemaTypeDef, contract),
 * a vtable: the implementing methods in slot order, then one vtable address
 * per entry of 'embeds' (docs/decisions.md, "Contract values"). */
struct SemaContract {
    const AstItem *item;
    Type *type; /* TYPE_CONTRACT */
    VEC(SemaContractMethod *) methods;
    VEC(SemaContract *) embeds;
    const SemaModule *module; /* the module that owns the item */
    uint32_t index; /* in SemaProgram.contracts */
    /* `[Extern(Abi: "C", Library: "…")]` (language.md §3.6.7): its own
     * methods are foreign functions named by the method, called
     * `Contract.method(args)` (SEMA_BIND_EXTERN). */
    bool is_extern;
    const char *extern_library; /* as written; NULL when missing (T0902) */
};


/* A lambda (language.md §3.4.8, backends.md §0a item 1): its body is checked
 * as its own SemaFunction; the variables of enclosing functions it uses are
 * its captures. A captured variable that is assigned anywhere lives in a heap
 * cell (sema_needs_cell); any other capture is copied into the closure. */
struct SemaLambda {
    SemaFunction *fn;          /* the body: params, locals, ret; fn->lambda == this */
    SemaFunction *parent;      /* the enclosing function or lambda body */
    SemaFunction *root;        /* the enclosing named function (for the symbol) */
    uint32_t index;            /* per program, in checking order (symbol suffix) */
    Type *type;                /* the lambda's function type */
    VEC(SemaLocal *) captures; /* outer variables, in first-use order */
};

/* ---- per-node facts -------------------------------------------------------- */

typedef enum SemaBindingKind {
    SEMA_BIND_NONE, /* nothing resolved (an indirect call has no callee binding) */
    SEMA_BIND_LOCAL,
    SEMA_BIND_FUNCTION,
    SEMA_BIND_BUILTIN,
    SEMA_BIND_DISPATCH, /* a call through a contract value: `c.m(args)` */
    SEMA_BIND_EVENT, /* a call `recv.E(args)` of an event field: the callee's facts
                        (a member, or a path whose last step is E) name the field */
    SEMA_BIND_EXTERN, /* a foreign call `Contract.m(args)` of an extern contract: 'dispatch'
                         names the contract and the method's slot */
} SemaBindingKind;

/* What a name resolved to. */
typedef struct SemaBinding {
    SemaBindingKind kind;
    union {
        SemaBuiltin builtin;    /* BUILTIN */
        SemaLocal *local;       /* LOCAL */
        SemaFunction *function; /* FUNCTION (a method for method calls) */
        struct {
            const SemaContract *contract;
            uint32_t slot; /* in contract->methods */
        } dispatch;             /* DISPATCH, EXTERN */
    };
} SemaBinding;

/* The implicit conversion applied to an expression where it is used. */
typedef enum SemaConversionKind {
    SEMA_CONV_NONE,
    SEMA_CONV_NUMERIC, /* numeric widening or a lossy conversion (W1203) */
    SEMA_CONV_NEVER,   /* a diverging expression in a typed context: a placeholder value */
    SEMA_CONV_TO_CONTRACT, /* a struct value (type: a struct declaring conformance to
                              'converted') or a contract value (type: a contract that
                              embeds 'converted') becomes a new contract value */
} SemaConversionKind;

/* One field read of a path `a.b.c` whose head is a local. */
typedef struct SemaFieldStep {
    const SemaTypeDef *def; /* the struct read */
    uint32_t field;         /* index in def->fields */
} SemaFieldStep;

/* A multi-segment path (`a.b.c`, or `a.b.m` as a callee): the head is the
 * binding of the path node; 'steps' are the field reads after it. For a
 * method callee the last segment is the method, not a step.
 * Inside a method, a path whose first segment is a member of the implicit
 * `this` (language.md §5a item 7: `count`, `items.len`, `Push(x)`) has the
 * `this` local as its head and 'implicit_this' set: step i then reads
 * segment i (else segment i + 1), and a single-segment path has one. */
typedef struct SemaFieldPath {
    SemaFieldStep *steps;
    uint32_t count;
    bool implicit_this;
} SemaFieldPath;

/* A `for` statement. */
typedef struct SemaFor {
    bool is_range;             /* for x in range(start, end) */
    const AstExpr *start, *end;
    bool is_array;             /* for x in a, a of type T[] */
    SemaFunction *next;        /* for x in e, e with an impl method `Option Next()` */
    uint32_t some_variant;     /* index of `Some` in Next's enum */
} SemaFor;

typedef struct SemaNodeFacts {
    Type *type;                    /* expression: its type; pattern: the matched type */
    Type *converted;               /* expression: the type after 'conversion' */
    SemaConversionKind conversion; /* expression: applied where it is used */
    SemaBinding binding;           /* path, call (direct callee), member callee,
                                      let, for, parameter, binding pattern */
    union {
        SemaLambda *lambda;      /* AST_EXPR_LAMBDA */
        SemaFor *loop;           /* AST_STMT_FOR */
        SemaFieldPath *fields;   /* multi-segment AST_EXPR_PATH, or a member of the implicit `this` */
    };
} SemaNodeFacts;

/* The facts of the nodes with ids in [base, base + count). */
struct SemaFacts {
    AstId base;
    uint32_t count;
    SemaNodeFacts *nodes;
};

typedef struct SemaProgram {
    Arena *arena;
    Interner *interner;
    const SourceMap *map;
    VEC(SemaFunction *) funcs;   /* concrete functions, methods and instances, in artifact order */
    VEC(SemaTypeDef *) typedefs; /* concrete struct and enum types (instances included) */
    VEC(SemaContract *) contracts; /* contract items */
    VEC(SemaModule *) modules;     /* every module, roots first */
    SemaFacts facts;             /* every node of every non-generic body */
} SemaProgram;

/* The facts of node 'id' in 'facts' (every id of the covered range has some). */
static inline const SemaNodeFacts *sema_node(const SemaFacts *facts, AstId id)
{
    return &facts->nodes[id - facts->base];
}
/* The type of 'e' where it is used: after its implicit conversion. */
static inline Type *sema_type(const SemaFacts *facts, const AstExpr *e)
{
    const SemaNodeFacts *n = sema_node(facts, e->id);
    return n->conversion != SEMA_CONV_NONE ? n->converted : n->type;
}
/* The type of 'e' itself, before its implicit conversion. */
static inline Type *sema_own_type(const SemaFacts *facts, const AstExpr *e)
{
    return sema_node(facts, e->id)->type;
}

/* Index of the field 'name' of struct 'def', or -1. */
int sema_field_index(const SemaTypeDef *def, Symbol name);
/* Index of the variant 'name' of enum 'def', or -1. */
int sema_variant_index(const SemaTypeDef *def, Symbol name);
SemaFunction *sema_method(const SemaTypeDef *def, Symbol name);
/* The definition of a struct or enum type, or NULL for other types. */
static inline SemaTypeDef *sema_typedef_of(const Type *type)
{
    return type && (type->kind == TYPE_STRUCT || type->kind == TYPE_ENUM) ? type->def : NULL;
}
/* The definition of a contract type, or NULL for other types. */
static inline SemaContract *sema_contract_of(const Type *type)
{
    return type && type->kind == TYPE_CONTRACT ? type->contract : NULL;
}
/* Slot of the method 'name' in contract->methods, or -1. */
int sema_contract_slot(const SemaContract *contract, Symbol name);
/* Index of 'embedded' in contract->embeds, or -1. */
int sema_contract_embed_index(const SemaContract *contract, const SemaContract *embedded);
/* True when 'local' must live in a shared heap cell. */
bool sema_needs_cell(const SemaLocal *local);
/* A mutable string local whose value never gets a second reference (every
 * use is a copied use, no lambda sees it): `s = s + …` and `s += …` may grow
 * its string in place (lower_string.c). */
bool sema_string_appendable(const SemaLocal *local);
/* Index of 'local' in lambda->captures, or UINT32_MAX. */
uint32_t sema_capture_index(const SemaLambda *lambda, const SemaLocal *local);
#endif
