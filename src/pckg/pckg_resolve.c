/* pckg/pckg_resolve.c */
#include "pckg/pckg_resolve.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pckg/pckg_pack.h"
#include "pckg/pckg_semver.h"
#include "pckg/pckg_sha256.h"
#include "pckg/pckg_zip.h"
#include "project/project_materialize.h"
#include "project/project_path.h"

struct PckgChosen {
    PckgChosen *next;
    const char *name, *requirement, *consumer, *registry;
    SemVer version;
    ProjectRegistryPackage package;
};

/* A requirement learnt from a conflict: kept across resolution attempts
 * (pckg_resolver_retry), so that the next attempt chooses a version of
 * 'name' that also satisfies it. */
struct PckgConstraint {
    PckgConstraint *next;
    const char *name, *requirement, *consumer;
    SemVerReq req;
};

/* 'v' satisfies 'req' and every learnt constraint of 'name'. */
static bool acceptable(const PckgResolver *r, const char *name, const SemVerReq *req, const SemVer *v)
{
    if (!semver_req_matches(req, v))
        return false;
    for (const PckgConstraint *c = r->constraints; c; c = c->next)
        if (strcmp(c->name, name) == 0 && !semver_req_matches(&c->req, v))
            return false;
    return true;
}

static bool has_constraint(const PckgResolver *r, const char *name, const char *requirement)
{
    for (const PckgConstraint *c = r->constraints; c; c = c->next)
        if (strcmp(c->name, name) == 0 && strcmp(c->requirement, requirement) == 0)
            return true;
    return false;
}

static void add_constraint(PckgResolver *r, const char *name, const char *requirement, const char *consumer)
{
    if (has_constraint(r, name, requirement))
        return;
    PckgConstraint *c = ARENA_NEW(r->arena, PckgConstraint);
    const char *why;
    semver_req_parse(requirement, &c->req, &why); /* parsed before */
    c->name = name;
    c->requirement = requirement;
    c->consumer = consumer;
    c->next = r->constraints;
    r->constraints = c;
}

/* E3049 with every requirement known for 'name'. */
static void report_conflict(PckgResolver *r, Span span, const char *name, const char *consumer,
                            const char *requirement)
{
    StrBuf b = {0};
    strbuf_printf(&b, "no version satisfies `%s` (required by `%s`)", requirement, consumer);
    for (const PckgConstraint *c = r->constraints; c; c = c->next)
        if (strcmp(c->name, name) == 0 && strcmp(c->requirement, requirement) != 0)
            strbuf_printf(&b, " and `%s` (required by `%s`)", c->requirement, c->consumer);
    diag_report(r->diags, span, DIAG_E3049_VERSION_CONFLICT, name, arena_strdup(r->arena, b.data));
    strbuf_free(&b);
}

bool pckg_resolver_retry(PckgResolver *r)
{
    if (!r->retry)
        return false;
    r->retry = false;
    r->chosen = NULL;
    return true;
}

/* One entry of a versions list. */
typedef struct Listed {
    const char *text;
    SemVer v;
    bool yanked;
    const char *checksum; /* 64 hex digits */
} Listed;

