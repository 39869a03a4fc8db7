/* sema/checker.h: the checker's context, shared by the check_*.c files of
 * sema/ only. Diagnostics go to one list per stage of language.md §5.1 and
 * are merged in stage order at the end (check.c), which gives the spec's
 * order and its stop rules without running the stages as separate passes.
 * The checker reads the AST and writes what it learns into the facts table
 * (c->facts, sema/program.h), never into the tree. */
#ifndef BESKID_SEMA_CHECKER_H
#define BESKID_SEMA_CHECKER_H
#include "sema/program.h"
#include "sema/sema.h"
#include "sema/types.h"
#include "support/hashindex.h"
#include "syntax/loader.h"

typedef struct Scope Scope;
struct Scope {
    Scope *parent;
    VEC(SemaLocal *) locals;
    HashIndex names;       /* name -> its latest local here (resolve.c), once the scope is large */
    const AstBlock *block; /* lets of 'block' from 'next_stmt' on are not declared yet */
    uint32_t next_stmt;
    HashIndex lets;        /* name -> index of its last `let` in 'block', for a large block */
};

typedef struct CheckItem { /* one item of a module, or an import (`use`) */
    Symbol name;
    const AstItem *item;
    SemaModule *module;     /* the module that owns it */
    SemaModule *target;     /* an inline module or `mod a.b;`: the module it declares; a `use`: the module it binds */
    uint32_t import;        /* a `use` of an item: 1 + index in Checker.items of the item it binds */
    uint8_t import_state;   /* a `use`: 0 unresolved, 1 resolving, 2 resolved, 3 failed */
    bool used;              /* a `use`: something was found through it (W1503) */
    SemaFunction *function; /* NULL for unsupported items */
    SemaTypeDef *def;       /* `type` and `enum` items */
    SemaContract *contract; /* `contract` items */
} CheckItem;

/* The checker's side of a module (sema/module.c). */
typedef struct CheckModule {
    SemaModule *sema;
    VEC(uint32_t) opened; /* `use a.b;` of a module: the index of the `use` in Checker.items */
    uint32_t mount;       /* LOAD_ROOT_PROJECT or a mount */
    bool missing;         /* declared by a `mod a.b;` whose file was not found (E1502): names in it are not reported */
} CheckModule;

typedef enum CheckStage {
    STAGE_DEFS,    /* (0) E1006, E1005, E1102 items */
    STAGE_FLOW,    /* (3) E1401, E1402, W1403 */
    STAGE_NAMES,   /* (1) E1106, E1101, E1102, E1201: errors here stop the pipeline */
    STAGE_SHADOW,  /* W1103 */
    STAGE_LEGALITY, /* (1) HIR legality, E1806, E1807, E1809: errors here stop the pipeline */
    STAGE_MUT,     /* (2) E1214 */
    STAGE_TYPES,   /* (2) type errors, E2002 */
    STAGE_NUMERIC, /* W1203, only reported when there is no type error */
    STAGE_RETURN,  /* E2001 implicit non-unit return */
    STAGE_MODULES, /* (5) E1501, W1503, W1504 */
    STAGE_CONFORM, /* (6) E1601, E1602 */
    STAGE__COUNT
} CheckStage;

/* The `return` statements of a lambda body whose return type is inferred
 * (§5b item 7), collected while it is checked (check_lambda.c). */
typedef struct LambdaReturns {
    VEC(const AstStmt *) returns;
} LambdaReturns;

/* A string local given as argument 'param' of 'callee' (check_call.c). */
typedef struct StringArg {
    SemaLocal *local;
    SemaFunction *callee;
    uint32_t param;
} StringArg;

