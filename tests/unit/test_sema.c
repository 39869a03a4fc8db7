/* tests/unit/test_sema.c: the checked program lives beside the AST
 * (sema/program.h): checking leaves the tree exactly as parsed, node ids are
 * dense and distinct across files, and the facts lowering relies on
 * (conversions, field paths, bindings) are recorded on the right nodes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sema/sema.h"
#include "support/arena.h"
#include "support/intern.h"
#include "support/source.h"
#include "syntax/ast_print.h"
#include "syntax/parser.h"

typedef struct Fixture {
    Arena *arena;
    Interner *interner;
    SourceMap map;
    DiagList diags;
} Fixture;

static int setup(void **state)
{
    Fixture *fx = calloc(1, sizeof *fx);
    fx->arena = arena_new();
    fx->interner = intern_new(fx->arena);
    source_map_init(&fx->map, fx->arena);
    diag_list_init(&fx->diags, fx->arena);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    Fixture *fx = *state;
    arena_free(fx->arena);
    free(fx);
    return 0;
}

static AstFile *parse(Fixture *fx, const char *name, const char *text, AstId first)
{
    uint32_t file = source_add(&fx->map, name, text, strlen(text));
    AstFile *ast = parse_file(fx->arena, fx->interner, &fx->map, file, first, &fx->diags);
    assert_non_null(ast);
    return ast;
}

/* The `beskid parse` text of 'ast' (malloc'ed). */
static char *print(Fixture *fx, const AstFile *ast)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    ast_print(out, ast, &fx->map);
    fclose(out);
    return text;
}

static const char *program =
    "type Inner { i64 v }\n"
    "type Outer { Inner inner, i32 n }\n"
    "impl Inner { i64 Get() { return this.v; } }\n"
    "enum Shape { Dot, Line(i64 len) }\n"
    "i64 widen(i32 x) { return x; }\n"
    "i64 main() {\n"
    "    Outer o = Outer { inner: Inner { v: 40 }, n: 2 };\n"
    "    mut i64 total = o.inner.v + o.n;\n"
    "    o.inner.v = 1;\n"
    "    total += o.inner.Get();\n"
    "    let f = (i64 k) => k + total;\n"
    "    for i in range(0, 3) { total = total + i; }\n"
    "    let s = Shape::Line(2);\n"
    "    let m = match s { Shape::Line(len) => len, Shape::Dot => 0 };\n"
    "    return f(total) + m + widen(1);\n"
    "}\n";

