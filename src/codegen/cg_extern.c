/* codegen/cg_extern.c: the extern allow/deny policy (backends.md §3.6 steps
 * 1-2 with its [FIX]), shared by `run` (before dlopen) and `build` (before
 * the object is written), so both refuse the same imports with the same
 * messages. Rules are keyed by (library, symbol) and compared as written. */
#include <string.h>

#include "codegen/codegen.h"

/* Whether 'text' (len bytes) matches 'pat' (plen bytes): at most one `*`
 * (the first) is a wildcard, matching any run; a second `*` is literal. */
static bool glob_match(const char *pat, size_t plen, const char *text)
{
    size_t len = strlen(text);
    const char *star = memchr(pat, '*', plen);
    if (!star)
        return plen == len && memcmp(pat, text, len) == 0;
    size_t pre = (size_t)(star - pat), post = plen - pre - 1;
    return len >= pre + post && memcmp(text, pat, pre) == 0 && memcmp(text + len - post, star + 1, post) == 0;
}

static bool is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

/* Whether any entry of the comma-separated 'list' matches (lib, sym). An
 * entry `LIB:SYM` (split at the first `:`) names both, one without `:` the
 * symbol in any library; entries are trimmed, empty ones ignored. */
static bool list_matches(const char *list, const char *lib, const char *sym)
{
    const char *p = list;
    while (*p) {
        const char *end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        const char *b = p, *e = end;
        while (b < e && is_space(*b))
            b++;
        while (e > b && is_space(e[-1]))
            e--;
        if (e > b) {
            const char *colon = memchr(b, ':', (size_t)(e - b));
            bool hit = colon ? glob_match(b, (size_t)(colon - b), lib) && glob_match(colon + 1, (size_t)(e - colon - 1), sym)
                             : glob_match(b, (size_t)(e - b), sym);
            if (hit)
                return true;
        }
        p = *end ? end + 1 : end;
    }
    return false;
}

static bool list_is_empty(const char *list)
{
    for (const char *p = list ? list : ""; *p; p++)
        if (*p != ',' && !is_space(*p))
            return false;
    return true;
}

const char *cg_extern_policy(Arena *arena, const IrExternImport *x, const char *allow, const char *deny)
{
    if (!x->library || !*x->library)
        return arena_printf(arena, "missing Library for extern symbol %s", x->symbol);
    if (!list_is_empty(allow) && !list_matches(allow, x->library, x->symbol))
        return arena_printf(arena, "extern %s:%s denied by allowlist", x->library, x->symbol);
    if (!list_is_empty(deny) && list_matches(deny, x->library, x->symbol))
        return arena_printf(arena, "extern %s:%s denied by denylist", x->library, x->symbol);
    return NULL;
}

const char *cg_extern_signature(Arena *arena, const Artifact *a, uint32_t index)
{
    const IrExternImport *x = &a->extern_imports.items[index];
    for (uint32_t i = 0; i < x->param_count; i++)
        if (x->params[i] == IR_VOID)
            return arena_printf(arena, "extern signature not allowed for %s: param type %s not allowed", x->symbol,
                                ir_type_name(x->params[i]));
    for (uint32_t j = 0; j < index; j++) {
        const IrExternImport *y = &a->extern_imports.items[j];
        if (strcmp(y->symbol, x->symbol) != 0)
            continue;
        bool same = y->ret == x->ret && y->param_count == x->param_count;
        for (uint32_t i = 0; same && i < x->param_count; i++)
            same = y->params[i] == x->params[i];
        if (!same)
            return arena_printf(arena, "extern signature mismatch for %s across callsites", x->symbol);
    }
    return NULL;
}
