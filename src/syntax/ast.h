/* syntax/ast.h: the syntax tree of one source file, for the whole grammar of
 * spec/language.md §1-2 (+ §5a). Every node carries a Span. Nodes live in the
 * compilation arena and are immutable once parse_file returns: the tree holds
 * only what was written. What the checker learns (types, bindings,
 * conversions) lives in sema's side tables keyed by AstId (sema/program.h).
 * Expressions, patterns, statements and parameters carry an AstId, numbered
 * densely in parse order across the compilation, so a declaration's nodes
 * form the range [node_begin, node_end) of its item. */
#ifndef BESKID_SYNTAX_AST_H
#define BESKID_SYNTAX_AST_H
#include <stdbool.h>
#include <stdint.h>

#include "support/intern.h"
#include "support/source.h"

/* A node's number: the key of every side table about it (sema/program.h). */
typedef uint32_t AstId;

typedef struct AstType AstType;
typedef struct AstExpr AstExpr;
typedef struct AstStmt AstStmt;
typedef struct AstBlock AstBlock;
typedef struct AstPattern AstPattern;
typedef struct AstItem AstItem;

typedef struct AstIdent {
    Symbol name;
    Span span;
} AstIdent;

/* ---- paths and types ---------------------------------------------------- */

typedef struct AstPathSegment {
    Symbol name;
    Span span;
    bool has_generic_args;
    AstType **generic_args;
    uint32_t generic_count;
} AstPathSegment;

typedef struct AstPath { /* a.b<T>.c */
    AstPathSegment *segments;
    uint32_t count;
    Span span;
} AstPath;

typedef enum AstPrimitive {
    AST_PRIM_BOOL,
    AST_PRIM_I32,
    AST_PRIM_I64,
    AST_PRIM_U8,
    AST_PRIM_F64,
    AST_PRIM_CHAR,
    AST_PRIM_STRING,
    AST_PRIM_UNIT,
} AstPrimitive;

typedef enum AstTypeKind {
    AST_TYPE_PRIMITIVE, /* bool i32 … unit */
    AST_TYPE_PATH,      /* Name, a.b.Name<T> */
    AST_TYPE_ARRAY,     /* T[] */
    AST_TYPE_REF,       /* ref T */
    AST_TYPE_FUNCTION,  /* R(P, …) or (P, …) => R */
} AstTypeKind;

struct AstType {
    AstTypeKind kind;
    Span span;
    union {
        AstPrimitive primitive;
        AstPath path;
        AstType *element; /* ARRAY, REF */
        struct {
            AstType *ret;
            AstType **params;
            uint32_t param_count;
            bool is_arrow; /* written (P) => R */
        } function;
    };
};

/* ---- expressions ---------------------------------------------------------- */

typedef enum AstUnaryOp { AST_UNARY_NEG, AST_UNARY_NOT } AstUnaryOp;

typedef enum AstBinaryOp {
    AST_BINARY_ADD,
    AST_BINARY_SUB,
    AST_BINARY_MUL,
    AST_BINARY_DIV,
    AST_BINARY_REM,
    AST_BINARY_EQ,      /* == */
    AST_BINARY_NE,      /* != */
    AST_BINARY_SAME,    /* === */
    AST_BINARY_NOTSAME, /* !== */
    AST_BINARY_LT,
    AST_BINARY_LE,
    AST_BINARY_GT,
    AST_BINARY_GE,
    AST_BINARY_AND, /* && */
    AST_BINARY_OR,  /* || */
} AstBinaryOp;

typedef enum AstAssignOp {
    AST_ASSIGN,     /* = */
    AST_ASSIGN_ADD, /* += */
    AST_ASSIGN_SUB, /* -= */
    AST_ASSIGN_MUL, /* *= */
    AST_ASSIGN_DIV, /* /= */
    AST_ASSIGN_REM, /* %= */
} AstAssignOp;

