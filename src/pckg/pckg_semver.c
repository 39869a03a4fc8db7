/* pckg/pckg_semver.c */
#include "pckg/pckg_semver.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Digits of one component; false when there are none. */
static bool number(const char **p, long *out)
{
    if (!isdigit((unsigned char)**p))
        return false;
    char *end;
    *out = strtol(*p, &end, 10);
    if (*out < 0 || end - *p > 9)
        return false;
    *p = end;
    return true;
}

/* major[.minor[.patch]][-pre][+build]; 'parts' receives how many numbers. */
static bool parse_partial(const char **p, SemVer *out, int *parts)
{
    memset(out, 0, sizeof *out);
    *parts = 0;
    if (!number(p, &out->major))
        return false;
    *parts = 1;
    if (**p == '.' && ((*p)++, true)) {
        if (!number(p, &out->minor))
            return false;
        *parts = 2;
        if (**p == '.' && ((*p)++, true)) {
            if (!number(p, &out->patch))
                return false;
            *parts = 3;
        }
    }
    if (**p == '-' && *parts == 3) {
        (*p)++;
        size_t n = 0;
        while (isalnum((unsigned char)**p) || **p == '.' || **p == '-') {
            if (n + 1 >= sizeof out->pre)
                return false;
            out->pre[n++] = *(*p)++;
        }
        if (n == 0)
            return false;
    }
    if (**p == '+' && *parts == 3) {
        (*p)++;
        if (!isalnum((unsigned char)**p))
            return false;
        while (isalnum((unsigned char)**p) || **p == '.' || **p == '-')
            (*p)++;
    }
    return true;
}

bool semver_parse(const char *text, SemVer *out)
{
    int parts;
    const char *p = text;
    return parse_partial(&p, out, &parts) && parts == 3 && *p == '\0';
}

static int compare_pre(const char *a, const char *b)
{
    if (!*a || !*b)
        return !*a - !*b; /* a release sorts after its pre-releases */
    while (*a || *b) {
        if (!*a || !*b)
            return *a ? 1 : -1;
        size_t la = strcspn(a, "."), lb = strcspn(b, ".");
        bool na = strspn(a, "0123456789") == la, nb = strspn(b, "0123456789") == lb;
        int c;
        if (na && nb)
            c = la != lb ? (la < lb ? -1 : 1) : strncmp(a, b, la);
        else if (na != nb)
            c = na ? -1 : 1;
        else {
            c = strncmp(a, b, la < lb ? la : lb);
            if (c == 0 && la != lb)
                c = la < lb ? -1 : 1;
        }
        if (c)
            return c < 0 ? -1 : 1;
        a += la + (a[la] == '.');
        b += lb + (b[lb] == '.');
    }
    return 0;
}

int semver_compare(const SemVer *a, const SemVer *b)
{
    if (a->major != b->major)
        return a->major < b->major ? -1 : 1;
    if (a->minor != b->minor)
        return a->minor < b->minor ? -1 : 1;
    if (a->patch != b->patch)
        return a->patch < b->patch ? -1 : 1;
    return compare_pre(a->pre, b->pre);
}

static void add(SemVerReq *r, char op, SemVer v)
{
    r->terms[r->count].op = op;
    r->terms[r->count].v = v;
    r->count++;
}

static SemVer make(long major, long minor, long patch)
{
    SemVer v = {major, minor, patch, ""};
    return v;
}

bool semver_req_parse(const char *text, SemVerReq *out, const char **why)
{
    memset(out, 0, sizeof *out);
    const char *p = text;
    int terms = 0;
    for (;;) {
        while (*p == ' ')
            p++;
        if (terms == SEMVER_MAX_TERMS) {
            *why = "too many comparators";
            return false;
        }
        char op = 0;
        if (*p == '*') {
            p++;
            op = '*';
        } else if (*p == '^' || *p == '~' || *p == '=') {
            op = *p++;
        } else if (p[0] == '>' || p[0] == '<') {
            op = p[1] == '=' ? (p[0] == '>' ? 'G' : 'L') : p[0];
            p += p[1] == '=' ? 2 : 1;
        }
        while (*p == ' ')
            p++;
        SemVer v = {0};
        int parts = 0;
        if (op != '*' && !parse_partial(&p, &v, &parts)) {
            *why = "expected a version such as `1.2.3`, `^1.2`, `~1.2.3` or `>=1.0, <2.0`";
            return false;
        }
        if (v.pre[0])
            out->allows_pre = true;
        long M = v.major, m = v.minor;
        switch (op) {
        case '*': break;
        case 0:
        case '=':
            if (parts == 3)
                add(out, '=', v);
            else {
                add(out, 'G', make(M, m, 0));
                add(out, '<', parts == 1 ? make(M + 1, 0, 0) : make(M, m + 1, 0));
            }
            break;
        case '^':
            add(out, 'G', v);
            if (M > 0 || parts == 1)
                add(out, '<', make(M + 1, 0, 0));
            else if (m > 0 || parts == 2)
                add(out, '<', make(0, m + 1, 0));
            else
                add(out, '<', make(0, 0, v.patch + 1));
            break;
        case '~':
            add(out, 'G', v);
            add(out, '<', parts == 1 ? make(M + 1, 0, 0) : make(M, m + 1, 0));
            break;
        case 'G':
        case '>':
            if (op == '>' && parts < 3) /* >1.2 means >=1.3.0 */
                add(out, 'G', parts == 1 ? make(M + 1, 0, 0) : make(M, m + 1, 0));
            else
                add(out, op, v);
            break;
        case '<':
        case 'L':
            if (op == 'L' && parts < 3) /* <=1.2 means <1.3.0 */
                add(out, '<', parts == 1 ? make(M + 1, 0, 0) : make(M, m + 1, 0));
            else
                add(out, op, v);
            break;
        }
        terms++;
        while (*p == ' ')
            p++;
        if (*p == '\0')
            return true;
        if (*p != ',') {
            *why = "comparators are separated by `,`";
            return false;
        }
        p++;
    }
}

bool semver_req_matches(const SemVerReq *req, const SemVer *v)
{
    bool pre_ok = !v->pre[0];
    for (int i = 0; i < req->count; i++) {
        const struct SemVerTerm *t = &req->terms[i];
        int c = semver_compare(v, &t->v);
        bool ok = t->op == '=' ? c == 0 : t->op == '>' ? c > 0 : t->op == 'G' ? c >= 0 : t->op == '<' ? c < 0 : c <= 0;
        if (!ok)
            return false;
        if (t->v.pre[0] && t->v.major == v->major && t->v.minor == v->minor && t->v.patch == v->patch)
            pre_ok = true;
    }
    return pre_ok;
}
