/* pckg/pckg_client.c */
#include "pckg/pckg_client.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


const char *pckg_base_url(Arena *arena, const char *flag)
{
    const char *url = flag;
    if (!url || !*url)
        url = getenv("BESKID_PCKG_URL");
    if (!url || !*url)
        url = PCKG_DEFAULT_URL;
    size_t n = strlen(url);
    while (n > 0 && url[n - 1] == '/')
        n--;
    return arena_strndup(arena, url, n);
}

const char *pckg_url(PckgClient *client, const char *path)
{
    return arena_printf(client->arena, "%s/api%s", client->base_url, path);
}

const char *pckg_escape(Arena *arena, const char *text)
{
    StrBuf b = {0};
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if (isalnum(*p) || strchr("-._~", *p))
            strbuf_putc(&b, (char)*p);
        else
            strbuf_printf(&b, "%%%02X", *p);
    const char *out = arena_strdup(arena, strbuf_cstr(&b));
    strbuf_free(&b);
    return out;
}

static size_t write_cb(char *data, size_t size, size_t count, void *user)
{
    StrBuf *out = user;
    size_t n = size * count;
    if (out->len + n > PCKG_MAX_RESPONSE)
        return 0; /* curl reports CURLE_WRITE_ERROR */
    strbuf_append(out, data, n);
    return n;
}

typedef struct Progress {
    FILE *out;
    const char *label;
    int last;
} Progress;

static int progress_cb(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
    Progress *p = user;
    curl_off_t total = ultotal > 0 && ulnow < ultotal ? ultotal : dltotal;
    curl_off_t now = ultotal > 0 && ulnow < ultotal ? ulnow : dlnow;
    if (total <= 0)
        return 0;
    int pct = (int)(now * 100 / total);
    if (pct == p->last)
        return 0;
    p->last = pct;
    int bar = pct * 30 / 100;
    fprintf(p->out, "\r%-24.24s [%.*s%*s] %3d%%", p->label, bar, "##############################", 30 - bar, "",
            pct);
    if (pct >= 100)
        fputc('\n', p->out);
    fflush(p->out);
    return 0;
}

static bool load(PckgClient *c, const char *what, const char *url)
{
    if (c->loaded)
        return true;
    char error[256];
    if (!pckg_curl_load(&c->curl, error, sizeof error)) {
        diag_report(c->diags, c->span, DIAG_E3063_LIBRARY_MISSING, "libcurl", "libcurl4",
                    arena_printf(c->arena, "%s (needed for %s at %s)", error, what, url));
        return false;
    }
    c->loaded = true;
    return true;
}

/* The `message` of a JSON error body, else the body's first line. */
static const char *message_of(Arena *arena, const StrBuf *body)
{
    cJSON *json = cJSON_ParseWithLength(body->data ? body->data : "", body->len);
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(json, "message");
    const char *out;
    if (cJSON_IsString(m))
        out = arena_strdup(arena, m->valuestring);
    else {
        size_t n = body->len < 200 ? body->len : 200;
        const char *text = body->data ? body->data : "";
        size_t line = strcspn(text, "\r\n");
        out = n ? arena_strndup(arena, text, line < n ? line : n) : "(no message)";
    }
    cJSON_Delete(json);
    return out;
}

/* One request; 'status' the HTTP status; false after reporting a
 * transport failure or a non-2xx status. */
