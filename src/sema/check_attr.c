/* sema/check_attr.c: attribute declarations and uses (language.md §3.6.6)
 * and the legality of `[Extern]` on contracts (§3.6.7).
 *
 * A declaration's target list is checked for unknown kinds (E1807) and
 * repeated kinds (E1806); a use `[Name(…)]` on a contract or module whose
 * name is declared with a non-empty list of known kinds that lacks the item's
 * kind is E1809. These are the "HIR legality" stage of §5.1. Undeclared
 * names are accepted, arguments are not checked against parameters, and
 * attributes other than `Extern` have no run-time effect. The
 * parser admits attributes only on contracts, modules and tests (§2.2);
 * tests have no target kind, so their attributes are never E1809. Attribute
 * names form a namespace of their own (they are not values or types).
 *
 * `[Extern(Abi: "C", Library: "…")]` on a contract declares foreign
 * functions (§3.6.7): the attribute's arguments and the signatures' types
 * are checked here (T0901-T0904, stage (0) by §5b item 12); the library,
 * `ref u8`, T0905 and the calls are check_extern.c's. */
#include <string.h>

#include "sema/checker.h"
#include "support/check.h"
#include "support/strbuf.h"

typedef enum AttrTarget {
    ATTR_TYPE,
    ATTR_ENUM,
    ATTR_CONTRACT,
    ATTR_MODULE,
    ATTR_FUNCTION,
    ATTR_METHOD,
    ATTR_FIELD,
    ATTR_PARAMETER,
    ATTR__COUNT
} AttrTarget;

static const char *const target_names[ATTR__COUNT] = {
    "TypeDeclaration",     "EnumDeclaration",   "ContractDeclaration", "ModuleDeclaration",
    "FunctionDeclaration", "MethodDeclaration", "FieldDeclaration",    "ParameterDeclaration",
};

/* The kind named 'name', or ATTR__COUNT when it is none. */
static AttrTarget target_of(Symbol name)
{
    for (int k = 0; k < ATTR__COUNT; k++)
        if (strcmp(name, target_names[k]) == 0)
            return (AttrTarget)k;
    return ATTR__COUNT;
}

/* The known kinds of a declaration's target list, as a bit set. */
static unsigned targets_of(const AstItem *decl)
{
    unsigned set = 0;
    for (uint32_t i = 0; i < decl->attribute_decl.target_count; i++) {
        AttrTarget k = target_of(decl->attribute_decl.targets[i].name);
        if (k != ATTR__COUNT)
            set |= 1u << k;
    }
    return set;
}

typedef struct AttrCheck {
    Checker *c;
    VEC(const AstItem *) decls; /* every attribute declaration, in source order */
} AttrCheck;

/* Attribute declarations of 'items' and of the inline modules among them. */
static void collect_decls(AttrCheck *ac, AstItem *const *items, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++) {
        const AstItem *item = items[i];
        if (item->kind == AST_ITEM_ATTRIBUTE_DECL)
            VEC_PUSH(ac->c->arena, &ac->decls, item);
        else if (item->kind == AST_ITEM_INLINE_MODULE)
            collect_decls(ac, item->inline_module.items, item->inline_module.count);
    }
}

/* The declaration a use of 'name' refers to: the last one with that name,
 * wherever it is (as the reference does); NULL when undeclared. */
static const AstItem *find_decl(const AttrCheck *ac, Symbol name)
{
    for (uint32_t i = ac->decls.count; i-- > 0;)
        if (ac->decls.items[i]->name.name == name)
            return ac->decls.items[i];
    return NULL;
}

/* `allowed targets: A, B`: the known kinds of 'decl' in their order, or
 * every kind when 'decl' is NULL. */
static void set_allowed_help(Checker *c, Diag *d, const AstItem *decl)
{
    StrBuf sb = {0};
    unsigned listed = 0;
    uint32_t count = decl ? decl->attribute_decl.target_count : ATTR__COUNT;
    for (uint32_t i = 0; i < count; i++) {
        AttrTarget k = decl ? target_of(decl->attribute_decl.targets[i].name) : (AttrTarget)i;
        if (k == ATTR__COUNT || (listed & (1u << k)))
            continue;
        listed |= 1u << k;
        strbuf_printf(&sb, "%s%s", sb.len ? ", " : "", target_names[k]);
    }
    diag_set_help(&c->stages[STAGE_LEGALITY], d, "allowed targets: %s", strbuf_cstr(&sb));
    strbuf_free(&sb);
}

