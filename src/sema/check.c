/* sema/check.c: sema_check — collects the items, checks every function body
 * and merges the per-stage diagnostics in the order of language.md §5.1.
 * Items outside the core language are reported as E2002 (not supported yet)
 * so that nothing reaches lowering half-understood. */
#include <string.h>

#include "sema/checker.h"
#include "support/check.h"

void check_prev_help(Checker *c, Diag *diag, Span previous)
{
    const SourceFile *file = source_file(c->map, previous.file);
    uint32_t line = 0, col = 0;
    if (file)
        source_line_col(file, previous.start, &line, &col);
    diag_set_help(&c->stages[STAGE_DEFS], diag, "previously defined at line %u, column %u", line, col);
    if (file)
        diag_add_span(&c->stages[STAGE_DEFS], diag, previous, "first declared here");
}

Type *check_error_type(Checker *c)
{
    return type_primitive(c->types, TYPE_ERROR);
}

void check_unsupported(Checker *c, Span span, const char *what)
{
    diag_report(&c->stages[STAGE_TYPES], span, DIAG_E2002_NOT_SUPPORTED_YET, what);
}

static const char *item_feature(AstItemKind kind)
{
    switch (kind) {
    case AST_ITEM_FUNCTION: return "functions";
    case AST_ITEM_IMPL: return "impl blocks";
    case AST_ITEM_TYPE: return "struct types";
    case AST_ITEM_ENUM: return "enum types";
    case AST_ITEM_CONTRACT: return "contracts";
    case AST_ITEM_TEST: return "tests";
    case AST_ITEM_ATTRIBUTE_DECL: return "attribute declarations";
    case AST_ITEM_MODULE_DECL: return "modules";
    case AST_ITEM_INLINE_MODULE: return "inline modules";
    case AST_ITEM_USE: return "use declarations";
    }
    BSK_UNREACHABLE();
}

/* Functions, tests, `mod` declarations and `use` names share one namespace (E1006). */
static bool in_function_namespace(AstItemKind kind)
{
    return kind == AST_ITEM_FUNCTION || kind == AST_ITEM_TEST || kind == AST_ITEM_MODULE_DECL ||
           kind == AST_ITEM_USE || kind == AST_ITEM_INLINE_MODULE;
}

/* type, enum and contract items share the E1001 namespace */
static bool is_definition(AstItemKind kind)
{
    return kind == AST_ITEM_TYPE || kind == AST_ITEM_ENUM || kind == AST_ITEM_CONTRACT;
}

/* Two items whose names clash: both in the function namespace (E1006) or
 * both definitions (E1001). */
static bool same_namespace(const AstItem *item, const AstItem *other)
{
    return (in_function_namespace(item->kind) && in_function_namespace(other->kind)) ||
           (is_definition(item->kind) && is_definition(other->kind));
}

static SemaFunction *declare_function(Checker *c, const AstItem *item)
{
    const AstFunction *ast = &item->function;
    SemaFunction *fn = ARENA_NEW(c->arena, SemaFunction);
    fn->item = item;
    fn->ast = ast;
    fn->name = item->name.name;
    fn->is_public = item->visibility == AST_PUBLIC;
    fn->facts = c->facts;
    fn->module = c->module;
    fn->in_root = !c->module || !c->module->is_library; /* `Std` and dependencies: tests not run, no entrypoint */
    if (ast->generics.present && ast->generics.count) { /* §3.8: checked once opaque, instantiated per use */
        uint32_t n = ast->generics.count;
        Symbol *names = ARENA_ARRAY(c->arena, Symbol, n);
        Type **params = ARENA_ARRAY(c->arena, Type *, n);
        for (uint32_t i = 0; i < n; i++) {
            names[i] = ast->generics.names[i].name;
            params[i] = type_param(c->types, names[i]);
        }
        fn->type_params = params;
        fn->type_param_count = n;
        fn->env = (SemaGenericEnv){.names = names, .types = params, .count = n};
        fn->is_generic = true;
    }
    const SemaGenericEnv *saved_env = c->env;
    c->env = &fn->env;
    fn->ret = resolve_type(c, ast->ret, true);
    fn->param_count = ast->param_count;
    fn->params = ARENA_ARRAY(c->arena, Type *, ast->param_count ? ast->param_count : 1);
    for (uint32_t i = 0; i < ast->param_count; i++)
        fn->params[i] = resolve_param(c, &ast->params[i]);
    c->env = saved_env;
    if (fn->is_generic) {
        VEC_PUSH(c->arena, &c->generic_fns, fn);
        return fn;
    }
    fn->index = c->program->funcs.count;
    VEC_PUSH(c->arena, &c->program->funcs, fn);
    return fn;
}

