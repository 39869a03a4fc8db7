/* sema/check_test.c: `test` items (language.md §3.6.8). A test is a
 * parameterless `unit` procedure: it is declared as a SemaFunction whose
 * signature sema makes around the test's body, so the body is checked like a
 * function body (control flow, types, definite return) and lowered like one.
 * Its `meta` and `skip` blocks are read here, from literals only (backends.md
 * §6.4); misuse is E1151 in the definitions stage (§5.1 stage 0). A test is
 * not a value: its name is in the function namespace (E1006) but nothing can
 * call it. */
#include <string.h>

#include "sema/checker.h"

static void report(Checker *c, Span span, const AstItem *item, const char *what)
{
    const char *context = arena_printf(c->arena, "test `%s` %s", item->name.name, what);
    diag_report(&c->stages[STAGE_DEFS], span, DIAG_E1151_INVALID_SPAN_INVARIANT, context);
}

/* The text of a plain string literal, or NULL after reporting E1151. */
static const char *string_value(Checker *c, const AstItem *item, const AstMetaEntry *entry, const char *block)
{
    if (entry->value->kind == AST_EXPR_STRING)
        return entry->value->string_lit.bytes;
    report(c, entry->value->span, item,
           arena_printf(c->arena, "%s.%s must be a string literal", block, entry->key.name));
    return NULL;
}

static bool is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* `tags = "a, b,,c"`: split on commas, trimmed, empty parts dropped. */
static void split_tags(Checker *c, SemaTest *test, const char *text)
{
    VEC(const char *) tags = {0};
    for (const char *p = text;;) {
        const char *end = strchr(p, ',');
        const char *stop = end ? end : p + strlen(p);
        const char *b = p, *e = stop;
        while (b < e && is_space(*b))
            b++;
        while (e > b && is_space(e[-1]))
            e--;
        if (e > b)
            VEC_PUSH(c->arena, &tags, arena_strndup(c->arena, b, (size_t)(e - b)));
        if (!end)
            break;
        p = end + 1;
    }
    test->tags = tags.items;
    test->tag_count = tags.count;
}

static void read_meta(Checker *c, const AstItem *item, SemaTest *test)
{
    for (uint32_t i = 0; i < item->test.meta_count; i++) {
        const AstMetaEntry *entry = &item->test.meta[i];
        const char *key = entry->key.name;
        if (strcmp(key, "tags") == 0) {
            const char *text = string_value(c, item, entry, "meta");
            if (text)
                split_tags(c, test, text);
        } else if (strcmp(key, "group") == 0) {
            const char *text = string_value(c, item, entry, "meta");
            if (text)
                test->group = text;
        } else {
            report(c, entry->key.span, item,
                   arena_printf(c->arena, "meta key `%s` is invalid (allowed: tags, group)", key));
        }
    }
}

static void read_skip(Checker *c, const AstItem *item, SemaTest *test)
{
    bool condition = false;
    const char *reason = NULL;
    for (uint32_t i = 0; i < item->test.skip_count; i++) {
        const AstMetaEntry *entry = &item->test.skip[i];
        const char *key = entry->key.name;
        if (strcmp(key, "condition") == 0) {
            if (entry->value->kind == AST_EXPR_BOOL)
                condition = entry->value->bool_lit;
            else
                report(c, entry->value->span, item, "skip.condition must be a boolean literal");
        } else if (strcmp(key, "reason") == 0) {
            const char *text = string_value(c, item, entry, "skip");
            if (text)
                reason = text;
        } else {
            report(c, entry->key.span, item,
                   arena_printf(c->arena, "skip key `%s` is invalid (allowed: condition, reason)", key));
        }
    }
    test->skip = condition;
    test->skip_reason = reason;
}

SemaFunction *check_declare_test(Checker *c, const AstItem *item)
{
    SemaTest *test = ARENA_NEW(c->arena, SemaTest);
    read_meta(c, item, test);
    read_skip(c, item, test);
    AstFunction *signature = ARENA_NEW(c->arena, AstFunction);
    signature->name = item->name;
    signature->body = item->test.body;
    SemaFunction *fn = ARENA_NEW(c->arena, SemaFunction);
    fn->item = item;
    fn->ast = signature;
    fn->name = item->name.name;
    fn->ret = type_primitive(c->types, TYPE_UNIT);
    fn->params = ARENA_ARRAY(c->arena, Type *, 1);
    fn->facts = c->facts;
    fn->test = test;
    fn->module = c->module;
    fn->in_root = !c->module || !c->module->is_library; /* `Std` and dependencies: tests not run */
    fn->index = c->program->funcs.count;
    VEC_PUSH(c->arena, &c->program->funcs, fn);
    return fn;
}
