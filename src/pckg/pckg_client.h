/* pckg/pckg_client.h: the registry's HTTP JSON API (docs/packages.md) over
 * libcurl. Every failure becomes one coded diagnostic naming what was asked
 * for (`what`: "package `N` 1.2.0") and the URL: unreachable E3040,
 * timeout E3041, 401/403 E3042, 404 E3043, 409 E3044, other non-2xx E3045,
 * a body that is not the JSON expected or says `"success": false` E3046,
 * libcurl missing E3063. A progress bar is drawn on the client's log (the
 * CLI gives stderr when it is a terminal). */
#ifndef BESKID_PCKG_PCKG_CLIENT_H
#define BESKID_PCKG_PCKG_CLIENT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "pckg/pckg_lib.h"
#include "support/arena.h"
#include "support/diag.h"
#include "support/strbuf.h"

#define PCKG_DEFAULT_URL "http://127.0.0.1:8082"
#define PCKG_DEFAULT_TIMEOUT 30
#define PCKG_MAX_RESPONSE (256u << 20)

typedef struct PckgClient {
    Arena *arena;
    DiagList *diags;
    Span span;            /* where errors point (a dependency in Project.proj), or SPAN_NONE */
    const char *base_url; /* without a trailing `/` */
    const char *api_key;  /* X-API-Key, or NULL */
    const char *bearer;   /* Authorization: Bearer, or NULL */
    long timeout_secs;
    const char *user_agent; /* `beskid/VERSION` */
    FILE *log;            /* requests (verbose) and the progress bar go here; NULL: silent */
    bool verbose;         /* log each request */
    bool progress;        /* draw a progress bar on 'log' (a terminal) */
    bool loaded;
    PckgCurl curl;
} PckgClient;

/* The base URL a command uses: 'flag' (--base-url), else $BESKID_PCKG_URL,
 * else PCKG_DEFAULT_URL; a trailing `/` removed. */
const char *pckg_base_url(Arena *arena, const char *flag);

/* GET {base}/api{path} as JSON: the parsed value (cJSON_Delete it), or
 * NULL after reporting. */
cJSON *pckg_get_json(PckgClient *client, const char *what, const char *path);
/* GET {base}/api{path} as bytes into 'out'. */
bool pckg_get_bytes(PckgClient *client, const char *what, const char *path, StrBuf *out);
/* POST {base}/api{path}, with an empty body or (artifact != NULL) the
 * publish form: `artifact` (application/zip), `checksumSha256`,
 * `manifestJson`. The JSON answer, or NULL after reporting. */
cJSON *pckg_post(PckgClient *client, const char *what, const char *path, const StrBuf *artifact,
                 const char *checksum, const char *manifest_json);
/* The full URL of 'path', for messages. */
const char *pckg_url(PckgClient *client, const char *path);
/* `name` URL-escaped for a path segment. */
const char *pckg_escape(Arena *arena, const char *text);
#endif
