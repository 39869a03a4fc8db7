/* sema/check_hint.c: what is added around a semantic diagnostic so that it
 * can be acted on (issue 17): "did you mean" by edit distance over the names
 * in scope, notes for habits from other languages (`int`, `void`, `fn`,
 * `print`, `.length`), and the declarations that explain an error. Codes,
 * messages and locations stay those of the call site. */
#include <string.h>

#include "sema/checker.h"
#include "support/strbuf.h"
#include "support/suggest.h"

static const char *const primitive_names[] = {"bool", "i32", "i64", "u8", "f64", "char", "string", "unit"};

static const char *const builtin_names[] = {"__str_len",   "__syscall_write", "__syscall_read",
                                            "__panic_str", "__array_new",     "__array_len"};

/* Types written as other languages spell them, and Beskid's spelling. */
static const struct {
    const char *habit, *beskid;
} type_habits[] = {
    {"int", "i32"},     {"Int", "i32"},      {"int32", "i32"},  {"Int32", "i32"},   {"long", "i64"},
    {"Long", "i64"},    {"int64", "i64"},    {"Int64", "i64"},  {"usize", "i64"},   {"isize", "i64"},
    {"byte", "u8"},     {"Byte", "u8"},      {"float", "f64"},  {"double", "f64"},  {"Double", "f64"},
    {"f32", "f64"},     {"boolean", "bool"}, {"Boolean", "bool"}, {"Bool", "bool"}, {"String", "string"},
    {"str", "string"},  {"void", "unit"},    {"Void", "unit"},  {"Unit", "unit"},   {"Char", "char"},
};

/* Words that start a function in other languages. */
static const char *const function_keywords[] = {"fn", "func", "function", "def", "fun", "sub"};

static bool in_list(const char *word, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(word, list[i]) == 0)
            return true;
    return false;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The "did you mean" help, replacing 'span' by the suggestion. */
static void offer(DiagList *list, Diag *d, Span span, const char *what, const Suggest *s)
{
    if (s->best)
        diag_add_suggestion(list, d, span, s->best, "%s with a similar name exists: `%s`", what, s->best);
}

/* When a `pub` item named exactly 'name' exists in a module that is not in
 * scope (the usual cause: a missing `use Std.Core.Results;`), the help names
 * that module rather than suggesting the very name as a similar one. Types
 * for 'want_type', else functions. */
static bool offer_import(Checker *c, DiagList *list, Diag *d, Symbol name, bool want_type)
{
    for (uint32_t i = 0; i < c->items.count; i++) {
        const CheckItem *item = &c->items.items[i];
        if (item->name != name || !item->item || !item->module || !item->module->qualified[0] ||
            item->item->visibility != AST_PUBLIC)
            continue;
        AstItemKind kind = item->item->kind;
        bool is_type = kind == AST_ITEM_TYPE || kind == AST_ITEM_ENUM || kind == AST_ITEM_CONTRACT;
        if (want_type ? !is_type : !item->function)
            continue;
        StrBuf path = {0};
        for (const char *q = item->module->qualified; *q; q++)
            if (q[0] == ':' && q[1] == ':') {
                strbuf_putc(&path, '.');
                q++;
            } else
                strbuf_putc(&path, *q);
        diag_add_child(list, d, DIAG_CHILD_HELP, SPAN_NONE,
                       "`%s` is declared in module `%s`: add `use %s;` or write `%s.%s`", name, strbuf_cstr(&path),
                       strbuf_cstr(&path), strbuf_cstr(&path), name);
        strbuf_free(&path);
        return true;
    }
    return false;
}

static const char *const print_habits[] = {"print", "println", "printf",  "puts",    "printLine",
                                           "Print", "Println", "console", "Console", "echo"};
static const char *const length_habits[] = {"len", "length", "strlen", "Length", "Len"};