static bool is_hex64(const char *s)
{
    if (!s || strlen(s) != 64)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

/* mkdir -p */
static bool make_dirs(Arena *arena, const char *dir)
{
    if (path_is_dir(dir))
        return true;
    const char *parent = path_dirname(arena, dir);
    if (strcmp(parent, dir) != 0 && !make_dirs(arena, parent))
        return false;
    return mkdir(dir, 0755) == 0 || errno == EEXIST;
}

/* Write to a temporary name and rename. */
static bool write_atomic(Arena *arena, const char *path, const void *data, size_t size)
{
    if (!make_dirs(arena, path_dirname(arena, path)))
        return false;
    const char *temp = arena_printf(arena, "%s.%ld.tmp", path, (long)getpid());
    FILE *f = fopen(temp, "wb");
    bool ok = f && (size == 0 || fwrite(data, 1, size, f) == size);
    if (f && fclose(f) != 0)
        ok = false;
    if (ok && rename(temp, path) != 0)
        ok = false;
    if (!ok)
        remove(temp);
    return ok;
}

/* The base URL and the lockfile's `registry` of 'dep' (E3004 for an alias
 * the workspace does not declare). */
static bool registry_of(PckgResolver *r, const ProjectDependency *dep, const char **url, const char **label)
{
    *url = r->default_url;
    *label = r->default_url;
    if (!dep->registry)
        return true;
    for (uint32_t i = 0; r->workspace && i < r->workspace->registry_count; i++)
        if (strcmp(r->workspace->registry_aliases[i], dep->registry) == 0) {
            *url = pckg_base_url(r->arena, r->workspace->registry_urls[i]);
            *label = dep->registry;
            return true;
        }
    diag_report(r->diags, dep->label_span, DIAG_E3004_MANIFEST_INVALID,
                arena_printf(r->arena, "dependency `%s` references unknown workspace registry alias `%s`", dep->label,
                             dep->registry));
    return false;
}

static const char *requirement_of(PckgResolver *r, const ProjectDependency *dep)
{
    for (uint32_t i = 0; r->workspace && i < r->workspace->override_count; i++)
        if (strcasecmp(r->workspace->override_names[i], dep->label) == 0)
            return r->workspace->override_versions[i];
    return dep->version;
}

/* Index of the cache: <cache>/index/<fnv of url>/<name>/<version> = hex. */
static const char *index_dir(PckgResolver *r, const char *url, const char *name)
{
    return arena_printf(r->arena, "%s/index/%016" PRIx64 "/%s", r->cache, project_fnv1a64(url),
                        project_sanitize(r->arena, name));
}

/* GET …/versions, checked (E3046 for entries that are not what the protocol says). */
static bool list_versions(PckgResolver *r, PckgClient *client, const char *name, const char *what, Listed **out,
                          int *count)
{
    const char *path = arena_printf(r->arena, "/packages/%s/versions", pckg_escape(r->arena, name));
    cJSON *json = pckg_get_json(client, what, path);
    if (!json)
        return false;
    const cJSON *list = json;
    if (cJSON_IsObject(json)) {
        list = cJSON_GetObjectItemCaseSensitive(json, "versions");
        if (!list)
            list = cJSON_GetObjectItemCaseSensitive(json, "items");
    }
    bool ok = cJSON_IsArray(list);
    const char *why = "expected an array of versions";
    int n = ok ? cJSON_GetArraySize(list) : 0;
    Listed *items = ARENA_ARRAY(r->arena, Listed, (size_t)n + 1);
    for (int i = 0; ok && i < n; i++) {
        const cJSON *e = cJSON_GetArrayItem(list, i);
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, "version");
        const cJSON *y = cJSON_GetObjectItemCaseSensitive(e, "isYanked");
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(e, "checksumSha256");
        if (!cJSON_IsString(v) || !semver_parse(v->valuestring, &items[i].v)) {
            why = "an entry has no valid `version`";
            ok = false;
        } else if (y && !cJSON_IsBool(y)) {
            why = "an entry's `isYanked` is not a boolean";
            ok = false;
        } else if (!cJSON_IsString(c) || !is_hex64(c->valuestring)) {
            why = "an entry has no valid `checksumSha256` (64 lowercase hex digits)";
            ok = false;
        } else {
            items[i].text = arena_strdup(r->arena, v->valuestring);
            items[i].yanked = cJSON_IsTrue(y);
            items[i].checksum = arena_strdup(r->arena, c->valuestring);
        }
    }
    if (!ok)
        diag_report(r->diags, client->span, DIAG_E3046_REGISTRY_BAD_RESPONSE, what, pckg_url(client, path), why);
    cJSON_Delete(json);
    *out = items;
    *count = n;
    return ok;
}

/* The archive's own checksums.sha256 (`<hex>  <path>` a line), when it has
 * one: every file it lists must be there with that digest. */