typedef enum AstExprKind {
    AST_EXPR_INT,           /* 42 (magnitude; unary minus is a separate node) */
    AST_EXPR_FLOAT,         /* 2.5 */
    AST_EXPR_BOOL,          /* true false */
    AST_EXPR_CHAR,          /* 'a' */
    AST_EXPR_STRING,        /* "text" without interpolation, escapes decoded */
    AST_EXPR_INTERPOLATION, /* "a${x}b": parts are STRING literals and expressions */
    AST_EXPR_PATH,          /* x, a.b.c, f<i64>, Type.Method */
    AST_EXPR_UNARY,
    AST_EXPR_BINARY,
    AST_EXPR_ASSIGN,
    AST_EXPR_CALL,
    AST_EXPR_MEMBER, /* expr.name after a non-path primary */
    AST_EXPR_INDEX,  /* expr[index] */
    AST_EXPR_TRY,    /* expr? */
    AST_EXPR_CAST,   /* expr as T */
    AST_EXPR_BLOCK,  /* { stmts } in expression position */
    AST_EXPR_ENUM_CTOR,
    AST_EXPR_STRUCT_LIT,
    AST_EXPR_ARRAY_LIT,
    AST_EXPR_LAMBDA,
    AST_EXPR_MATCH,
} AstExprKind;

typedef struct AstFieldInit {
    AstIdent name;
    AstExpr *value;
} AstFieldInit;

typedef struct AstLambdaParam {
    AstId id;
    AstType *type; /* NULL when omitted */
    AstIdent name;
} AstLambdaParam;

typedef struct AstMatchArm {
    AstPattern *pattern;
    AstExpr *guard; /* NULL when absent */
    AstExpr *value;
    Span span;
} AstMatchArm;

struct AstExpr {
    AstExprKind kind;
    AstId id;
    Span span;
    union {
        struct {
            uint64_t value;    /* magnitude as written; may exceed INT64_MAX */
            bool overflowed;   /* the digits do not fit in 64 bits */
        } int_lit;
        double float_lit;
        bool bool_lit;
        uint32_t char_lit; /* Unicode scalar */
        struct {
            const char *bytes; /* decoded, UTF-8, NUL-terminated for convenience */
            uint32_t len;
        } string_lit;
        struct {
            AstExpr **parts;
            uint32_t count;
        } interpolation;
        struct {
            AstPath path;
        } path;
        struct {
            AstUnaryOp op;
            AstExpr *operand;
        } unary;
        struct {
            AstBinaryOp op;
            AstExpr *lhs;
            AstExpr *rhs;
            Span op_span;
        } binary;
        struct {
            AstAssignOp op;
            AstExpr *target;
            AstExpr *value;
            Span op_span;
        } assign;
        struct {
            AstExpr *callee;
            AstExpr **args;
            uint32_t arg_count;
        } call;
        struct {
            AstExpr *object;
            AstIdent name;
        } member;
        struct {
            AstExpr *object;
            AstExpr *index;
        } index;
        struct {
            AstExpr *operand;
        } try_;
        struct {
            AstExpr *operand;
            AstType *target;
        } cast;
        AstBlock *block;
        struct {
            AstIdent *modules;     /* `a.b.E::V(…)`: the module segments before the enum (language.md §3.7) */
            uint32_t module_count; /* 0 for `E::V(…)` */
            AstIdent enum_name;
            AstIdent variant;
            AstExpr **args;
            uint32_t arg_count;
        } enum_ctor;
        struct {
            AstPath type_path;
            AstFieldInit *fields;
            uint32_t field_count;
        } struct_lit;
        struct {
            AstExpr **elements;
            uint32_t count;
        } array_lit;
        struct {
            AstLambdaParam *params;
            uint32_t param_count;
            bool has_parens;  /* (x) => … versus x => … */
            AstExpr *body;    /* expression body, or an AST_EXPR_BLOCK */
        } lambda;
        struct {
            AstExpr *scrutinee;
            AstMatchArm *arms;
            uint32_t arm_count;
        } match;
    };
};