void check_collect_item(Checker *c, const AstItem *item, SemaModule *target)
{
    Symbol name = item->kind == AST_ITEM_USE && item->use.has_alias ? item->use.alias.name : item->name.name;
    Span name_span = item->kind == AST_ITEM_USE && item->use.has_alias ? item->use.alias.span : item->name.span;
    if (item->kind == AST_ITEM_IMPL)
        return; /* methods are declared by items_declare_members, once every type is known */
    if (item->kind == AST_ITEM_ATTRIBUTE_DECL)
        return; /* attribute names are a namespace of their own (check_attr.c) */
    if (item->kind == AST_ITEM_FUNCTION && resolve_is_builtin_name(name))
        diag_report(&c->stages[STAGE_NAMES], item->name.span, DIAG_E1102_DUPLICATE_ITEM, name);
    const CheckItem *other = resolve_item_where(c, name, item, same_namespace);
    if (other && item->kind == AST_ITEM_USE && other->item->kind == AST_ITEM_USE) { /* two imports of one name */
        Diag *d = diag_report(&c->stages[STAGE_NAMES], name_span, DIAG_E1104_AMBIGUOUS_IMPORT, name);
        check_prev_help(c, d, other->item->kind == AST_ITEM_USE && other->item->use.has_alias
                                  ? other->item->use.alias.span
                                  : other->item->name.span);
    } else if (other && !(item->kind == AST_ITEM_MODULE_DECL && other->item->kind == AST_ITEM_MODULE_DECL &&
                          other->target != target) &&
               (item->kind == AST_ITEM_USE) == (other->item->kind == AST_ITEM_USE)) {
        /* a `use` against an item: once the import is resolved (module.c) */
        bool both_values = in_function_namespace(item->kind) && in_function_namespace(other->item->kind);
        Diag *d = both_values ? diag_report(&c->stages[STAGE_DEFS], name_span, DIAG_E1006_DUPLICATE_ITEM_NAME, name)
                              : diag_report(&c->stages[STAGE_DEFS], name_span, DIAG_E1001_DUPLICATE_DEFINITION, name);
        check_prev_help(c, d, other->item->name.span);
    }
    CheckItem entry = {.name = name, .item = item, .module = c->module, .target = target};
    if (item->kind == AST_ITEM_TYPE || item->kind == AST_ITEM_ENUM)
        items_declare_type(c, &entry); /* check_struct.c */
    else if (item->kind == AST_ITEM_CONTRACT)
        contract_declare(c, &entry); /* check_contract.c */
    else if (item->kind != AST_ITEM_FUNCTION && item->kind != AST_ITEM_TEST && item->kind != AST_ITEM_USE &&
             item->kind != AST_ITEM_INLINE_MODULE && item->kind != AST_ITEM_MODULE_DECL)
        /* functions and tests are declared in sema_check, after every type */
        check_unsupported(c, item->span, item_feature(item->kind));
    VEC_PUSH(c->arena, &c->items, entry);
    resolve_add_item(c, c->items.count - 1);
}

static unsigned error_count(const Checker *c)
{
    unsigned n = 0;
    for (int s = 0; s < STAGE__COUNT; s++)
        n += c->stages[s].error_count;
    return n;
}

/* A generic function or a method of a generic type, its parameters opaque. */
static void check_generic_declaration(Checker *c, SemaFunction *fn)
{
    unsigned before = error_count(c);
    check_function_body(c, fn);
    if (error_count(c) > before)
        VEC_PUSH(c->arena, &c->failed_generics, fn);
}

/* The body of an instance, under its substitution. What it reports was
 * already reported at the declaration, unless the substitution alone causes
 * it (an `__array_new` size, §5b item 13): such errors are kept, with a note
 * naming the instance; warnings are the declaration's. */