typedef struct Checker {
    Arena *arena;
    Interner *interner;
    const SourceMap *map;
    TypeTable *types;
    SemaProgram *program;
    DiagList stages[STAGE__COUNT];
    VEC(CheckItem) items;
    HashIndex item_names; /* (module, name) -> 1 + index in 'items' of each item so named, in order (resolve.c) */
    SemaModule *module;   /* the module whose names are in scope */
    VEC(CheckModule *) modules; /* by SemaModule.index */
    HashIndex children;   /* (parent module or NULL for a root, name) -> CheckModule */
    HashIndex item_modules; /* AstItem -> its SemaModule */
    HashIndex used_names;   /* names that appear where W1504 counts a use */
    const LoadedProgram *loaded;
    VEC(const AstItem *) flat; /* every item of every module, inline modules' items after their module item */
    SemaFacts *facts; /* what is learnt about each node (program->facts) */
    SemaFunction *fn; /* the function being checked */
    LambdaReturns *lambda_returns; /* set while a lambda's return type is inferred */
    const SemaGenericEnv *env; /* type parameter names in scope (generics.c) */
    bool in_instance;          /* checking an instance's body: `==` on references is identity (§5a item 6) */
    VEC(SemaFunction *) generic_fns; /* generic declarations, checked once with opaque parameters */
    HashIndex type_instances; /* (declaration, type arguments) -> SemaTypeDef (generics.c) */
    HashIndex fn_instances;   /* (declaration, type arguments) -> SemaFunction */
    bool instances_exhausted; /* a runaway instantiation was reported (generics.c) */
    DiagList *outer_stages;   /* while an instance's body is checked: the stages its errors may join */
    VEC(const SemaFunction *) failed_generics; /* declarations whose opaque check reported errors */
    /* String locals passed to a function's parameter: a copied use when the
     * parameter keeps nothing, known once every body is checked
     * (check_resolve_string_args). */
    VEC(StringArg) string_args;
    Scope *scope;
    uint32_t loop_depth;
    Symbol sym_range;
    uint32_t lambda_count; /* lambdas checked so far (check_lambda.c) */
} Checker;

/* The facts of node 'id', to be filled in. */
static inline SemaNodeFacts *check_node(Checker *c, AstId id)
{
    return &c->facts->nodes[id - c->facts->base];
}
/* Records the type of 'e' and returns it. */
static inline Type *check_set_type(Checker *c, const AstExpr *e, Type *t)
{
    check_node(c, e->id)->type = t;
    return t;
}
/* The type of an expression already checked, as its context sees it. */
static inline Type *check_type_of(Checker *c, const AstExpr *e)
{
    return sema_type(c->facts, e);
}
/* Binds node 'id' to 'local'. */
static inline void check_bind_local(Checker *c, AstId id, SemaLocal *local)
{
    check_node(c, id)->binding = (SemaBinding){.kind = SEMA_BIND_LOCAL, .local = local};
}

/* check.c */
/* Collects 'item' into c->module ('target': the module an inline module or `mod a.b;` declares). */
void check_collect_item(Checker *c, const AstItem *item, SemaModule *target);
void check_prev_help(Checker *c, Diag *diag, Span previous);
Type *check_error_type(Checker *c);
void check_unsupported(Checker *c, Span span, const char *what);

/* module.c: the module tree, imports, qualified paths (language.md §3.7) */
/* Builds the modules of the loaded files and collects every item into its module. */
void modules_build(Checker *c, const LoadedProgram *loaded);
/* Resolves every `use` (E1104, E1105, E1501), once every item is collected. */
void modules_resolve_imports(Checker *c);
/* The module that owns 'item' (an item of any kind, an impl block included). */
SemaModule *module_of_item(const Checker *c, const AstItem *item);
/* Sets c->module to the module of 'item' and returns the previous one. */
SemaModule *module_enter_item(Checker *c, const AstItem *item);
/* The module a simple name denotes from c->module (imports, the module chain, the mounts), or NULL. */
SemaModule *module_lookup_module(Checker *c, Symbol name);
/* The item the simple name 'name' denotes from c->module (imports, the
 * module chain, opened modules), or NULL. With a span, two opened modules
 * offering it are E1104 there. */
const CheckItem *module_lookup_item(Checker *c, Symbol name, Span span);
/* What a position can name: a name two opened modules offer is no E1104
 * when only one of the two is of that kind (a type beside a function). */
typedef enum ModuleWant { MODULE_WANT_ANY, MODULE_WANT_TYPE, MODULE_WANT_VALUE } ModuleWant;
const CheckItem *module_lookup_item_for(Checker *c, Symbol name, Span span, ModuleWant want);
/* What a qualified path names, for the error when its last segment is missing. */
typedef enum CheckPathKind {
    CHECK_PATH_VALUE,      /* E1101 `unknown value x in module m` */
    CHECK_PATH_TYPE,       /* E1201 `unknown type T in module m` */
    CHECK_PATH_DEFINITION, /* E1005 `unknown type m::T in definition` */
} CheckPathKind;
/* A qualified path whose first segment is a module: the item its last
 * segment names, or NULL after reporting E1108, E1107 or the error of 'kind'. */