static bool perform(PckgClient *c, const char *what, const char *method, const char *path,
                    curl_mime *(*form)(PckgClient *, CURL *, void *), void *form_data, bool transfer, StrBuf *body)
{
    const char *url = pckg_url(c, path);
    if (!load(c, what, url))
        return false;
    const PckgCurl *k = &c->curl;
    CURL *h = k->curl_easy_init();
    if (!h) {
        diag_report(c->diags, c->span, DIAG_E3040_REGISTRY_UNREACHABLE, what, url, "curl_easy_init failed");
        return false;
    }
    struct curl_slist *headers = NULL;
    if (c->api_key)
        headers = k->curl_slist_append(headers, arena_printf(c->arena, "X-API-Key: %s", c->api_key));
    if (c->bearer)
        headers = k->curl_slist_append(headers, arena_printf(c->arena, "Authorization: Bearer %s", c->bearer));
    headers = k->curl_slist_append(headers, "Accept: application/json");
    k->curl_easy_setopt(h, CURLOPT_URL, url);
    k->curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    k->curl_easy_setopt(h, CURLOPT_USERAGENT, c->user_agent ? c->user_agent : "beskid");
    k->curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    k->curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    k->curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    k->curl_easy_setopt(h, CURLOPT_TIMEOUT, c->timeout_secs);
    k->curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
    k->curl_easy_setopt(h, CURLOPT_WRITEDATA, body);
    Progress progress = {.out = c->log, .label = what, .last = -1};
    if (transfer && c->progress && c->log) { /* archives only, not the JSON calls */
        k->curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
        k->curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress_cb);
        k->curl_easy_setopt(h, CURLOPT_XFERINFODATA, &progress);
    }
    curl_mime *mime = NULL;
    if (strcmp(method, "POST") == 0) {
        if (form) {
            mime = form(c, h, form_data);
            k->curl_easy_setopt(h, CURLOPT_MIMEPOST, mime);
        } else {
            k->curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
            k->curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 0L);
        }
    }
    if (c->verbose && c->log)
        fprintf(c->log, "pckg: %s %s\n", method, url);
    CURLcode rc = k->curl_easy_perform(h);
    long status = 0;
    k->curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    const char *curl_error = k->curl_easy_strerror(rc);
    if (mime)
        k->curl_mime_free(mime);
    k->curl_slist_free_all(headers);
    k->curl_easy_cleanup(h);
    if (progress.out && progress.last >= 0 && progress.last < 100)
        fputc('\n', progress.out);
    if (c->verbose && c->log && rc == CURLE_OK)
        fprintf(c->log, "pckg: HTTP %ld, %zu bytes\n", status, body->len);
    if (rc == CURLE_OPERATION_TIMEDOUT) {
        diag_report(c->diags, c->span, DIAG_E3041_REGISTRY_TIMEOUT, what, url,
                    arena_printf(c->arena, "%ld", c->timeout_secs));
        return false;
    }
    if (rc == CURLE_WRITE_ERROR) {
        diag_report(c->diags, c->span, DIAG_E3046_REGISTRY_BAD_RESPONSE, what, url,
                    arena_printf(c->arena, "response larger than %u bytes", PCKG_MAX_RESPONSE));
        return false;
    }
    if (rc != CURLE_OK) {
        diag_report(c->diags, c->span, DIAG_E3040_REGISTRY_UNREACHABLE, what, url, curl_error);
        return false;
    }
    if (status >= 200 && status < 300)
        return true;
    const char *message = message_of(c->arena, body);
    const char *code = arena_printf(c->arena, "%ld", status);
    if (status == 401 || status == 403)
        diag_report(c->diags, c->span, DIAG_E3042_REGISTRY_AUTH, code, what, url, message);
    else if (status == 404)
        diag_report(c->diags, c->span, DIAG_E3043_REGISTRY_NOT_FOUND, what, url, message);
    else if (status == 409)
        diag_report(c->diags, c->span, DIAG_E3044_REGISTRY_CONFLICT, what, url, message);
    else
        diag_report(c->diags, c->span, DIAG_E3045_REGISTRY_HTTP, code, what, url, message);
    return false;
}

/* The JSON of a 2xx body: not JSON, or `"success": false`, is E3046. */
static cJSON *parse_json(PckgClient *c, const char *what, const char *path, const StrBuf *body)
{
    const char *url = pckg_url(c, path);
    cJSON *json = cJSON_ParseWithLength(body->data ? body->data : "", body->len);
    if (!json) {
        diag_report(c->diags, c->span, DIAG_E3046_REGISTRY_BAD_RESPONSE, what, url, "the body is not JSON");
        return NULL;
    }
    const cJSON *success = cJSON_GetObjectItemCaseSensitive(json, "success");
    if (cJSON_IsFalse(success)) {
        diag_report(c->diags, c->span, DIAG_E3046_REGISTRY_BAD_RESPONSE, what, url,
                    arena_printf(c->arena, "\"success\": false: %s", message_of(c->arena, body)));
        cJSON_Delete(json);
        return NULL;
    }
    return json;
}

cJSON *pckg_get_json(PckgClient *c, const char *what, const char *path)
{
    StrBuf body = {0};
    cJSON *json = perform(c, what, "GET", path, NULL, NULL, false, &body) ? parse_json(c, what, path, &body) : NULL;
    strbuf_free(&body);
    return json;
}

bool pckg_get_bytes(PckgClient *c, const char *what, const char *path, StrBuf *out)
{
    return perform(c, what, "GET", path, NULL, NULL, true, out);
}

typedef struct Form {
    const StrBuf *artifact;
    const char *checksum, *manifest_json, *filename;
} Form;

static curl_mime *make_form(PckgClient *c, CURL *h, void *data)
{
    const Form *f = data;
    const PckgCurl *k = &c->curl;
    curl_mime *mime = k->curl_mime_init(h);
    curl_mimepart *part = k->curl_mime_addpart(mime);
    k->curl_mime_name(part, "artifact");
    k->curl_mime_data(part, f->artifact->data ? f->artifact->data : "", f->artifact->len);
    k->curl_mime_type(part, "application/zip");
    k->curl_mime_filename(part, f->filename);
    part = k->curl_mime_addpart(mime);
    k->curl_mime_name(part, "checksumSha256");
    k->curl_mime_data(part, f->checksum, CURL_ZERO_TERMINATED);
    part = k->curl_mime_addpart(mime);
    k->curl_mime_name(part, "manifestJson");
    k->curl_mime_data(part, f->manifest_json ? f->manifest_json : "{}", CURL_ZERO_TERMINATED);
    k->curl_mime_type(part, "application/json");
    return mime;
}

cJSON *pckg_post(PckgClient *c, const char *what, const char *path, const StrBuf *artifact, const char *checksum,
                 const char *manifest_json)
{
    Form form = {artifact, checksum, manifest_json, "package.bpk"};
    StrBuf body = {0};
    cJSON *json = perform(c, what, "POST", path, artifact ? make_form : NULL, &form, artifact != NULL, &body)
                      ? parse_json(c, what, path, &body)
                      : NULL;
    strbuf_free(&body);
    return json;
}