void hint_unknown_value(Checker *c, DiagList *list, Diag *d, Symbol name, Span span)
{
    diag_set_label(list, d, "not found in this scope");
    if (in_list(name, print_habits, COUNT(print_habits)))
        diag_add_child(list, d, DIAG_CHILD_HELP, SPAN_NONE,
                       "to print, write a string to standard output: `__syscall_write(1, \"text\\n\")`");
    else if (in_list(name, length_habits, COUNT(length_habits)))
        diag_add_child(list, d, DIAG_CHILD_HELP, SPAN_NONE,
                       "the length of a string is `__str_len(s)`, of an array `__array_len(a)`");
    Suggest s;
    suggest_init(&s, name);
    const char *kind = "a local";
    for (const Scope *scope = c->scope; scope; scope = scope->parent)
        for (uint32_t i = 0; i < scope->locals.count; i++)
            suggest_consider(&s, scope->locals.items[i]->name);
    const char *local_best = s.best;
    const SemaFunction *method = c->fn;
    while (method && method->lambda)
        method = method->lambda->parent;
    if (method && method->receiver) {
        const SemaTypeDef *def = method->receiver;
        for (uint32_t i = 0; i < def->field_count; i++)
            suggest_consider(&s, def->fields[i].name);
        for (uint32_t i = 0; i < def->methods.count; i++)
            suggest_consider(&s, def->methods.items[i]->name);
    }
    if (s.best != local_best) {
        kind = "a member of `this`";
        local_best = s.best;
    }
    for (uint32_t i = 0; i < c->items.count; i++)
        if (c->items.items[i].function)
            suggest_consider(&s, c->items.items[i].name);
    for (size_t i = 0; i < COUNT(builtin_names); i++)
        suggest_consider(&s, builtin_names[i]);
    if (s.best != local_best)
        kind = "a function";
    if (s.best == name && offer_import(c, list, d, name, false))
        return;
    offer(list, d, span, kind, &s);
}

void hint_unknown_type(Checker *c, DiagList *list, Diag *d, Symbol name, Span span)
{
    diag_set_label(list, d, "not a type in this scope");
    for (size_t i = 0; i < COUNT(function_keywords); i++)
        if (strcmp(name, function_keywords[i]) == 0) {
            diag_add_child(list, d, DIAG_CHILD_NOTE, SPAN_NONE,
                           "Beskid has no `%s` keyword: a function starts with its return type", name);
            diag_add_suggestion(list, d, span, "unit", "for a function that returns nothing, write `unit`");
            return;
        }
    for (size_t i = 0; i < COUNT(type_habits); i++)
        if (strcmp(name, type_habits[i].habit) == 0) {
            diag_add_suggestion(list, d, span, type_habits[i].beskid, "Beskid spells this type `%s`",
                                type_habits[i].beskid);
            return;
        }
    Suggest s;
    suggest_init(&s, name);
    for (size_t i = 0; i < COUNT(primitive_names); i++)
        suggest_consider(&s, primitive_names[i]);
    for (uint32_t i = 0; i < c->items.count; i++) {
        AstItemKind kind = c->items.items[i].item->kind;
        if (kind == AST_ITEM_TYPE || kind == AST_ITEM_ENUM || kind == AST_ITEM_CONTRACT)
            suggest_consider(&s, c->items.items[i].name);
    }
    if (c->env)
        for (uint32_t i = 0; i < c->env->count; i++)
            suggest_consider(&s, c->env->names[i]);
    if (s.best == name && offer_import(c, list, d, name, true))
        return;
    offer(list, d, span, "a type", &s);
}

void hint_unknown_enum(Checker *c, DiagList *list, Diag *d, Symbol name, Span span)
{
    diag_set_label(list, d, "no enum `%s` in this scope", name);
    Suggest s;
    suggest_init(&s, name);
    for (uint32_t i = 0; i < c->items.count; i++)
        if (c->items.items[i].item->kind == AST_ITEM_ENUM)
            suggest_consider(&s, c->items.items[i].name);
    if (s.best == name && offer_import(c, list, d, name, true))
        return;
    offer(list, d, span, "an enum", &s);
}

/* The struct's name, as a secondary span. */
static void type_declared_here(DiagList *list, Diag *d, const SemaTypeDef *def)
{
    const SemaTypeDef *decl = def->origin ? def->origin : def;
    if (decl->item)
        diag_add_span(list, d, decl->item->name.span, "`%s` declared here", decl->item->name.name);
}