static void checking_leaves_the_tree_as_parsed(void **state)
{
    Fixture *fx = *state;
    AstFile *ast = parse(fx, "a.bd", program, 0);
    char *before = print(fx, ast);
    const AstFile *files[] = {ast};
    const SemaProgram *checked = sema_check(fx->arena, fx->interner, &fx->map, files, 1, &fx->diags);
    assert_non_null(checked);
    assert_false(diag_has_errors(&fx->diags));
    char *after = print(fx, ast);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void node_ids_are_dense_across_files(void **state)
{
    Fixture *fx = *state;
    AstFile *a = parse(fx, "a.bd", program, 0);
    AstFile *b = parse(fx, "b.bd", "i32 g() { return 1 + 2; }\n", a->node_end);
    assert_int_equal(a->node_begin, 0);
    assert_true(a->node_end > 0);
    assert_int_equal(b->node_begin, a->node_end);
    assert_true(b->node_end > b->node_begin);
    /* each item's range nests in its file's, in order */
    AstId at = a->node_begin;
    for (uint32_t i = 0; i < a->count; i++) {
        assert_int_equal(a->items[i]->node_begin, at);
        at = a->items[i]->node_end;
    }
    assert_int_equal(at, a->node_end);
    /* `return 1 + 2;`: statement, binary, two literals: four ids in b's range */
    const AstStmt *ret = b->items[0]->function.body->stmts[0];
    const AstExpr *sum = ret->return_.value;
    AstId ids[] = {ret->id, sum->id, sum->binary.lhs->id, sum->binary.rhs->id};
    for (int i = 0; i < 4; i++) {
        assert_true(ids[i] >= b->node_begin && ids[i] < b->node_end);
        for (int j = 0; j < i; j++)
            assert_int_not_equal(ids[i], ids[j]);
    }
}

static const AstFunction *function_named(const AstFile *ast, const char *name)
{
    for (uint32_t i = 0; i < ast->count; i++)
        if (ast->items[i]->kind == AST_ITEM_FUNCTION && strcmp(ast->items[i]->name.name, name) == 0)
            return &ast->items[i]->function;
    fail_msg("no function %s", name);
    return NULL;
}

static void facts_are_recorded_on_their_nodes(void **state)
{
    Fixture *fx = *state;
    AstFile *ast = parse(fx, "a.bd", program, 0);
    const AstFile *files[] = {ast};
    const SemaProgram *checked = sema_check(fx->arena, fx->interner, &fx->map, files, 1, &fx->diags);
    assert_non_null(checked);
    const SemaFacts *facts = &checked->facts;

    /* `return x;` in widen: x is an i32 converted to i64 where it is used */
    const AstExpr *x = function_named(ast, "widen")->body->stmts[0]->return_.value;
    const SemaNodeFacts *nx = sema_node(facts, x->id);
    assert_int_equal(nx->type->kind, TYPE_I32);
    assert_int_equal(nx->conversion, SEMA_CONV_NUMERIC);
    assert_int_equal(sema_type(facts, x)->kind, TYPE_I64);
    assert_int_equal(sema_own_type(facts, x)->kind, TYPE_I32);
    assert_int_equal(nx->binding.kind, SEMA_BIND_LOCAL);

    const AstBlock *body = function_named(ast, "main")->body;
    /* `o.inner.v + o.n`: `o.inner.v` is a path of two field reads from the local o */
    const AstExpr *sum = body->stmts[1]->let.init;
    const AstExpr *path = sum->binary.lhs;
    assert_int_equal(path->kind, AST_EXPR_PATH);
    const SemaNodeFacts *np = sema_node(facts, path->id);
    assert_int_equal(np->binding.kind, SEMA_BIND_LOCAL);
    assert_string_equal(np->binding.local->name, "o");
    assert_non_null(np->fields);
    assert_int_equal(np->fields->count, 2);
    assert_string_equal(np->fields->steps[0].def->type->name, "Outer");
    assert_string_equal(np->fields->steps[1].def->type->name, "Inner");
    assert_int_equal(np->type->kind, TYPE_I64);
    /* `o.n` is an i32 widened to the sum's i64 */
    assert_int_equal(sema_node(facts, sum->binary.rhs->id)->conversion, SEMA_CONV_NUMERIC);
    assert_int_equal(sema_type(facts, sum)->kind, TYPE_I64);

    /* `o.inner.Get()`: the call binds the method; the callee path reads one field */
    const AstExpr *call = body->stmts[3]->expr.expr->assign.value;
    const SemaNodeFacts *nc = sema_node(facts, call->id);
    assert_int_equal(nc->binding.kind, SEMA_BIND_FUNCTION);
    assert_non_null(nc->binding.function->receiver);
    assert_int_equal(sema_node(facts, call->call.callee->id)->fields->count, 1);

    /* the let statement binds its local; the lambda has its facts */
    const AstStmt *let_f = body->stmts[4];
    assert_int_equal(sema_node(facts, let_f->id)->binding.kind, SEMA_BIND_LOCAL);
    const SemaLambda *lambda = sema_node(facts, let_f->let.init->id)->lambda;
    assert_non_null(lambda);
    assert_int_equal(lambda->captures.count, 1);

    /* the for statement is a range loop binding `i` */
    const AstStmt *loop = body->stmts[5];
    assert_true(sema_node(facts, loop->id)->loop->is_range);
    assert_string_equal(sema_node(facts, loop->id)->binding.local->name, "i");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(checking_leaves_the_tree_as_parsed, setup, teardown),
        cmocka_unit_test_setup_teardown(node_ids_are_dense_across_files, setup, teardown),
        cmocka_unit_test_setup_teardown(facts_are_recorded_on_their_nodes, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