static void check_instance(Checker *c, SemaFunction *fn)
{
    bool declaration_failed = false;
    for (uint32_t i = 0; i < c->failed_generics.count; i++)
        declaration_failed |= c->failed_generics.items[i] == fn->origin;
    DiagList outer[STAGE__COUNT];
    memcpy(outer, c->stages, sizeof outer);
    for (int s = 0; s < STAGE__COUNT; s++)
        diag_list_init(&c->stages[s], outer[s].arena);
    c->in_instance = true;
    c->outer_stages = outer; /* a runaway instantiation is reported there, never dropped */
    check_function_body(c, fn);
    c->outer_stages = NULL;
    c->in_instance = false;
    DiagList found[STAGE__COUNT];
    memcpy(found, c->stages, sizeof found);
    memcpy(c->stages, outer, sizeof outer);
    if (declaration_failed || c->instances_exhausted) /* after a runaway, the rest is its echo */
        return;
    const char *name = generic_instance_name(c, fn);
    for (int s = 0; s < STAGE__COUNT; s++)
        for (uint32_t i = 0; i < found[s].items.count; i++) {
            Diag d = found[s].items.items[i];
            if (d.severity != DIAG_SEVERITY_ERROR)
                continue;
            d.help = d.help ? arena_printf(c->arena, "%s (in instantiation `%s`)", d.help, name)
                            : arena_printf(c->arena, "in instantiation `%s`", name);
            VEC_PUSH(c->stages[s].arena, &c->stages[s].items, d);
            c->stages[s].error_count++;
        }
}

/* Appends the diagnostics of 'from' to 'to', keeping their order. */
static void merge(DiagList *to, const DiagList *from)
{
    diag_list_append(to, from);
}

/* One facts table covers the nodes of every file (ids are dense across them). */
static void init_facts(Checker *c, const AstFile *const *files, uint32_t file_count)
{
    AstId begin = file_count ? files[0]->node_begin : 0, end = begin;
    for (uint32_t f = 0; f < file_count; f++) {
        begin = files[f]->node_begin < begin ? files[f]->node_begin : begin;
        end = files[f]->node_end > end ? files[f]->node_end : end;
    }
    SemaFacts *facts = &c->program->facts;
    facts->base = begin;
    facts->count = end - begin;
    facts->nodes = ARENA_ARRAY(c->arena, SemaNodeFacts, facts->count ? facts->count : 1);
    c->facts = facts;
}

/* Drops the warnings located in `Std` or dependency sources (§5b item 11). */
static void drop_library_warnings(Checker *c)
{
    for (int s = 0; s < STAGE__COUNT; s++) {
        DiagList *list = &c->stages[s];
        uint32_t kept = 0;
        for (uint32_t i = 0; i < list->items.count; i++) {
            Diag *d = &list->items.items[i];
            if (d->severity != DIAG_SEVERITY_ERROR && !module_span_reports_warnings(c, d->span)) {
                list->warning_count--;
                continue;
            }
            list->items.items[kept++] = *d;
        }
        list->items.count = kept;
    }
}

static const SemaProgram *check_program(Arena *arena, Interner *interner, const SourceMap *map,
                                        const LoadedProgram *loaded, DiagList *diags, bool keep);

const SemaProgram *sema_check_program(Arena *arena, Interner *interner, const SourceMap *map,
                                      const LoadedProgram *loaded, DiagList *diags)
{
    return check_program(arena, interner, map, loaded, diags, false);
}

const SemaProgram *sema_check_program_partial(Arena *arena, Interner *interner, const SourceMap *map,
                                              const LoadedProgram *loaded, DiagList *diags)
{
    return check_program(arena, interner, map, loaded, diags, true);
}