/* ---- patterns ----------------------------------------------------------- */

typedef enum AstPatternKind {
    AST_PAT_WILDCARD, /* _ */
    AST_PAT_BINDING,  /* x, _x */
    AST_PAT_LITERAL,  /* 1, -1, 2.5, true, 'a', "s" */
    AST_PAT_ENUM,     /* E::V, E::V(), E::V(p, …) */
} AstPatternKind;

struct AstPattern {
    AstPatternKind kind;
    AstId id;
    Span span;
    union {
        struct {
            AstIdent name;
        } binding;
        AstExpr *literal; /* literal expression, negative numbers as INT/FLOAT under UNARY NEG */
        struct {
            AstIdent *modules;     /* `a.b.E::V`: the module segments before the enum (language.md §3.7) */
            uint32_t module_count; /* 0 for `E::V` */
            AstIdent enum_name;
            AstIdent variant;
            bool has_parens;
            AstPattern **subpatterns;
            uint32_t sub_count;
        } enum_pat;
    };
};

/* ---- statements ----------------------------------------------------------- */

typedef enum AstStmtKind {
    AST_STMT_LET,      /* T x = e;  T mut x = e;  mut T x = e;  let x = e; */
    AST_STMT_RETURN,
    AST_STMT_BREAK,
    AST_STMT_CONTINUE,
    AST_STMT_WHILE,
    AST_STMT_FOR,
    AST_STMT_IF,
    AST_STMT_EXPR,     /* e;  (also a statement-position match without ';') */
} AstStmtKind;

struct AstBlock {
    AstStmt **stmts;
    uint32_t count;
    Span span; /* from '{' to '}' inclusive */
};

struct AstStmt {
    AstStmtKind kind;
    AstId id;
    Span span;
    const char *doc; /* doc run before a test-body statement, else NULL */
    union {
        struct {
            AstType *type;     /* NULL for `let` */
            bool is_mutable;
            bool mut_first;    /* written `mut T x` */
            AstIdent name;
            AstExpr *init;
        } let;
        struct {
            AstExpr *value; /* NULL for `return;` */
        } return_;
        struct {
            AstExpr *cond;
            AstBlock *body;
        } while_;
        struct {
            AstIdent var;
            AstExpr *iterable;
            AstBlock *body;
        } for_;
        struct {
            AstExpr *cond;
            AstBlock *then_block;
            AstBlock *else_block; /* `else { … }`, or NULL */
            AstStmt *else_if;     /* `else if …` (an AST_STMT_IF), or NULL */
        } if_;
        struct {
            AstExpr *expr;
            bool has_semicolon;
        } expr;
    };
};

/* ---- items ---------------------------------------------------------------- */

typedef enum AstVisibility { AST_PRIVATE, AST_PUBLIC } AstVisibility;
typedef enum AstParamModifier { AST_PARAM_PLAIN, AST_PARAM_REF, AST_PARAM_OUT } AstParamModifier;

typedef struct AstAttrArg {
    AstIdent name;
    AstExpr *value;
} AstAttrArg;

typedef struct AstAttribute { /* [Name(arg: value, …)] */
    AstIdent name;
    bool has_parens;
    AstAttrArg *args;
    uint32_t arg_count;
    Span span;
} AstAttribute;

typedef struct AstAttributes {
    AstAttribute *items;
    uint32_t count;
} AstAttributes;

typedef struct AstParam {
    AstId id;
    const char *doc;
    AstParamModifier modifier;
    AstType *type;
    AstIdent name;
    Span span;
} AstParam;

typedef struct AstGenericParams {
    AstIdent *names;
    uint32_t count;
    bool present; /* `<…>` was written */
} AstGenericParams;

typedef struct AstFunction { /* a function item or an impl method */
    AstType *ret;
    AstIdent name;
    AstGenericParams generics;
    AstParam *params;
    uint32_t param_count;
    AstBlock *body;
} AstFunction;

