/* syntax/parse_stmt.c: blocks and statements (language.md §2.4, §5a items
 * 1 and 3, §5b item 6). A statement is a typed let iff it has the shape
 * `type ["mut"] IDENT "="` (decided with scan_type, §2.6), or starts `mut`. */
#include "support/vec.h"
#include "syntax/parser_internal.h"

static AstStmt *new_stmt(Parser *p, AstStmtKind kind, Span span)
{
    AstStmt *stmt = ARENA_NEW(p->arena, AstStmt);
    stmt->kind = kind;
    stmt->id = parser_new_id(p);
    stmt->span = span;
    return stmt;
}

/* block = "{" { statement } "}" ; */
AstBlock *parse_block(Parser *p)
{
    parser_enter(p);
    bool saved = p->no_struct;
    p->no_struct = false;
    AstBlock *block = ARENA_NEW(p->arena, AstBlock);
    Span start = parser_expect(p, TOK_LBRACE, "to open a block")->span;
    VEC(AstStmt *) stmts = {0};
    while (!parser_at(p, TOK_RBRACE) && !parser_at(p, TOK_EOF))
        VEC_PUSH(p->arena, &stmts, parse_stmt(p, false));
    parser_expect(p, TOK_RBRACE, "to close the block");
    block->stmts = stmts.items;
    block->count = stmts.count;
    block->span = span_join(start, parser_prev_span(p));
    p->no_struct = saved;
    parser_leave(p);
    return block;
}

static void expect_semi(Parser *p, const char *context)
{
    parser_expect(p, TOK_SEMI, context);
}

/* let_stmt = "let" IDENT "=" expression ";" ;  `let mut` and `let x: T` are errors */
static AstStmt *parse_let(Parser *p)
{
    Span start = parser_expect(p, TOK_KW_LET, "")->span;
    if (parser_at(p, TOK_KW_MUT))
        parser_error_at(p, parser_peek(p)->span, "`let mut` is not allowed; declare a mutable local as `T mut x = …`");
    AstStmt *stmt = new_stmt(p, AST_STMT_LET, start);
    stmt->let.name = parser_expect_ident(p, "after `let`");
    if (parser_at(p, TOK_COLON))
        parser_error_at(p, parser_peek(p)->span, "`let x: T` is not allowed; write the type first: `T x = …`");
    parser_expect(p, TOK_ASSIGN, "after the name in `let`");
    stmt->let.init = parse_expr(p);
    expect_semi(p, "after `let` statement");
    stmt->span = span_join(start, parser_prev_span(p));
    return stmt;
}

/* let_stmt = [ "mut" ] type [ "mut" ] IDENT "=" expression ";" ; */
static AstStmt *parse_typed_let(Parser *p)
{
    Span start = parser_peek(p)->span;
    AstStmt *stmt = new_stmt(p, AST_STMT_LET, start);
    if (parser_accept(p, TOK_KW_MUT)) {
        stmt->let.is_mutable = true;
        stmt->let.mut_first = true;
    }
    stmt->let.type = parse_type(p);
    if (parser_at(p, TOK_KW_MUT)) {
        if (stmt->let.mut_first)
            parser_error_at(p, parser_peek(p)->span, "`mut` written twice in a declaration");
        parser_advance(p);
        stmt->let.is_mutable = true;
    }
    stmt->let.name = parser_expect_ident(p, "(the variable name) after the type");
    parser_expect(p, TOK_ASSIGN, "after the variable name (locals must be initialised)");
    stmt->let.init = parse_expr(p);
    expect_semi(p, "after variable declaration");
    stmt->span = span_join(start, parser_prev_span(p));
    return stmt;
}

/* Statement start (§2.6): `type ["mut"] IDENT` begins a typed let (the `=`
 * is then required); `x as T;` stays an expression. */
static bool typed_let_follows(const Parser *p)
{
    uint32_t index = p->pos;
    if (!scan_type(p, &index, p->depth))
        return false;
    if (parser_kind_at(p, index) == TOK_KW_MUT)
        return true;
    /* `T[] out = …`: a keyword as the name is the declaration's error, not
     * an expression's (parse_typed_let reports it at the keyword). */
    if (parser_kind_at(p, index) >= TOK_KW_TYPE && parser_kind_at(p, index) <= TOK_KW_UNIT &&
        parser_kind_at(p, index + 1) == TOK_ASSIGN)
        return true;
    if (parser_kind_at(p, index) != TOK_IDENT)
        return false;
    return parser_kind_at(p, index + 1) == TOK_ASSIGN || p->toks[index].ident != p->sym_as;
}

