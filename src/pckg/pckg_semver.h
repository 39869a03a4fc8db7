/* pckg/pckg_semver.h: versions and version requirements of registry
 * dependencies (docs/packages.md): `1.2.3` (exactly that version), `=1.2`,
 * `^1.2`, `~1.2.3`, `>=1.0, <2.0`, `*`. A pre-release version (`1.0.0-rc.1`)
 * is matched only by a requirement naming a pre-release of the same
 * major.minor.patch, as cargo does. */
#ifndef BESKID_PCKG_PCKG_SEMVER_H
#define BESKID_PCKG_PCKG_SEMVER_H
#include <stdbool.h>

typedef struct SemVer {
    long major, minor, patch;
    char pre[64]; /* "" for a release */
} SemVer;

#define SEMVER_MAX_TERMS 8
typedef struct SemVerReq {
    int count;
    struct SemVerTerm {
        char op;    /* '=' exact, '>' '<' 'G' (>=) 'L' (<=) */
        SemVer v;
    } terms[SEMVER_MAX_TERMS * 2];
    bool allows_pre; /* a term names a pre-release */
} SemVerReq;

bool semver_parse(const char *text, SemVer *out);
int semver_compare(const SemVer *a, const SemVer *b);
/* False with a reason in 'why' (static text). */
bool semver_req_parse(const char *text, SemVerReq *out, const char **why);
bool semver_req_matches(const SemVerReq *req, const SemVer *v);
#endif