/* E1807 and E1806 on the target list; E1005 on the parameter types. */
static void check_decl(AttrCheck *ac, const AstItem *decl, bool top_level)
{
    Checker *c = ac->c;
    DiagList *legality = &c->stages[STAGE_LEGALITY];
    Span seen[ATTR__COUNT];
    bool is_seen[ATTR__COUNT] = {0};
    for (uint32_t i = 0; i < decl->attribute_decl.target_count; i++) {
        const AstIdent *target = &decl->attribute_decl.targets[i];
        AttrTarget k = target_of(target->name);
        if (k == ATTR__COUNT) {
            Diag *d = diag_report(legality, target->span, DIAG_E1807_UNKNOWN_ATTRIBUTE_TARGET, target->name);
            set_allowed_help(c, d, NULL);
            continue;
        }
        if (!is_seen[k]) {
            is_seen[k] = true;
            seen[k] = target->span; /* the help of a repeat names the first listing */
            continue;
        }
        Diag *d = diag_report(legality, target->span, DIAG_E1806_DUPLICATE_ATTRIBUTE_TARGET, target->name);
        const SourceFile *file = source_file(c->map, seen[k].file);
        uint32_t line = 0, col = 0;
        if (file)
            source_line_col(file, seen[k].start, &line, &col);
        diag_set_help(legality, d, "target already listed at line %u, column %u", line, col);
    }
    /* Written types are resolved in the root module only: inline modules
     * are not supported yet and bring their own scope when they are. */
    if (top_level)
        for (uint32_t i = 0; i < decl->attribute_decl.param_count; i++)
            resolve_type(c, decl->attribute_decl.params[i].type, true);
}

/* E1809 for each use on 'item' (of kind 'kind') that its declaration forbids. */
static void check_uses(AttrCheck *ac, const AstItem *item, AttrTarget kind)
{
    for (uint32_t i = 0; i < item->attributes.count; i++) {
        const AstAttribute *attr = &item->attributes.items[i];
        const AstItem *decl = find_decl(ac, attr->name.name);
        unsigned allowed = decl ? targets_of(decl) : 0;
        if (allowed == 0 || (allowed & (1u << kind)))
            continue;
        Diag *d = diag_report(&ac->c->stages[STAGE_LEGALITY], attr->span, DIAG_E1809_ATTRIBUTE_NOT_APPLICABLE,
                              attr->name.name, target_names[kind]);
        diag_set_label(&ac->c->stages[STAGE_LEGALITY], d, "attribute target not allowed");
        set_allowed_help(ac->c, d, decl);
    }
}

/* The string literal given for argument 'name' of 'attr', or NULL. */
static const AstExpr *string_arg(const AstAttribute *attr, const char *name)
{
    for (uint32_t i = 0; i < attr->arg_count; i++)
        if (strcmp(attr->args[i].name.name, name) == 0)
            return attr->args[i].value->kind == AST_EXPR_STRING ? attr->args[i].value : NULL;
    return NULL;
}

static bool is_blank(const AstExpr *lit)
{
    for (uint32_t i = 0; i < lit->string_lit.len; i++)
        if (!strchr(" \t\n\r\v\f", lit->string_lit.bytes[i]) || lit->string_lit.bytes[i] == '\0')
            return false;
    return true;
}

/* "C" in any case (§3.6.7). */
static bool is_c_abi(const AstExpr *lit)
{
    return lit->string_lit.len == 1 && (lit->string_lit.bytes[0] == 'C' || lit->string_lit.bytes[0] == 'c');
}

static bool is_c_scalar(const AstType *type)
{
    if (type->kind != AST_TYPE_PRIMITIVE)
        return false;
    AstPrimitive p = type->primitive;
    return p == AST_PRIM_BOOL || p == AST_PRIM_U8 || p == AST_PRIM_I32 || p == AST_PRIM_I64 || p == AST_PRIM_F64;
}

static bool is_u8(const AstType *type)
{
    return type->kind == AST_TYPE_PRIMITIVE && type->primitive == AST_PRIM_U8;
}

