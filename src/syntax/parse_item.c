/* syntax/parse_item.c: items and modules (language.md §2.2). Attributes are
 * accepted only on contract, mod and test; doc runs before items, methods,
 * contract members, params, fields, variants and test-body statements. An
 * item's span starts at its attributes/visibility (the doc run is excluded). */
#include "support/vec.h"
#include "syntax/parser_internal.h"

/* param = [ DOC ] [ "ref" | "out" ] type IDENT ;  params = param { "," param } ;
 * 'is_method': a parameter named `self` is an error in impl methods. */
static AstParam *parse_params(Parser *p, uint32_t *count, bool is_method)
{
    parser_expect(p, TOK_LPAREN, "to open the parameter list");
    VEC(AstParam) params = {0};
    if (!parser_at(p, TOK_RPAREN)) {
        do {
            AstParam param = {0};
            param.id = parser_new_id(p);
            param.doc = parser_take_doc(p);
            Span start = parser_peek(p)->span;
            if (parser_accept(p, TOK_KW_REF))
                param.modifier = AST_PARAM_REF;
            else if (parser_accept(p, TOK_KW_OUT))
                param.modifier = AST_PARAM_OUT;
            param.type = parse_type(p);
            param.name = parser_expect_ident(p, "(the parameter name) after the parameter type");
            if (is_method && param.name.name == p->sym_self)
                parser_error_at(p, param.name.span, "explicit `self` parameter is not allowed in impl methods");
            param.span = span_join(start, param.name.span);
            VEC_PUSH(p->arena, &params, param);
        } while (parser_accept(p, TOK_COMMA));
    }
    parser_expect(p, TOK_RPAREN, "to close the parameter list");
    *count = params.count;
    return params.items;
}

/* generic_params = "<" IDENT { "," IDENT } ">" ; */
static AstGenericParams parse_generic_params(Parser *p)
{
    AstGenericParams generics = {0};
    if (!parser_accept(p, TOK_LT))
        return generics;
    VEC(AstIdent) names = {0};
    do
        VEC_PUSH(p->arena, &names, parser_expect_ident(p, "(a generic parameter name)"));
    while (parser_accept(p, TOK_COMMA));
    parser_expect(p, TOK_GT, "to close the generic parameters");
    generics.present = true;
    generics.names = names.items;
    generics.count = names.count;
    return generics;
}

/* path = IDENT { "." IDENT } ;  (module and use paths: no generic arguments) */
static AstPath parse_plain_path(Parser *p, const char *context)
{
    AstPath path = {0};
    VEC(AstPathSegment) segs = {0};
    do {
        AstIdent name = parser_expect_ident(p, context);
        AstPathSegment seg = {0};
        seg.name = name.name;
        seg.span = name.span;
        VEC_PUSH(p->arena, &segs, seg);
    } while (parser_accept(p, TOK_DOT));
    path.segments = segs.items;
    path.count = segs.count;
    path.span = span_join(segs.items[0].span, segs.items[segs.count - 1].span);
    return path;
}

/* function_def = type IDENT [ generic_params ] "(" [ params ] ")" block ;
 * method_def has no generic parameters. */
static void parse_function(Parser *p, AstFunction *fn, bool is_method)
{
    fn->ret = parse_type(p);
    fn->name = parser_expect_ident(p, "(the function name) after the return type");
    if (parser_at(p, TOK_LT)) {
        if (is_method)
            parser_error_at(p, parser_peek(p)->span, "impl methods cannot have generic parameters");
        fn->generics = parse_generic_params(p);
    }
    fn->params = parse_params(p, &fn->param_count, is_method);
    fn->body = parse_block(p);
}