void hint_unknown_member(Checker *c, DiagList *list, Diag *d, const SemaTypeDef *def, Symbol name, Span span,
                         bool methods_too)
{
    (void)c;
    if (!d->label)
        diag_set_label(list, d, "`%s` has no field `%s`", def->type->name, name);
    Suggest s;
    suggest_init(&s, name);
    for (uint32_t i = 0; i < def->field_count; i++)
        suggest_consider(&s, def->fields[i].name);
    const char *field_best = s.best;
    if (methods_too)
        for (uint32_t i = 0; i < def->methods.count; i++)
            suggest_consider(&s, def->methods.items[i]->name);
    offer(list, d, span, s.best == field_best ? "a field" : "a method", &s);
    type_declared_here(list, d, def);
    if (!s.best && def->field_count) {
        StrBuf sb = {0};
        for (uint32_t i = 0; i < def->field_count; i++)
            strbuf_printf(&sb, "%s`%s`", i ? ", " : "", def->fields[i].name);
        diag_add_child(list, d, DIAG_CHILD_NOTE, SPAN_NONE, "`%s` has the fields %s", def->type->name,
                       strbuf_cstr(&sb));
        strbuf_free(&sb);
    }
}

void hint_missing_field(Checker *c, DiagList *list, Diag *d, const SemaTypeDef *def, const SemaField *field)
{
    (void)c;
    diag_set_label(list, d, "missing `%s`", field->name);
    type_declared_here(list, d, def);
    if (field->span.file != SPAN_NO_FILE)
        diag_add_span(list, d, field->span, "`%s` declared here", field->name);
}

void hint_unknown_variant(Checker *c, DiagList *list, Diag *d, const SemaTypeDef *def, Symbol name, Span span)
{
    (void)c;
    diag_set_label(list, d, "`%s` has no variant `%s`", def->type->name, name);
    Suggest s;
    suggest_init(&s, name);
    for (uint32_t i = 0; i < def->variant_count; i++)
        suggest_consider(&s, def->variants[i].name);
    offer(list, d, span, "a variant", &s);
    type_declared_here(list, d, def);
}

/* The source text of [start, end) of 'file'. */
static const char *text_of(Checker *c, uint32_t file, uint32_t start, uint32_t end)
{
    const SourceFile *f = source_file(c->map, file);
    if (!f || end > f->len || end < start)
        return NULL;
    return arena_strndup(c->arena, f->text + start, end - start);
}

void hint_member_on_non_struct(Checker *c, DiagList *list, Diag *d, const Type *target, AstIdent name, Span span)
{
    static const char *const length_words[] = {"length", "Length", "len", "size", "Size", "count", "Count"};
    if (target)
        diag_set_label(list, d, "`%s` has no fields or methods", type_name(c->arena, target));
    if (!in_list(name.name, length_words, COUNT(length_words)))
        return;
    const char *builtin = target && target->kind == TYPE_ARRAY    ? "__array_len"
                          : target && target->kind == TYPE_STRING ? "__str_len"
                                                                  : NULL;
    if (!builtin) {
        diag_add_child(list, d, DIAG_CHILD_HELP, SPAN_NONE,
                       "the length of a string is `__str_len(s)`, of an array `__array_len(a)`");
        return;
    }
    /* `a.length` → `__array_len(a)`: the receiver is the text before the last `.` */
    uint32_t dot = name.span.start;
    const SourceFile *f = source_file(c->map, span.file);
    while (f && dot > span.start && f->text[dot - 1] != '.')
        dot--;
    const char *receiver = dot > span.start ? text_of(c, span.file, span.start, dot - 1) : NULL;
    diag_add_child(list, d, DIAG_CHILD_NOTE, SPAN_NONE, "%s have no members; their length is a builtin function",
                   builtin[2] == 'a' ? "arrays" : "strings");
    if (receiver)
        diag_add_suggestion(list, d, (Span){span.file, span.start, name.span.end},
                            arena_printf(c->arena, "%s(%s)", builtin, receiver), "use `%s`", builtin);
}