const CheckItem *module_resolve_qualified(Checker *c, const AstPathSegment *segs, uint32_t count, CheckPathKind kind,
                                          Span span);
/* Notes 'name' as used (W1504). */
void module_note_use(Checker *c, Symbol name);
/* W1503, W1504 (after every body is checked). */
void modules_report_unused(Checker *c);
/* True when warnings located in 'span' are reported (not in `Std` or a dependency). */
bool module_span_reports_warnings(const Checker *c, Span span);

/* resolve.c: scopes, names and written types */
void scope_push(Checker *c, Scope *scope, const AstBlock *block);
void scope_pop(Checker *c);
SemaLocal *scope_declare(Checker *c, Symbol name, Span span, Type *type, bool is_mutable);
const CheckItem *resolve_item(const Checker *c, Symbol name);
/* resolve_item where only a type, enum or contract can stand (module_lookup_item_for). */
const CheckItem *resolve_type_item(const Checker *c, Symbol name);
/* True when a local or parameter named 'name' is in scope. */
bool resolve_local_visible(const Checker *c, Symbol name);
/* Records items.items[index] under its name for resolve_item. */
void resolve_add_item(Checker *c, uint32_t index);
/* The first item of c->module named 'name' for which 'conflicts(item, other)' holds, or NULL. */
const CheckItem *resolve_item_in(const Checker *c, const SemaModule *module, Symbol name, const AstItem *other,
                                 bool (*conflicts)(const AstItem *item, const AstItem *other));
const CheckItem *resolve_item_where(const Checker *c, Symbol name, const AstItem *other,
                                    bool (*conflicts)(const AstItem *item, const AstItem *other));
bool resolve_builtin(Symbol name, SemaBuiltin *out);
bool resolve_is_builtin_name(Symbol name);
/* Resolves a value name; reports E1106/E1101 and returns a binding of kind
 * SEMA_BIND_NONE when it fails. Members of the implicit `this` are not
 * looked up (see resolve_name). */
SemaBinding resolve_value(Checker *c, Symbol name, Span span);
/* resolve_value with implicit `this` (§5a item 7): when 'name' is no local
 * but a field or method of the enclosing method's receiver, returns the
 * `this` local and sets '*via_this'. The caller then reads the name as
 * `this.name` (check_field_path, check_method_call). */
SemaBinding resolve_name(Checker *c, Symbol name, Span span, bool *via_this);
/* The `this` of the method being checked (through enclosing lambdas) when
 * its receiver has a field or method 'name', else NULL. Locals are not
 * consulted and nothing is reported. */
SemaLocal *resolve_this_member(const Checker *c, Symbol name);
/* True when 'head', the binding of the path's first segment, is the implicit
 * `this` rather than a local of that name: segment 0 is then a member too. */
static inline bool check_is_implicit_this(const AstPath *path, SemaBinding head)
{
    return head.kind == SEMA_BIND_LOCAL && head.local->name != path->segments[0].name;
}
/* Resolves a written type; 'in_definition' selects E1005 over E1201. */
Type *resolve_type(Checker *c, const AstType *type, bool in_definition);
/* A declared parameter's type; `ref`/`out` (E2001) and `unit` (E2002) are reported. */
Type *resolve_param(Checker *c, const AstParam *param);

/* check_stmt.c */
void check_function_body(Checker *c, SemaFunction *fn);
/* check_test.c: a `test` item as a parameterless `unit` SemaFunction (in
 * program->funcs), its meta and skip blocks read (E1151). */
SemaFunction *check_declare_test(Checker *c, const AstItem *item);
void check_block(Checker *c, const AstBlock *block);
/* Definite return (§5b item 5): true when 'block' cannot complete normally. */
bool check_block_terminates(const Checker *c, const AstBlock *block);

/* check_expr.c */
/* True when 'path' has several segments and the first is a module (no local
 * or `this` member of that name shadows it). */
bool check_path_is_qualified(Checker *c, const AstPath *path);
/* The function a qualified value path names (SEMA_BIND_NONE after a report). */
SemaBinding check_qualified_value(Checker *c, const AstPath *path, Span span);
Type *check_expr(Checker *c, const AstExpr *e, Type *expected);
Type *check_assign_value(Checker *c, const AstExpr *e, Type *t);