/* attribute = "[" IDENT [ "(" [ attr_arg { "," attr_arg } ] ")" ] "]" ; attr_arg = IDENT ":" expression ; */
static AstAttribute parse_attribute(Parser *p)
{
    AstAttribute attr = {0};
    Span start = parser_expect(p, TOK_LBRACKET, "")->span;
    attr.name = parser_expect_ident(p, "(the attribute name)");
    if (parser_accept(p, TOK_LPAREN)) {
        attr.has_parens = true;
        VEC(AstAttrArg) args = {0};
        if (!parser_at(p, TOK_RPAREN)) {
            do {
                AstAttrArg arg = {0};
                arg.name = parser_expect_ident(p, "(an attribute argument name)");
                parser_expect(p, TOK_COLON, "after the attribute argument name");
                arg.value = parse_expr(p);
                VEC_PUSH(p->arena, &args, arg);
            } while (parser_accept(p, TOK_COMMA));
        }
        parser_expect(p, TOK_RPAREN, "to close the attribute arguments");
        attr.args = args.items;
        attr.arg_count = args.count;
    }
    parser_expect(p, TOK_RBRACKET, "to close the attribute");
    attr.span = span_join(start, parser_prev_span(p));
    return attr;
}

/* attribute_decl = "attribute" IDENT [ "(" IDENT { "," IDENT } [ "," ] ")" ]
 *                  "{" [ attr_param { "," attr_param } [ "," ] ] "}" ; */
static void parse_attribute_decl(Parser *p, AstItem *item)
{
    parser_expect(p, TOK_KW_ATTRIBUTE, "");
    item->name = parser_expect_ident(p, "(the attribute name) after `attribute`");
    if (parser_accept(p, TOK_LPAREN)) {
        item->attribute_decl.has_targets = true;
        VEC(AstIdent) targets = {0};
        do {
            if (parser_at(p, TOK_RPAREN) && targets.count > 0)
                break;
            VEC_PUSH(p->arena, &targets, parser_expect_ident(p, "(an attribute target)"));
        } while (parser_accept(p, TOK_COMMA));
        parser_expect(p, TOK_RPAREN, "to close the attribute targets");
        item->attribute_decl.targets = targets.items;
        item->attribute_decl.target_count = targets.count;
    }
    parser_expect(p, TOK_LBRACE, "to open the attribute parameters");
    VEC(AstAttrParam) params = {0};
    while (!parser_at(p, TOK_RBRACE)) {
        AstAttrParam param = {0};
        param.name = parser_expect_ident(p, "(an attribute parameter name)");
        parser_expect(p, TOK_COLON, "after the attribute parameter name");
        param.type = parse_type(p);
        if (parser_accept(p, TOK_ASSIGN))
            param.default_value = parse_expr(p);
        VEC_PUSH(p->arena, &params, param);
        if (!parser_accept(p, TOK_COMMA))
            break;
    }
    parser_expect(p, TOK_RBRACE, "to close the attribute parameters");
    item->attribute_decl.params = params.items;
    item->attribute_decl.param_count = params.count;
}

/* module_decl = "mod" path ";" ;  inline_module = "mod" IDENT "{" { item } "}" ; */
static void parse_mod(Parser *p, AstItem *item)
{
    parser_expect(p, TOK_KW_MOD, "");
    AstPath path = parse_plain_path(p, "(the module name) after `mod`");
    AstPathSegment *last = &path.segments[path.count - 1];
    item->name = (AstIdent){last->name, last->span};
    if (path.count == 1 && parser_at(p, TOK_LBRACE)) {
        parser_advance(p);
        parser_enter(p);
        item->kind = AST_ITEM_INLINE_MODULE;
        VEC(AstItem *) items = {0};
        while (!parser_at(p, TOK_RBRACE) && !parser_at(p, TOK_EOF))
            VEC_PUSH(p->arena, &items, parse_item(p));
        parser_expect(p, TOK_RBRACE, "to close the module");
        parser_leave(p);
        item->inline_module.items = items.items;
        item->inline_module.count = items.count;
        return;
    }
    item->kind = AST_ITEM_MODULE_DECL;
    item->module_decl.path = path;
    parser_expect(p, TOK_SEMI, "after the module path");
}