static bool check_entries(Arena *arena, const char *dir, char *error, size_t size)
{
    StrBuf sums = {0};
    if (!strbuf_read_file(&sums, path_join(arena, dir, "checksums.sha256"))) {
        strbuf_free(&sums);
        return true; /* none: the archive's digest was checked, that is enough */
    }
    bool ok = true;
    const char *p = strbuf_cstr(&sums);
    while (ok && *p) {
        size_t n = strcspn(p, "\n");
        const char *line = arena_strndup(arena, p, n);
        p += n + (p[n] == '\n');
        if (!*line)
            continue;
        const char *path = line + 66;
        if (n < 67 || line[64] != ' ' || line[65] != ' ' || !is_hex64(arena_strndup(arena, line, 64)) ||
            !pckg_zip_safe_path(path)) {
            snprintf(error, size, "checksums.sha256: invalid line `%.80s`", line);
            ok = false;
            break;
        }
        StrBuf file = {0};
        char got[65];
        if (!strbuf_read_file(&file, path_join(arena, dir, path))) {
            snprintf(error, size, "checksums.sha256 lists `%s`, which the archive does not hold", path);
            ok = false;
        } else {
            pckg_sha256_hex(file.data ? file.data : "", file.len, got);
            if (strncmp(got, line, 64) != 0) {
                snprintf(error, size, "`%s` does not match its line of checksums.sha256", path);
                ok = false;
            }
        }
        strbuf_free(&file);
    }
    strbuf_free(&sums);
    return ok;
}

/* The archive with SHA-256 'hex' of 'name' 'version': from the cache, else
 * downloaded (checked against 'hex'); then unpacked. */
static bool obtain(PckgResolver *r, PckgClient *client, const ProjectDependency *dep, const char *name,
                   const char *version, const char *hex, const char *source_of_hex, ProjectRegistryPackage *out)
{
    Arena *arena = r->arena;
    const char *what = arena_printf(arena, "package `%s` %s", name, version);
    const char *path = arena_printf(arena, "/packages/%s/versions/%s/download", pckg_escape(arena, name),
                                    pckg_escape(arena, version));
    const char *url = pckg_url(client, path);
    const char *archive_path = arena_printf(arena, "%s/archives/%s.bpk", r->cache, hex);
    const char *src = arena_printf(arena, "%s/src/%s", r->cache, hex);
    out->version = version;
    out->digest = arena_printf(arena, "sha256:%s", hex);
    out->dir = src;
    if (path_is_file(path_join(arena, src, "Project.proj")) && path_is_file(archive_path))
        return true; /* unpacked before, from an archive that was checked */
    StrBuf data = {0};
    char got[65] = "";
    if (path_is_file(archive_path) && strbuf_read_file(&data, archive_path)) {
        pckg_sha256_hex(data.data, data.len, got);
        if (strcmp(got, hex) != 0) { /* a damaged cache entry: fetch it again */
            remove(archive_path);
            strbuf_free(&data);
            data = (StrBuf){0};
        }
    }
    if (!data.len) {
        if (r->offline) {
            diag_report(r->diags, dep->label_span, DIAG_E3062_OFFLINE, what, url);
            return false;
        }
        if (!pckg_get_bytes(client, what, path, &data)) {
            strbuf_free(&data);
            return false;
        }
        pckg_sha256_hex(data.data ? data.data : "", data.len, got);
        if (strcmp(got, hex) != 0) {
            diag_report(r->diags, dep->label_span, DIAG_E3047_CHECKSUM_MISMATCH, what, url, hex, source_of_hex, got);
            strbuf_free(&data);
            return false;
        }
        if (!write_atomic(arena, archive_path, data.data, data.len)) {
            diag_report(r->diags, dep->label_span, DIAG_E3064_PACKAGE_IO, "cannot write the package cache at",
                        archive_path, strerror(errno));
            strbuf_free(&data);
            return false;
        }
        write_atomic(arena, path_join(arena, index_dir(r, client->base_url, name), version), hex, 64);
    }
    if (!r->archive_loaded) {
        char error[256];
        if (!pckg_archive_load(&r->archive, error, sizeof error)) {
            diag_report(r->diags, dep->label_span, DIAG_E3063_LIBRARY_MISSING, "libarchive", "libarchive13", error);
            strbuf_free(&data);
            return false;
        }
        r->archive_loaded = true;
    }
    const char *temp = arena_printf(arena, "%s/src/.tmp-%s-%ld", r->cache, hex, (long)getpid());
    path_remove_tree(temp);
    char error[512] = "";
    bool ok = make_dirs(arena, temp);
    if (!ok)
        snprintf(error, sizeof error, "cannot create %s: %s", temp, strerror(errno));
    else
        ok = pckg_zip_extract(&r->archive, data.data, data.len, temp, error, sizeof error);
    if (ok && !path_is_file(path_join(arena, temp, "Project.proj"))) {
        snprintf(error, sizeof error, "no Project.proj at its root");
        ok = false;
    }
    if (ok)
        ok = check_entries(arena, temp, error, sizeof error);
    strbuf_free(&data);
    if (!ok) {
        path_remove_tree(temp);
        diag_report(r->diags, dep->label_span, DIAG_E3061_BAD_ARCHIVE, what, url, error);
        return false;
    }
    path_remove_tree(src); /* a half-unpacked earlier attempt */
    if (rename(temp, src) != 0 && !path_is_file(path_join(arena, src, "Project.proj"))) {
        diag_report(r->diags, dep->label_span, DIAG_E3064_PACKAGE_IO, "cannot write the package cache at", src,
                    strerror(errno));
        path_remove_tree(temp);
        return false;
    }
    return true;
}