void hint_call_arity(Checker *c, DiagList *list, Diag *d, const SemaFunction *fn)
{
    (void)c;
    const SemaFunction *decl = fn->origin ? fn->origin : fn;
    uint32_t params = decl->param_count - (decl->receiver ? 1 : 0);
    if (!d->label)
        diag_set_label(list, d, "expected %u argument%s", params, params == 1 ? "" : "s");
    diag_add_child(list, d, DIAG_CHILD_NOTE, SPAN_NONE, "%s `%s` takes %u argument%s", decl->receiver ? "method" : "function",
                   decl->name, params, params == 1 ? "" : "s");
    if (decl->ast)
        diag_add_span(list, d, decl->ast->name.span, "`%s` declared here", decl->name);
}

void hint_immutable(Checker *c, DiagList *list, Diag *d, const SemaLocal *local)
{
    Span name = local->span;
    const SourceFile *f = source_file(c->map, name.file);
    if (!f || name.end > f->len)
        return;
    uint32_t before = name.start;
    while (before > 0 && (f->text[before - 1] == ' ' || f->text[before - 1] == '\t'))
        before--;
    bool after_let = before >= 3 && strncmp(f->text + before - 3, "let", 3) == 0;
    if (local->is_for_var) {
        diag_add_span(list, d, name, "`%s` is a `for` variable", local->name);
        diag_add_child(list, d, DIAG_CHILD_NOTE, SPAN_NONE,
                       "a `for` variable cannot be assigned; copy it into a mutable local: `%s mut y = %s;`",
                       type_name(c->arena, local->type), local->name);
        return;
    }
    diag_add_span(list, d, name, "`%s` declared here without `mut`", local->name);
    if (after_let) {
        const char *written = arena_printf(c->arena, "%s mut %s", type_name(c->arena, local->type), local->name);
        diag_add_suggestion(list, d, (Span){name.file, before - 3, name.end}, written,
                            "declare it with its type and `mut`: `%s = …`", written);
    } else {
        diag_add_suggestion(list, d, (Span){name.file, name.start, name.start}, "mut ",
                            "make it mutable with `mut` (`T mut x = …` or `mut T x = …`)");
    }
}

void hint_call_target(Checker *c, DiagList *list, Diag *d, Symbol name, const Type *recv)
{
    if (!recv) {
        diag_set_label(list, d, "`%s` is not a function", name);
        return;
    }
    const char *type = type_name(c->arena, recv);
    if (recv->kind == TYPE_CONTRACT)
        diag_set_label(list, d, "no method `%s` in contract `%s`", name, type);
    else
        diag_set_label(list, d, "no method `%s` on type `%s`", name, type);
}

void hint_missing_variants(Checker *c, DiagList *list, Diag *d, const SemaTypeDef *def, const bool *covered)
{
    StrBuf names = {0}, arms = {0};
    uint32_t missing = 0;
    for (uint32_t v = 0; v < def->variant_count; v++) {
        if (covered[v])
            continue;
        const SemaVariant *variant = &def->variants[v];
        strbuf_printf(&names, "%s`%s::%s`", missing ? ", " : "", def->type->name, variant->name);
        strbuf_printf(&arms, "%s%s::%s", missing ? ", " : "", def->type->name, variant->name);
        if (variant->field_count) {
            strbuf_putc(&arms, '(');
            for (uint32_t i = 0; i < variant->field_count; i++)
                strbuf_printf(&arms, "%s%s", i ? ", " : "", variant->fields[i].name);
            strbuf_putc(&arms, ')');
        }
        strbuf_puts(&arms, " => …");
        missing++;
    }
    diag_set_label(list, d, "variant%s %s not covered", missing == 1 ? "" : "s", strbuf_cstr(&names));
    diag_add_child(list, d, DIAG_CHILD_HELP, SPAN_NONE, "add %s: `%s`, or a `_ => …` arm",
                   missing == 1 ? "an arm" : "arms", strbuf_cstr(&arms));
    type_declared_here(list, d, def);
    (void)c;
    strbuf_free(&names);
    strbuf_free(&arms);
}

void hint_expected_because(DiagList *list, uint32_t before, Span at, Span why, const char *label)
{
    for (uint32_t i = before; i < list->items.count; i++) {
        Diag *d = &list->items.items[i];
        if (d->id == DIAG_E1206_TYPE_MISMATCH && d->span.file == at.file && d->span.start == at.start &&
            d->span.end == at.end && why.file != SPAN_NO_FILE)
            diag_add_span(list, d, why, "%s", label);
    }
}