/* use_decl = "use" path [ "as" IDENT ] ";" ; */
static void parse_use(Parser *p, AstItem *item)
{
    parser_expect(p, TOK_KW_USE, "");
    item->use.path = parse_plain_path(p, "(a path) after `use`");
    AstPathSegment *last = &item->use.path.segments[item->use.path.count - 1];
    item->name = (AstIdent){last->name, last->span};
    if (parser_at(p, TOK_IDENT) && parser_peek(p)->ident == p->sym_as) {
        parser_advance(p);
        item->use.has_alias = true;
        item->use.alias = parser_expect_ident(p, "after `as`");
    }
    parser_expect(p, TOK_SEMI, "after `use` path");
}

/* [ DOC ] method_def ;  method_def = [ visibility ] type IDENT "(" [ params ] ")" block ; */
static AstMethod parse_method(Parser *p)
{
    AstMethod method = {0};
    method.doc = parser_take_doc(p);
    Span start = parser_peek(p)->span;
    if (parser_at(p, TOK_LBRACKET))
        parser_error_at(p, start, "attributes are not allowed on methods");
    if (parser_accept(p, TOK_KW_PUB))
        method.visibility = AST_PUBLIC;
    parse_function(p, &method.fn, true);
    method.span = span_join(start, parser_prev_span(p));
    return method;
}

/* impl_block = "impl" ( PRIMITIVE | path ) "{" { [ DOC ] method_def } "}" ; */
static void parse_impl(Parser *p, AstItem *item)
{
    parser_expect(p, TOK_KW_IMPL, "");
    const Token *first = parser_peek(p);
    if (!parse_is_primitive(first->kind) && first->kind != TOK_IDENT)
        parser_error_expected(p, "type name after `impl`");
    AstType *target = parse_type(p);
    if (target->kind != AST_TYPE_PRIMITIVE && target->kind != AST_TYPE_PATH)
        parser_error_at(p, target->span, "expected a type name after `impl`");
    item->impl.target = target;
    if (target->kind == AST_TYPE_PATH) {
        AstPathSegment *last = &target->path.segments[target->path.count - 1];
        item->name = (AstIdent){last->name, last->span};
    } else {
        item->name = (AstIdent){intern_cstr(p->interner, ast_primitive_name(target->primitive)), target->span};
    }
    parser_expect(p, TOK_LBRACE, "to open the impl block");
    VEC(AstMethod) methods = {0};
    while (!parser_at(p, TOK_RBRACE))
        VEC_PUSH(p->arena, &methods, parse_method(p));
    parser_expect(p, TOK_RBRACE, "to close the impl block");
    item->impl.methods = methods.items;
    item->impl.method_count = methods.count;
}

/* field = [ DOC ] ( event_field | type IDENT ) ;
 * event_field = "event" [ "{" INT "}" ] IDENT "(" [ params ] ")" ; */
static AstField parse_field(Parser *p)
{
    AstField field = {0};
    field.doc = parser_take_doc(p);
    Span start = parser_peek(p)->span;
    if (parser_accept(p, TOK_KW_EVENT)) {
        field.is_event = true;
        if (parser_accept(p, TOK_LBRACE)) {
            const Token *cap = parser_peek(p);
            if (cap->kind != TOK_INT || cap->overflowed)
                parser_error_at(p, cap->span, "event capacity must be a non-negative integer literal");
            parser_advance(p);
            field.has_capacity = true;
            field.capacity = cap->int_value;
            field.capacity_span = cap->span;
            parser_expect(p, TOK_RBRACE, "after the event capacity");
        }
        field.name = parser_expect_ident(p, "(the event name)");
        field.params = parse_params(p, &field.param_count, false);
    } else {
        field.type = parse_type(p);
        field.name = parser_expect_ident(p, "(the field name) after the field type");
    }
    field.span = span_join(start, parser_prev_span(p));
    return field;
}