/* --offline without a pin: the highest matching version in the cache index. */
static bool choose_cached(PckgResolver *r, const char *url, const char *name, const SemVerReq *req, SemVer *best,
                          const char **best_text, const char **best_hex)
{
    const char *dir = index_dir(r, url, name);
    DIR *d = opendir(dir);
    if (!d)
        return false;
    bool found = false;
    struct dirent *e;
    while ((e = readdir(d))) {
        SemVer v;
        if (!semver_parse(e->d_name, &v) || !acceptable(r, name, req, &v) || (found && semver_compare(&v, best) <= 0))
            continue;
        StrBuf hex = {0};
        if (strbuf_read_file(&hex, path_join(r->arena, dir, e->d_name)) && hex.len == 64 && is_hex64(strbuf_cstr(&hex))) {
            *best = v;
            *best_text = arena_strdup(r->arena, e->d_name);
            *best_hex = arena_strdup(r->arena, hex.data);
            found = true;
        }
        strbuf_free(&hex);
    }
    closedir(d);
    return found;
}

static const LockDependency *pinned(PckgResolver *r, const char *name, const char *registry)
{
    for (uint32_t i = 0; r->lock && !r->update && i < r->lock->dependency_count; i++) {
        const LockDependency *d = &r->lock->dependencies[i];
        if (strcmp(d->name, name) == 0 && d->resolved_version && d->artifact_digest && d->registry &&
            strcmp(d->registry, registry) == 0 && strncmp(d->artifact_digest, "sha256:", 7) == 0 &&
            is_hex64(d->artifact_digest + 7))
            return d;
    }
    return NULL;
}

static void load_context(PckgResolver *r);

