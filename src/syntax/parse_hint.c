/* syntax/parse_hint.c: notes and suggestions added to a parse error, for
 * mistakes with a likely fix (a missing `;`) and for habits from other
 * languages (`x++`). The error's code, message and location are untouched:
 * everything here is added around them (issue 17). */
#include <string.h>

#include "syntax/parser_internal.h"

static const Token *token_at(const Parser *p, uint32_t index)
{
    return index < p->count ? &p->toks[index] : NULL;
}

static bool starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* `expected `;` …`: the `;` belongs just after the previous token. */
static void missing_semicolon(Parser *p, Diag *d)
{
    const Token *prev = token_at(p, p->pos - 1);
    if (p->pos == 0 || !prev)
        return;
    Span after = {p->file, prev->span.end, prev->span.end};
    diag_add_span(p->diags, d, after, "expected `;` here");
    diag_add_suggestion(p->diags, d, after, ";", "add `;` at the end of the statement");
}

/* `x++` / `x--`: the error is at the second `+`. */
static void increment(Parser *p, Diag *d)
{
    const Token *second = token_at(p, p->pos), *first = p->pos ? token_at(p, p->pos - 1) : NULL;
    if (!first || !second || first->kind != second->kind || first->span.end != second->span.start)
        return;
    bool plus = second->kind == TOK_PLUS;
    Span ops = {p->file, first->span.start, second->span.end};
    const Token *operand = p->pos >= 2 ? token_at(p, p->pos - 2) : NULL;
    const char *name = operand && operand->kind == TOK_IDENT ? operand->ident : "x";
    diag_add_child(p->diags, d, DIAG_CHILD_NOTE, SPAN_NONE, "Beskid has no `%s` operator", plus ? "++" : "--");
    diag_add_suggestion(p->diags, d, ops, plus ? " += 1" : " -= 1", "write `%s %s= 1`", name, plus ? "+" : "-");
}

void parse_hint(Parser *p, Diag *d)
{
    const char *text = d->message + strlen("parse error: ");
    if (strlen(d->message) < strlen("parse error: "))
        return;
    if (starts_with(text, "expected `;`"))
        missing_semicolon(p, d);
    else if (starts_with(text, "expected expression, found `+`") || starts_with(text, "expected expression, found `-`"))
        increment(p, d);
}