/* fields = field { "," field } [ "," ] ;  up to (not including) 'close' */
static AstField *parse_fields(Parser *p, TokenKind close, uint32_t *count)
{
    VEC(AstField) fields = {0};
    while (!parser_at(p, close)) {
        VEC_PUSH(p->arena, &fields, parse_field(p));
        if (!parser_accept(p, TOK_COMMA))
            break;
    }
    *count = fields.count;
    return fields.items;
}

/* True when the member of a type body at the current token (after its doc
 * run) is a method: `pub`, an attribute (reported by parse_method), or
 * `type IDENT "("` (or `<`). A field is `type IDENT` followed by `,` or `}`. */
static bool at_method(Parser *p)
{
    uint32_t index = p->pos;
    while (parser_kind_at(p, index) == TOK_DOC)
        index++;
    TokenKind kind = parser_kind_at(p, index);
    if (kind == TOK_KW_PUB || kind == TOK_LBRACKET)
        return true;
    /* `<` after the name: a generic method, reported by parse_function */
    return kind != TOK_KW_EVENT && scan_type(p, &index, p->depth) && parser_kind_at(p, index) == TOK_IDENT &&
           (parser_kind_at(p, index + 1) == TOK_LPAREN || parser_kind_at(p, index + 1) == TOK_LT);
}

/* type_def = "type" IDENT [ generic_params ] [ ":" path { "," path } ] "{" { type_member } "}" ;
 * type_member = method_def [ "," ] | field ( "," | before "}" ) ;   (§5a item 7)
 * Fields and methods may come in any order; a field is followed by a comma
 * unless it ends the body, a method's block needs none. */
static void parse_type_def(Parser *p, AstItem *item)
{
    parser_expect(p, TOK_KW_TYPE, "");
    item->name = parser_expect_ident(p, "(the type name) after `type`");
    item->type_def.generics = parse_generic_params(p);
    if (parser_accept(p, TOK_COLON)) {
        VEC(AstPath) conformances = {0};
        do {
            if (!parser_at(p, TOK_IDENT))
                parser_error_expected(p, "contract name");
            AstType *type = parse_type(p);
            if (type->kind != AST_TYPE_PATH)
                parser_error_at(p, type->span, "expected a contract name");
            VEC_PUSH(p->arena, &conformances, type->path);
        } while (parser_accept(p, TOK_COMMA));
        item->type_def.conformances = conformances.items;
        item->type_def.conformance_count = conformances.count;
    }
    parser_expect(p, TOK_LBRACE, "to open the type's fields");
    VEC(AstField) fields = {0};
    VEC(AstMethod) methods = {0};
    while (!parser_at(p, TOK_RBRACE) && !parser_at(p, TOK_EOF)) {
        if (at_method(p)) {
            VEC_PUSH(p->arena, &methods, parse_method(p));
            parser_accept(p, TOK_COMMA);
            continue;
        }
        VEC_PUSH(p->arena, &fields, parse_field(p));
        if (!parser_at(p, TOK_RBRACE))
            parser_expect(p, TOK_COMMA, "after the field");
    }
    parser_expect(p, TOK_RBRACE, "to close the type's fields");
    item->type_def.fields = fields.items;
    item->type_def.field_count = fields.count;
    item->type_def.methods = methods.items;
    item->type_def.method_count = methods.count;
}

/* enum_def = "enum" IDENT [ generic_params ] "{" [ variant { "," variant } [ "," ] ] "}" ;
 * variant = [ DOC ] IDENT [ "(" [ fields ] ")" ] ; */