static bool fetch(void *self, const ProjectDependency *dep, const ProjectNode *consumer, ProjectRegistryPackage *out)
{
    PckgResolver *r = self;
    Arena *arena = r->arena;
    load_context(r);
    const char *name = dep->label;
    const char *requirement = requirement_of(r, dep);
    SemVerReq req;
    const char *why;
    if (!semver_req_parse(requirement, &req, &why)) {
        diag_report(r->diags, dep->label_span, DIAG_E3060_INVALID_REQUIREMENT, requirement, name, why);
        return false;
    }
    if (!pckg_valid_name(name)) {
        diag_report(r->diags, dep->label_span, DIAG_E3060_INVALID_REQUIREMENT, requirement, name,
                    "not a valid package name (letters, digits, `_`, `.`, `-`)");
        return false;
    }
    const char *url, *registry;
    if (!registry_of(r, dep, &url, &registry))
        return false;
    const char *consumer_name = consumer->manifest ? consumer->manifest->name : consumer->name;
    /* one version a package name in a build */
    for (PckgChosen *c = r->chosen; c; c = c->next)
        if (strcmp(c->name, name) == 0) {
            if (strcmp(c->registry, registry) == 0 && !semver_req_matches(&req, &c->version) &&
                !has_constraint(r, name, requirement)) {
                /* try again, choosing a version that both requirements accept */
                add_constraint(r, name, requirement, consumer_name);
                add_constraint(r, name, c->requirement, c->consumer);
                r->retry = true;
                return false;
            }
            if (strcmp(c->registry, registry) != 0 || !semver_req_matches(&req, &c->version)) {
                diag_report(r->diags, dep->label_span, DIAG_E3049_VERSION_CONFLICT, name,
                            arena_printf(arena, "`%s` requires `%s` (from %s), but `%s` requires `%s` (from %s), "
                                                "for which %s was chosen",
                                         consumer_name, requirement, registry, c->consumer, c->requirement,
                                         c->registry, c->package.version));
                return false;
            }
            *out = c->package;
            return true;
        }
    if (!r->cache) {
        diag_report(r->diags, dep->label_span, DIAG_E3064_PACKAGE_IO, "no package cache:", "set XDG_CACHE_HOME or HOME",
                    "needed for registry dependencies");
        return false;
    }
    PckgClient client = {
        .arena = arena,
        .diags = r->diags,
        .span = dep->label_span,
        .base_url = url,
        .timeout_secs = r->timeout_secs,
        .verbose = r->verbose,
        .log = r->log,
        .user_agent = r->user_agent,
        .progress = r->log != NULL,
    };
    const char *what = arena_printf(arena, "package `%s` (%s)", name, requirement);
    SemVer chosen_v;
    const char *version = NULL, *hex = NULL, *source_of_hex = NULL;
    const LockDependency *pin = pinned(r, name, registry);
    if (pin && semver_parse(pin->resolved_version, &chosen_v) && acceptable(r, name, &req, &chosen_v)) {
        version = pin->resolved_version;
        hex = pin->artifact_digest + 7;
        source_of_hex = "Project.lock";
        const char *cached = arena_printf(arena, "%s/archives/%s.bpk", r->cache, hex);
        if (!r->offline && !path_is_file(cached)) {
            /* not cached: the registry's checksum must agree with the lock */
            Listed *items;
            int n;
            if (!list_versions(r, &client, name, what, &items, &n))
                return false;
            const Listed *hit = NULL;
            for (int i = 0; i < n; i++)
                if (semver_compare(&items[i].v, &chosen_v) == 0)
                    hit = &items[i];
            if (!hit || hit->yanked) {
                /* a yanked version stays usable for a lockfile that pins it
                 * (as cargo does) only while the registry still serves it */
                if (!hit) {
                    diag_report(r->diags, dep->label_span, DIAG_E3048_NO_MATCHING_VERSION, name, requirement,
                                pckg_url(&client, arena_printf(arena, "/packages/%s/versions", name)),
                                arena_printf(arena, "Project.lock pins %s, which the registry does not list", version));
                    return false;
                }
            }
            if (strcmp(hit->checksum, hex) != 0) {
                diag_report(r->diags, dep->label_span, DIAG_E3047_CHECKSUM_MISMATCH,
                            arena_printf(arena, "package `%s` %s", name, version),
                            pckg_url(&client, arena_printf(arena, "/packages/%s/versions", name)), hex,
                            "Project.lock", hit->checksum);
                return false;
            }
        }
    } else if (r->offline) {
        const char *text, *h;
        if (!choose_cached(r, url, name, &req, &chosen_v, &text, &h)) {
            if (has_constraint(r, name, requirement) && r->constraints) {
                report_conflict(r, dep->label_span, name, consumer_name, requirement);
                return false;
            }
            diag_report(r->diags, dep->label_span, DIAG_E3062_OFFLINE, what,
                        pckg_url(&client, arena_printf(arena, "/packages/%s/versions", name)));
            return false;
        }
        version = text;
        hex = h;
        source_of_hex = "the package cache";
    } else {
        Listed *items;
        int n;
        if (!list_versions(r, &client, name, what, &items, &n))
            return false;
        const Listed *best = NULL;
        StrBuf yanked = {0}, available = {0};
        bool constrained = false; /* a version matches 'req' but not a learnt constraint */
        for (int i = 0; i < n; i++) {
            if (!semver_req_matches(&req, &items[i].v)) {
                strbuf_printf(&available, "%s%s", available.len ? ", " : "", items[i].text);
                continue;
            }
            if (!acceptable(r, name, &req, &items[i].v)) {
                constrained |= !items[i].yanked;
                continue;
            }
            if (items[i].yanked) {
                strbuf_printf(&yanked, "%s%s", yanked.len ? ", " : "", items[i].text);
                continue;
            }
            if (!best || semver_compare(&items[i].v, &best->v) > 0)
                best = &items[i];
        }
        if (!best && constrained) {
            report_conflict(r, dep->label_span, name, consumer_name, requirement);
            strbuf_free(&yanked);
            strbuf_free(&available);
            return false;
        }
        if (!best) {
            const char *detail = yanked.len ? arena_printf(arena, "every matching version is yanked (%s)", yanked.data)
                                 : n == 0   ? "no version is published"
                                            : arena_printf(arena, "published: %s", available.data);
            diag_report(r->diags, dep->label_span, DIAG_E3048_NO_MATCHING_VERSION, name, requirement,
                        pckg_url(&client, arena_printf(arena, "/packages/%s/versions", name)), detail);
        }
        strbuf_free(&yanked);
        strbuf_free(&available);
        if (!best)
            return false;
        chosen_v = best->v;
        version = best->text;
        hex = best->checksum;
        source_of_hex = "the registry's checksum";
    }
    if (!obtain(r, &client, dep, name, version, hex, source_of_hex, out))
        return false;
    out->registry = registry;
    PckgChosen *c = ARENA_NEW(arena, PckgChosen);
    *c = (PckgChosen){.next = r->chosen, .name = name, .requirement = requirement, .consumer = consumer_name,
                      .registry = registry, .version = chosen_v, .package = *out};
    r->chosen = c;
    return true;
}