static const SemaProgram *check_program(Arena *arena, Interner *interner, const SourceMap *map,
                                        const LoadedProgram *loaded, DiagList *diags, bool keep)
{
    Checker checker = {0};
    Checker *c = &checker;
    c->arena = arena;
    c->interner = interner;
    c->map = map;
    c->types = types_new(arena);
    c->sym_range = intern_cstr(interner, "range");
    for (int s = 0; s < STAGE__COUNT; s++)
        diag_list_init(&c->stages[s], diags->arena);
    c->program = ARENA_NEW(arena, SemaProgram);
    c->program->arena = arena;
    c->program->interner = interner;
    c->program->map = map;
    uint32_t file_count = loaded->count;
    const AstFile **files = ARENA_ARRAY(arena, const AstFile *, file_count ? file_count : 1);
    for (uint32_t f = 0; f < file_count; f++)
        files[f] = loaded->files[f].ast;
    init_facts(c, files, file_count);

    modules_build(c, loaded);
    modules_resolve_imports(c);
    contracts_declare_members(c);
    externs_check_unique(c); /* check_extern.c */
    /* in source order: the artifact's entries, and so test discovery, follow it */
    for (uint32_t i = 0; i < c->items.count; i++) {
        c->module = c->items.items[i].module; /* every item is declared in its module (tests too) */
        if (c->items.items[i].item->kind == AST_ITEM_FUNCTION)
            c->items.items[i].function = declare_function(c, c->items.items[i].item);
        else if (c->items.items[i].item->kind == AST_ITEM_TEST)
            check_declare_test(c, c->items.items[i].item); /* not a value: no CheckItem.function */
    }
    items_declare_members(c);
    generic_members_ready(c);
    check_attributes(c, files, file_count);
    contracts_check_conformance(c);
    for (uint32_t i = 0; i < c->generic_fns.count; i++)
        check_generic_declaration(c, c->generic_fns.items[i]);
    /* instances join 'funcs' as calls and types need them */
    for (uint32_t i = 0; i < c->program->funcs.count; i++) {
        SemaFunction *fn = c->program->funcs.items[i];
        if (fn->origin)
            check_instance(c, fn);
        else
            check_function_body(c, fn);
    }
    check_resolve_string_args(c); /* every parameter's uses are known now */
    modules_report_unused(c);
    drop_library_warnings(c);

    /* Within a stage, in source order (bodies are checked in declaration
     * order, generic instances last). */
    for (int s = 0; s < STAGE__COUNT; s++)
        diag_list_sort(&c->stages[s]);
    /* language.md §5.1: resolver errors stop the pipeline, and so do HIR
     * legality errors; W1203 only without type errors. */
    merge(diags, &c->stages[STAGE_DEFS]);
    merge(diags, &c->stages[STAGE_FLOW]);
    merge(diags, &c->stages[STAGE_NAMES]);
    bool stopped = diag_has_errors(&c->stages[STAGE_NAMES]);
    if (!stopped) {
        merge(diags, &c->stages[STAGE_SHADOW]);
        merge(diags, &c->stages[STAGE_LEGALITY]);
        stopped = diag_has_errors(&c->stages[STAGE_LEGALITY]);
    }
    if (!stopped) {
        merge(diags, &c->stages[STAGE_MUT]);
        merge(diags, &c->stages[STAGE_TYPES]);
        if (!diag_has_errors(&c->stages[STAGE_MUT]) && !diag_has_errors(&c->stages[STAGE_TYPES]))
            merge(diags, &c->stages[STAGE_NUMERIC]);
        merge(diags, &c->stages[STAGE_RETURN]);
        merge(diags, &c->stages[STAGE_MODULES]);
        merge(diags, &c->stages[STAGE_CONFORM]);
    }
    for (int s = 0; s < STAGE__COUNT; s++)
        if (diag_has_errors(&c->stages[s]) && !keep)
            return NULL;
    return c->program;
}

const SemaProgram *sema_check(Arena *arena, Interner *interner, const SourceMap *map, const AstFile *const *files,
                              uint32_t file_count, DiagList *diags)
{
    LoadedFile *loaded_files = ARENA_ARRAY(arena, LoadedFile, file_count ? file_count : 1);
    for (uint32_t f = 0; f < file_count; f++)
        loaded_files[f] = (LoadedFile){.ast = (AstFile *)files[f], .mount = LOAD_ROOT_PROJECT};
    LoadedProgram loaded = {.files = loaded_files, .count = file_count};
    return sema_check_program(arena, interner, map, &loaded, diags);
}
