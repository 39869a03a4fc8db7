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

/* `x++` / `x--`: the error is at the second `+` (there is no unary `+`), or
 * after the second `-` (`-` is unary too). */
static bool doubled(const Parser *p, uint32_t second)
{
    const Token *a = second ? token_at(p, second - 1) : NULL, *b = token_at(p, second);
    return a && b && (a->kind == TOK_PLUS || a->kind == TOK_MINUS) && a->kind == b->kind &&
           a->span.end == b->span.start;
}

static void increment(Parser *p, Diag *d)
{
    uint32_t second = p->pos;
    if (!doubled(p, second)) {
        if (second < 2 || !doubled(p, second - 1))
            return;
        second--;
    }
    const Token *first = token_at(p, second - 1), *last = token_at(p, second);
    bool plus = last->kind == TOK_PLUS;
    Span ops = {p->file, first->span.start, last->span.end};
    const Token *operand = second >= 2 ? token_at(p, second - 2) : NULL;
    if (!operand || operand->kind != TOK_IDENT)
        return;
    diag_add_child(p->diags, d, DIAG_CHILD_NOTE, SPAN_NONE, "Beskid has no `%s` operator", plus ? "++" : "--");
    diag_add_suggestion(p->diags, d, ops, plus ? " += 1" : " -= 1", "write `%s %s= 1`", operand->ident,
                        plus ? "+" : "-");
}

void parse_hint(Parser *p, Diag *d)
{
    const char *text = d->message + strlen("parse error: ");
    if (strlen(d->message) < strlen("parse error: "))
        return;
    if (starts_with(text, "expected `;`"))
        missing_semicolon(p, d);
    else if (starts_with(text, "expected expression"))
        increment(p, d);
}