static void parse_enum(Parser *p, AstItem *item)
{
    parser_expect(p, TOK_KW_ENUM, "");
    item->name = parser_expect_ident(p, "(the enum name) after `enum`");
    item->enum_def.generics = parse_generic_params(p);
    parser_expect(p, TOK_LBRACE, "to open the enum variants");
    VEC(AstVariant) variants = {0};
    while (!parser_at(p, TOK_RBRACE)) {
        AstVariant variant = {0};
        variant.doc = parser_take_doc(p);
        variant.name = parser_expect_ident(p, "(a variant name)");
        if (parser_accept(p, TOK_LPAREN)) {
            variant.has_parens = true;
            variant.fields = parse_fields(p, TOK_RPAREN, &variant.field_count);
            parser_expect(p, TOK_RPAREN, "to close the variant fields");
        }
        variant.span = span_join(variant.name.span, parser_prev_span(p));
        VEC_PUSH(p->arena, &variants, variant);
        if (!parser_accept(p, TOK_COMMA))
            break;
    }
    parser_expect(p, TOK_RBRACE, "to close the enum");
    item->enum_def.variants = variants.items;
    item->enum_def.variant_count = variants.count;
}

/* contract_member = type IDENT "(" [ params ] ")" ";" | IDENT [ ";" ] ; */
static AstContractMember parse_contract_member(Parser *p)
{
    AstContractMember member = {0};
    member.doc = parser_take_doc(p);
    Span start = parser_peek(p)->span;
    uint32_t index = p->pos;
    bool is_method = scan_type(p, &index, p->depth) && parser_kind_at(p, index) == TOK_IDENT &&
                     parser_kind_at(p, index + 1) == TOK_LPAREN;
    if (is_method) {
        member.ret = parse_type(p);
        member.name = parser_expect_ident(p, "");
        member.params = parse_params(p, &member.param_count, false);
        parser_expect(p, TOK_SEMI, "after the contract method signature");
    } else {
        if (!parser_at(p, TOK_IDENT))
            parser_error_expected(p, "contract method signature or embedded contract name");
        member.is_embedded = true;
        member.embedded = parser_expect_ident(p, "");
        member.name = member.embedded;
        parser_accept(p, TOK_SEMI);
    }
    member.span = span_join(start, parser_prev_span(p));
    return member;
}

/* contract_def = "contract" IDENT "{" { [ DOC ] contract_member } "}" ; */
static void parse_contract(Parser *p, AstItem *item)
{
    parser_expect(p, TOK_KW_CONTRACT, "");
    item->name = parser_expect_ident(p, "(the contract name) after `contract`");
    parser_expect(p, TOK_LBRACE, "to open the contract");
    VEC(AstContractMember) members = {0};
    while (!parser_at(p, TOK_RBRACE))
        VEC_PUSH(p->arena, &members, parse_contract_member(p));
    parser_expect(p, TOK_RBRACE, "to close the contract");
    item->contract.members = members.items;
    item->contract.member_count = members.count;
}

/* "meta" | "skip" "{" { IDENT "=" expression ";" } "}" */
static AstMetaEntry *parse_meta_block(Parser *p, uint32_t *count, AstMetaEntry *prev, uint32_t prev_count)
{
    parser_advance(p);
    parser_expect(p, TOK_LBRACE, "after `meta`/`skip`");
    VEC(AstMetaEntry) entries = {0};
    for (uint32_t i = 0; i < prev_count; i++)
        VEC_PUSH(p->arena, &entries, prev[i]);
    while (!parser_at(p, TOK_RBRACE)) {
        AstMetaEntry entry = {0};
        entry.key = parser_expect_ident(p, "(a key)");
        parser_expect(p, TOK_ASSIGN, "after the key");
        entry.value = parse_expr(p);
        parser_expect(p, TOK_SEMI, "after the value");
        entry.span = span_join(entry.key.span, parser_prev_span(p));
        VEC_PUSH(p->arena, &entries, entry);
    }
    parser_expect(p, TOK_RBRACE, "to close the block");
    *count = entries.count;
    return entries.items;
}

/* test_def = "test" IDENT "{" { test_member } "}" ;
 * test_member = "meta" "{" … "}" | "skip" "{" … "}" | [ DOC ] statement ; */