typedef struct AstField {
    const char *doc;
    bool is_event;
    AstType *type;         /* plain field */
    AstIdent name;
    bool has_capacity;     /* event{N} */
    uint64_t capacity;
    Span capacity_span;
    AstParam *params;      /* event parameters */
    uint32_t param_count;
    Span span;
} AstField;

typedef struct AstVariant {
    const char *doc;
    AstIdent name;
    bool has_parens;
    AstField *fields;
    uint32_t field_count;
    Span span;
} AstVariant;

typedef struct AstContractMember {
    const char *doc;
    bool is_embedded; /* `Name;` */
    AstIdent embedded;
    AstType *ret;     /* method signature */
    AstIdent name;
    AstParam *params;
    uint32_t param_count;
    Span span;
} AstContractMember;

typedef struct AstMetaEntry { /* key = value; inside meta { } / skip { } */
    AstIdent key;
    AstExpr *value;
    Span span;
} AstMetaEntry;

typedef struct AstAttrParam { /* attribute declaration parameter */
    AstIdent name;
    AstType *type;
    AstExpr *default_value; /* NULL when absent */
} AstAttrParam;

typedef struct AstMethod {
    const char *doc;
    AstVisibility visibility;
    AstFunction fn;
    Span span;
} AstMethod;

typedef enum AstItemKind {
    AST_ITEM_FUNCTION,
    AST_ITEM_IMPL,
    AST_ITEM_TYPE,
    AST_ITEM_ENUM,
    AST_ITEM_CONTRACT,
    AST_ITEM_TEST,
    AST_ITEM_ATTRIBUTE_DECL,
    AST_ITEM_MODULE_DECL,   /* mod a.b; */
    AST_ITEM_INLINE_MODULE, /* mod m { … } */
    AST_ITEM_USE,
} AstItemKind;

struct AstItem {
    AstItemKind kind;
    Span span;
    AstId node_begin, node_end; /* the ids of the item's nodes */
    const char *doc; /* the doc run before the item (lines joined with '\n', `///` stripped), or NULL */
    AstVisibility visibility;
    AstAttributes attributes;
    AstIdent name; /* the item's name; for IMPL the target's last segment; for MODULE_DECL/USE the last path segment */
    union {
        AstFunction function;
        struct {
            AstType *target; /* PRIMITIVE or PATH */
            AstMethod *methods;
            uint32_t method_count;
        } impl;
        struct {
            AstGenericParams generics;
            AstPath *conformances;
            uint32_t conformance_count;
            AstField *fields;
            uint32_t field_count;
            AstMethod *methods; /* methods declared in the body (§5a item 7), as in an impl block */
            uint32_t method_count;
        } type_def;
        struct {
            AstGenericParams generics;
            AstVariant *variants;
            uint32_t variant_count;
        } enum_def;
        struct {
            AstContractMember *members;
            uint32_t member_count;
        } contract;
        struct {
            AstMetaEntry *meta;
            uint32_t meta_count;
            bool has_meta;
            AstMetaEntry *skip;
            uint32_t skip_count;
            bool has_skip;
            AstBlock *body; /* the test's statements; span covers the braces */
        } test;
        struct {
            AstIdent *targets;
            uint32_t target_count;
            bool has_targets;
            AstAttrParam *params;
            uint32_t param_count;
        } attribute_decl;
        struct {
            AstPath path;
        } module_decl;
        struct {
            AstItem **items;
            uint32_t count;
        } inline_module;
        struct {
            AstPath path;
            bool has_alias;
            AstIdent alias;
        } use;
    };
};

typedef struct AstFile {
    uint32_t file; /* SourceMap index */
    AstId node_begin, node_end; /* the ids of the file's nodes */
    AstItem **items;
    uint32_t count;
} AstFile;

const char *ast_primitive_name(AstPrimitive prim);
const char *ast_binary_op_text(AstBinaryOp op);
const char *ast_assign_op_text(AstAssignOp op);
#endif