/* check_call.c */
Type *check_call(Checker *c, const AstExpr *e, Type *expected);
/* E1204 `call arity mismatch: expected {n}, got {m}` at 'span'. */
void check_report_arity(Checker *c, Span span, uint32_t expected, uint32_t got);
/* Checks a call's arguments against 'params' (arity, then each argument
 * converted to its parameter type). */
void check_call_args(Checker *c, const AstExpr *e, Type **params, uint32_t count);
/* check_call_args for a call of 'fn': an arity error names it and shows its declaration. */
void check_call_args_of(Checker *c, const AstExpr *e, Type **params, uint32_t count, const SemaFunction *fn);
/* After an error in the callee: checks the arguments alone, types the call as an error. */
Type *check_call_fail(Checker *c, const AstExpr *e);

/* check_lambda.c: lambdas, function types and function values */
Type *check_lambda(Checker *c, const AstExpr *e, Type *expected);
Type *check_function_type(Checker *c, const AstType *type, bool in_definition);
Type *check_function_value(Checker *c, SemaFunction *fn);
/* Records a use of 'local' from the current function; a use from a nested
 * lambda makes it a capture of every lambda in between. */
void check_note_use(Checker *c, SemaLocal *local);
/* Indirect call of a callee of function type 'callee_type' (§3.4.3 item 4). */
Type *check_indirect_call(Checker *c, const AstExpr *e, Type *callee_type);
/* `return` in a lambda body whose return type is being inferred. */
void check_lambda_return(Checker *c, const AstStmt *s);

/* check_struct.c: type items, impl methods, struct literals, fields, method calls */
void items_declare_type(Checker *c, CheckItem *entry);
void items_declare_members(Checker *c);
Type *check_struct_lit(Checker *c, const AstExpr *e, Type *expected);
Type *check_member(Checker *c, const AstExpr *e);
/* A multi-segment path whose head is the local 'head': field reads, recorded
 * as the path's SemaFieldPath. */
Type *check_field_path(Checker *c, const AstExpr *e, SemaBinding head);
Type *check_field_assign(Checker *c, const AstExpr *e);
/* `recv.m(args)`: the callee is an AST_EXPR_MEMBER, or a multi-segment path
 * whose head is the local 'head' ('head' is unused for a member callee). */
Type *check_method_call(Checker *c, const AstExpr *e, SemaBinding head);

/* check_event.c: event fields, `+=`/`-=` on them, invocation (language.md §3.9) */
/* Fills the event field 'out' from 'ast' (its handler type, capacity, E1220). */
void check_event_field(Checker *c, const AstField *ast, SemaField *out, bool in_enum);
/* `obj.E op value`, the target an event field (its facts already recorded). */
Type *check_event_assign(Checker *c, const AstExpr *e, const SemaField *field);
/* E1221 for `+=`/`-=` of a function value ('e' checked) on a non-event place; true when reported. */
bool check_event_misuse(Checker *c, const AstExpr *e);
/* An event field used as a value (E1202). */
void check_event_value_use(Checker *c, Span span);
/* `recv.E(args)`, E an event field of 'def' (E1219 outside its methods). */
Type *check_event_invoke(Checker *c, const AstExpr *e, const SemaTypeDef *def, const SemaField *field);

/* generics.c: instances of generic declarations (sema/program.h) */
/* 't' with 'to[i]' for every 'from[i]' (instances are made as needed). */
Type *generic_subst(Checker *c, Type *t, Type *const *from, Type *const *to, uint32_t count);
/* The instance of 'decl' for 'args' (the declaration itself for its own
 * parameters); NULL after reporting a nest deeper than the limit at 'span'. */
SemaTypeDef *generic_type_instance(Checker *c, SemaTypeDef *decl, Type **args, Span span);
/* NULL after reporting a `unit` type argument at 'span'. */
SemaFunction *generic_fn_instance(Checker *c, SemaFunction *decl, Type **args, Span span);
/* After every member is declared: completes the instances made so far. */
void generic_members_ready(Checker *c);
/* Matches 'pattern' (mentioning 'params') against 'actual', binding unbound
 * params in 'bound'; false on a mismatch. */