static void parse_test(Parser *p, AstItem *item)
{
    parser_expect(p, TOK_KW_TEST, "");
    item->name = parser_expect_ident(p, "(the test name) after `test`");
    AstBlock *body = ARENA_NEW(p->arena, AstBlock);
    Span start = parser_expect(p, TOK_LBRACE, "to open the test body")->span;
    parser_enter(p);
    VEC(AstStmt *) stmts = {0};
    while (!parser_at(p, TOK_RBRACE) && !parser_at(p, TOK_EOF)) {
        if (parser_at(p, TOK_KW_META)) {
            item->test.has_meta = true;
            item->test.meta = parse_meta_block(p, &item->test.meta_count, item->test.meta, item->test.meta_count);
        } else if (parser_at(p, TOK_KW_SKIP)) {
            item->test.has_skip = true;
            item->test.skip = parse_meta_block(p, &item->test.skip_count, item->test.skip, item->test.skip_count);
        } else {
            VEC_PUSH(p->arena, &stmts, parse_stmt(p, true));
        }
    }
    parser_expect(p, TOK_RBRACE, "to close the test body");
    parser_leave(p);
    body->stmts = stmts.items;
    body->count = stmts.count;
    body->span = span_join(start, parser_prev_span(p));
    item->test.body = body;
}

static bool type_can_start(TokenKind kind)
{
    return kind == TOK_IDENT || kind == TOK_LPAREN || kind == TOK_KW_REF || parse_is_primitive(kind);
}

/* item = [ DOC ] [ attributes ] [ visibility ] item_body ; */
AstItem *parse_item(Parser *p)
{
    AstItem *item = ARENA_NEW(p->arena, AstItem);
    item->node_begin = *p->next_id;
    item->doc = parser_take_doc(p);
    Span start = parser_peek(p)->span;
    VEC(AstAttribute) attrs = {0};
    while (parser_at(p, TOK_LBRACKET))
        VEC_PUSH(p->arena, &attrs, parse_attribute(p));
    item->attributes.items = attrs.items;
    item->attributes.count = attrs.count;
    if (parser_accept(p, TOK_KW_PUB))
        item->visibility = AST_PUBLIC;
    TokenKind kind = parser_peek(p)->kind;
    bool takes_attributes = kind == TOK_KW_CONTRACT || kind == TOK_KW_MOD || kind == TOK_KW_TEST;
    if (attrs.count > 0 && !takes_attributes)
        parser_error_at(p, attrs.items[0].span, "attributes are only allowed on contracts, modules and tests");
    switch (kind) {
    case TOK_KW_ATTRIBUTE:
        item->kind = AST_ITEM_ATTRIBUTE_DECL;
        parse_attribute_decl(p, item);
        break;
    case TOK_KW_MOD:
        parse_mod(p, item);
        break;
    case TOK_KW_USE:
        item->kind = AST_ITEM_USE;
        parse_use(p, item);
        break;
    case TOK_KW_IMPL:
        if (item->visibility == AST_PUBLIC)
            parser_error_at(p, parser_prev_span(p), "`impl` blocks cannot be `pub`");
        item->kind = AST_ITEM_IMPL;
        parse_impl(p, item);
        break;
    case TOK_KW_TYPE:
        item->kind = AST_ITEM_TYPE;
        parse_type_def(p, item);
        break;
    case TOK_KW_ENUM:
        item->kind = AST_ITEM_ENUM;
        parse_enum(p, item);
        break;
    case TOK_KW_CONTRACT:
        item->kind = AST_ITEM_CONTRACT;
        parse_contract(p, item);
        break;
    case TOK_KW_TEST:
        item->kind = AST_ITEM_TEST;
        parse_test(p, item);
        break;
    default:
        if (!type_can_start(kind))
            parser_error_expected(p, "item");
        item->kind = AST_ITEM_FUNCTION;
        parse_function(p, &item->function, false);
        item->name = item->function.name;
        break;
    }
    item->span = span_join(start, parser_prev_span(p));
    item->node_end = *p->next_id;
    return item;
}