/* if_stmt = "if" expression block [ "else" ( block | if_stmt ) ] ;
 * An `else if` chain is flat, not nesting: built in a loop, any length. */
static AstStmt *parse_if(Parser *p)
{
    VEC(AstStmt *) chain = {0};
    AstStmt *first = NULL;
    for (;;) {
        Span start = parser_expect(p, TOK_KW_IF, "")->span;
        AstStmt *stmt = new_stmt(p, AST_STMT_IF, start);
        if (chain.count)
            chain.items[chain.count - 1]->if_.else_if = stmt;
        else
            first = stmt;
        VEC_PUSH(p->arena, &chain, stmt);
        stmt->if_.cond = parse_expr_no_struct(p);
        stmt->if_.then_block = parse_block(p);
        if (!parser_accept(p, TOK_KW_ELSE))
            break;
        if (!parser_at(p, TOK_KW_IF)) {
            stmt->if_.else_block = parse_block(p);
            break;
        }
    }
    /* Each `if` of the chain ends where the whole statement ends. */
    Span end = parser_prev_span(p);
    for (uint32_t i = 0; i < chain.count; i++)
        chain.items[i]->span = span_join(chain.items[i]->span, end);
    return first;
}

static AstStmt *parse_stmt_body(Parser *p)
{
    const Token *tok = parser_peek(p);
    AstStmt *stmt;
    switch (tok->kind) {
    case TOK_KW_LET:
        return parse_let(p);
    case TOK_KW_MUT:
        return parse_typed_let(p);
    case TOK_KW_RETURN:
        parser_advance(p);
        stmt = new_stmt(p, AST_STMT_RETURN, tok->span);
        if (!parser_at(p, TOK_SEMI))
            stmt->return_.value = parse_expr(p);
        expect_semi(p, "after `return`");
        break;
    case TOK_KW_BREAK:
    case TOK_KW_CONTINUE:
        parser_advance(p);
        stmt = new_stmt(p, tok->kind == TOK_KW_BREAK ? AST_STMT_BREAK : AST_STMT_CONTINUE, tok->span);
        expect_semi(p, tok->kind == TOK_KW_BREAK ? "after `break`" : "after `continue`");
        break;
    case TOK_KW_WHILE:
        parser_advance(p);
        stmt = new_stmt(p, AST_STMT_WHILE, tok->span);
        stmt->while_.cond = parse_expr_no_struct(p);
        stmt->while_.body = parse_block(p);
        break;
    case TOK_KW_FOR:
        parser_advance(p);
        stmt = new_stmt(p, AST_STMT_FOR, tok->span);
        stmt->for_.var = parser_expect_ident(p, "(the loop variable) after `for`");
        parser_expect(p, TOK_KW_IN, "after the loop variable");
        stmt->for_.iterable = parse_expr_no_struct(p);
        stmt->for_.body = parse_block(p);
        break;
    case TOK_KW_IF:
        return parse_if(p);
    case TOK_KW_MATCH: /* statement position: the `;` is optional (§5b item 6) */
        stmt = new_stmt(p, AST_STMT_EXPR, tok->span);
        stmt->expr.expr = parse_match(p);
        stmt->expr.has_semicolon = parser_accept(p, TOK_SEMI);
        break;
    default:
        if (typed_let_follows(p))
            return parse_typed_let(p);
        stmt = new_stmt(p, AST_STMT_EXPR, tok->span);
        stmt->expr.expr = parse_expr(p);
        expect_semi(p, "after expression");
        stmt->expr.has_semicolon = true;
        break;
    }
    stmt->span = span_join(tok->span, parser_prev_span(p));
    return stmt;
}

/* statement = [ DOC (top level of a test body only) ] statement_body ; */
AstStmt *parse_stmt(Parser *p, bool allow_doc)
{
    const char *doc = NULL;
    if (parser_at(p, TOK_DOC)) {
        if (!allow_doc)
            parser_error_at(p, parser_peek(p)->span,
                            "documentation comment `///` is not allowed before a statement here");
        doc = parser_take_doc(p);
    }
    AstStmt *stmt = parse_stmt_body(p);
    stmt->doc = doc;
    return stmt;
}