bool generic_unify(Type *pattern, Type *actual, Type *const *params, Type **bound, uint32_t count);
/* 't' with the bound params substituted, or NULL while it mentions an unbound one. */
Type *generic_bound(Checker *c, Type *t, Type *const *params, Type **bound, uint32_t count);
bool generic_mentions(const Type *t, const Type *param);
/* `id<i64>` or `Box<User>::Get`, for the note on diagnostics inside an instance. */
const char *generic_instance_name(Checker *c, const SemaFunction *fn);
/* Resolves the explicit type arguments of 'seg' for a declaration with 'count'
 * parameters into 'args' (E1204 on a wrong count); false after an error. */
bool generic_explicit_args(Checker *c, const AstPathSegment *seg, uint32_t count, Type **args);
/* The instance of 'decl' that 'expected' is (or 'decl' itself), else NULL. */
SemaTypeDef *generic_from_expected(SemaTypeDef *decl, Type *expected);
/* Inference (§5a item 5): checks 'value' against 'pattern' as far as 'bound'
 * determines it, then binds the params its type determines. */
Type *generic_check_value(Checker *c, Type *const *params, Type **bound, uint32_t count, Type *pattern,
                          const AstExpr *value);
bool generic_all_bound(Type *const *bound, uint32_t count);
/* E1203 for type arguments that nothing determines. */
void generic_report_undetermined(Checker *c, Span span, const char *example);

/* check_attr.c: attribute declarations and uses (§3.6.6: E1806, E1807,
 * E1809), `[Extern]` on contracts (§3.6.7: T0901-T0904) */
void check_attributes(Checker *c, const AstFile *const *files, uint32_t file_count);

/* check_contract.c: contracts, conformance, contract values (language.md §3.6.5) */
void contract_declare(Checker *c, CheckItem *entry);
/* Once every item is collected: contract signatures and method sets (E1003,
 * E1004, E1005) and the conformances of struct types (E1607). */
void contracts_declare_members(Checker *c);
/* Once the impl methods are declared: E1601, E1602. */
void contracts_check_conformance(Checker *c);
/* True when a value of type 'from' converts implicitly to the contract 'to':
 * a struct declaring `: to`, or a contract embedding 'to'. */
bool contract_convertible(const Type *from, const Type *to);
/* `recv.m(args)` on a receiver of contract type 'recv'. */
Type *check_contract_call(Checker *c, const AstExpr *e, Type *recv, AstIdent name);

/* ---- foreign functions (check_extern.c) ---- */
/* Marks 'contract' extern when it carries `[Extern]`, with its library. */
void extern_contract_declare(Checker *c, SemaContract *contract);
/* The type of a parameter of an extern contract method; '*byte_ref' tells
 * a `ref u8` (typed u8). No E2001 for the modifier (language.md §5b item 12). */
Type *extern_param_type(Checker *c, const AstParam *param, bool *byte_ref);
/* T0905: a foreign symbol declared from two libraries or with two signatures. */
void externs_check_unique(Checker *c);
/* `Contract.m(args)` of an extern contract. */
Type *check_extern_call(Checker *c, const AstExpr *e, const SemaContract *contract);

/* check_enum.c: enum constructors, E1303 */
Type *check_enum_ctor(Checker *c, const AstExpr *e, Type *expected);
/* Reports E1303 for `V(…)` naming a variant; true when reported. */
bool check_unqualified_ctor(Checker *c, const AstExpr *e);
SemaTypeDef *check_find_enum(const Checker *c, Symbol name);
/* The enum `E` or `a.b.E` (module segments first, language.md §3.7); sets
 * '*failed' after reporting an unknown or private module path. NULL when the
 * name is no enum (the caller reports E1301). */
SemaTypeDef *check_enum_by_path(Checker *c, const AstIdent *modules, uint32_t module_count, const AstIdent *enum_name,
                                bool *failed);

/* check_match.c: match and `?` */
Type *check_match(Checker *c, const AstExpr *e, Type *expected, bool is_stmt);
Type *check_try(Checker *c, const AstExpr *e);
/* The iterable form of `for x in e` (§3.5.4, §5b item 9), 'it' already
 * checked: finds `Next()`, reports E1215-E1218 at 'it', and returns the
 * element type (the error type after a report). */
Type *check_iterable_for(Checker *c, const AstExpr *it, SemaFor *facts);