static const char *find_upward(Arena *arena, const char *dir, const char *name)
{
    for (;;) {
        const char *candidate = path_join(arena, dir, name);
        if (path_is_file(candidate))
            return candidate;
        const char *parent = path_dirname(arena, dir);
        if (strcmp(parent, dir) == 0)
            return NULL;
        dir = parent;
    }
}

static void load_context(PckgResolver *r)
{
    if (r->context_loaded)
        return;
    r->context_loaded = true;
    Arena *arena = r->arena;
    DiagList scratch;
    diag_list_init(&scratch, arena);
    const char *dir = path_canonical(arena, path_dirname(arena, r->manifest));
    if (!dir)
        return;
    const char *workspace = find_upward(arena, dir, "Workspace.proj");
    uint32_t file;
    if (workspace && source_load(r->sources, workspace, SOURCE_DEFAULT_LIMIT, &file) == SOURCE_OK)
        r->workspace = workspace_manifest_read(arena, r->sources, file, &scratch);
    const char *lock = path_join(arena, dir, "Project.lock");
    if (path_is_file(lock) && source_load(r->sources, lock, SOURCE_DEFAULT_LIMIT, &file) == SOURCE_OK) {
        Lockfile *parsed = ARENA_NEW(arena, Lockfile);
        if (lock_parse(arena, r->sources, file, parsed, &scratch))
            r->lock = parsed;
    }
}

void pckg_resolver_init(PckgResolver *r, Arena *arena, DiagList *diags, SourceMap *sources, const char *manifest)
{
    memset(r, 0, sizeof *r);
    r->sources = sources;
    r->manifest = manifest;
    r->iface.fetch = fetch;
    r->iface.self = r;
    r->arena = arena;
    r->diags = diags;
    r->timeout_secs = PCKG_DEFAULT_TIMEOUT;
}