/* bool u8 i32 i64 f64, or `ref u8` (a pointer to bytes), written either as
 * the parameter modifier or as the type. */
static bool is_extern_param(const AstParam *param)
{
    if (param->modifier == AST_PARAM_REF)
        return is_u8(param->type);
    if (param->modifier == AST_PARAM_OUT)
        return false;
    return is_c_scalar(param->type) || (param->type->kind == AST_TYPE_REF && is_u8(param->type->element));
}

static void extern_report(Checker *c, Span span, DiagId id, const char *label, const char *help, const char *method)
{
    Diag *d = method ? diag_report(&c->stages[STAGE_DEFS], span, id, method) : diag_report(&c->stages[STAGE_DEFS], span, id);
    diag_set_label(&c->stages[STAGE_DEFS], d, "%s", label);
    diag_set_help(&c->stages[STAGE_DEFS], d, "%s", help);
}

/* T0901-T0904 for the first `[Extern]` of a contract. */
static void check_extern_contract(Checker *c, const AstItem *contract)
{
    const AstAttribute *attr = NULL;
    for (uint32_t i = 0; i < contract->attributes.count && !attr; i++)
        if (strcmp(contract->attributes.items[i].name.name, "Extern") == 0)
            attr = &contract->attributes.items[i];
    if (!attr)
        return;
    const AstExpr *abi = string_arg(attr, "Abi");
    if (!abi || !is_c_abi(abi))
        extern_report(c, contract->name.span, DIAG_T0901_INVALID_EXTERN_ABI, "extern attribute",
                      "Use [Extern(Abi:\"C\", Library:\"...\")] on the contract", NULL);
    const AstExpr *library = string_arg(attr, "Library");
    if (!library || is_blank(library))
        extern_report(c, contract->name.span, DIAG_T0902_EXTERN_MISSING_LIBRARY, "extern attribute",
                      "Provide Library:\"<soname>\"; e.g., libc.so.6 on Linux", NULL);
    for (uint32_t i = 0; i < contract->contract.member_count; i++) {
        const AstContractMember *m = &contract->contract.members[i];
        if (m->is_embedded)
            continue;
        for (uint32_t j = 0; j < m->param_count; j++)
            if (!is_extern_param(&m->params[j]))
                extern_report(c, m->params[j].span, DIAG_T0903_EXTERN_PARAM_TYPE, "parameter type",
                              "Allowed: bool, u8, i32, i64, f64; for raw pointers, pass as i64 (pointer-sized) for now",
                              m->name.name);
        if (!is_c_scalar(m->ret) && !(m->ret->kind == AST_TYPE_PRIMITIVE && m->ret->primitive == AST_PRIM_UNIT))
            extern_report(c, m->ret->span, DIAG_T0904_EXTERN_RETURN_TYPE, "return type",
                          "Allowed: bool, u8, i32, i64, f64, or unit (no value)", m->name.name);
    }
}

static void check_items(AttrCheck *ac, AstItem *const *items, uint32_t count, bool top_level)
{
    for (uint32_t i = 0; i < count; i++) {
        const AstItem *item = items[i];
        switch (item->kind) {
        case AST_ITEM_ATTRIBUTE_DECL:
            check_decl(ac, item, top_level);
            break;
        case AST_ITEM_CONTRACT:
            check_uses(ac, item, ATTR_CONTRACT);
            check_extern_contract(ac->c, item);
            break;
        case AST_ITEM_MODULE_DECL:
            check_uses(ac, item, ATTR_MODULE);
            break;
        case AST_ITEM_INLINE_MODULE:
            check_uses(ac, item, ATTR_MODULE);
            check_items(ac, item->inline_module.items, item->inline_module.count, false);
            break;
        case AST_ITEM_TEST: /* no target kind names tests: any attribute is accepted */
            break;
        default:
            BSK_ASSERT(item->attributes.count == 0); /* the parser rejects them (§2.2) */
            break;
        }
    }
}

void check_attributes(Checker *c, const AstFile *const *files, uint32_t file_count)
{
    AttrCheck ac = {.c = c};
    for (uint32_t f = 0; f < file_count; f++)
        collect_decls(&ac, files[f]->items, files[f]->count);
    for (uint32_t f = 0; f < file_count; f++)
        check_items(&ac, files[f]->items, files[f]->count, true);
}