/* check_string.c: interpolated strings */
Type *check_interpolation(Checker *c, const AstExpr *e);
/* 'e', a use of a string local whose value is only copied or read (a join
 * part, an argument of a builtin that keeps nothing), counts as such
 * (sema_string_appendable). */
void check_note_copied(Checker *c, const AstExpr *e);
/* 'e', argument 'param' of a call of 'callee', is a copied use too when the
 * callee's parameter keeps nothing (only copied or read in its body): noted
 * now, decided by check_resolve_string_args once every body is checked. */
void check_note_string_arg(Checker *c, const AstExpr *e, SemaFunction *callee, uint32_t param);
void check_resolve_string_args(Checker *c);

/* check_array.c: T[] literals, indexing, __array_new/__array_len, `for x in a` */
Type *check_array_lit(Checker *c, const AstExpr *e, Type *expected);
Type *check_index(Checker *c, const AstExpr *e);
/* `a[i] = v`, `a[i] += v`, …: the assignment 'e' whose target is an index. */
Type *check_index_assign(Checker *c, const AstExpr *e);
Type *check_array_builtin(Checker *c, const AstExpr *e, Type *expected);
/* Checks the iterable of a non-range `for`; true when it is an array (or an
 * error was reported), with '*var_type' the element type. False leaves the
 * iterable checked (its type in it->type) for the other iterable forms. */
bool check_array_for(Checker *c, const AstExpr *it, SemaFor *facts, Type **var_type);

/* numeric.c: literals and conversions */
bool numeric_is_literal(const AstExpr *e);
Type *numeric_check_int_literal(Checker *c, const AstExpr *lit, Type *expected, bool negated, Span span);
/* Checks 'e' (already checked) against 'target' at an assignment-like site
 * (§3.3.2), recording its implicit conversion when needed: numeric (W1203
 * for lossy ones) or to a contract (§3.6.5). Reports E1206. */
void check_coerce(Checker *c, const AstExpr *e, Type *target);
/* The numeric part of check_coerce, for operands (no contract conversion). */
void numeric_coerce(Checker *c, const AstExpr *e, Type *target);
bool numeric_widens(const Type *from, const Type *to);
/* Records the lossless conversion of 'e' to 'to'. */
void numeric_convert(Checker *c, const AstExpr *e, Type *to);

/* check_hint.c: suggestions, notes and secondary spans added to a
 * diagnostic just reported in 'list' (issue 17); nothing else changes. */
void hint_unknown_value(Checker *c, DiagList *list, Diag *d, Symbol name, Span span);
void hint_unknown_type(Checker *c, DiagList *list, Diag *d, Symbol name, Span span);
/* The enum of an unknown `E::V`. */
void hint_unknown_enum(Checker *c, DiagList *list, Diag *d, Symbol name, Span span);
/* An unknown field (and, with 'methods_too', method) of 'def'. */
void hint_unknown_member(Checker *c, DiagList *list, Diag *d, const SemaTypeDef *def, Symbol name, Span span,
                         bool methods_too);
void hint_missing_field(Checker *c, DiagList *list, Diag *d, const SemaTypeDef *def, const SemaField *field);
void hint_unknown_variant(Checker *c, DiagList *list, Diag *d, const SemaTypeDef *def, Symbol name, Span span);
/* E1213 at 'span' (`target.name`): `.length` and friends. */
void hint_member_on_non_struct(Checker *c, DiagList *list, Diag *d, const Type *target, AstIdent name, Span span);
/* E1204 on a call of 'fn': its name and declaration. */
void hint_call_arity(Checker *c, DiagList *list, Diag *d, const SemaFunction *fn);
/* E1214 on an assignment to 'local'. */
void hint_immutable(Checker *c, DiagList *list, Diag *d, const SemaLocal *local);
/* E1606 on `name(…)` or `recv.name(…)`: what the callee is. */
void hint_call_target(Checker *c, DiagList *list, Diag *d, Symbol name, const Type *recv);
/* To each E1206 reported at 'at' since item 'before' of 'list', a secondary
 * span 'why' with 'label' (the parameter, the return type). */
void hint_expected_because(DiagList *list, uint32_t before, Span at, Span why, const char *label);
/* E1304: the missing variants of 'def' ('covered[i]' per variant). */
void hint_missing_variants(Checker *c, DiagList *list, Diag *d, const SemaTypeDef *def, const bool *covered);
#endif
