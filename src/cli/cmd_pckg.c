/* cli/cmd_pckg.c: `beskid pckg ACTION` (backends.md §6.3, issue 16,
 * docs/packages.md): the registry client. Each action has its own operands,
 * flags and --help (a CliCommand made for it, so that help and usage errors
 * come from cli_help/cli_args like every other command's); registry
 * failures are the coded errors of pckg/pckg_client.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/cli_help.h"
#include "cli/compile.h"
#include "pckg/pckg_client.h"
#include "pckg/pckg_pack.h"
#include "pckg/pckg_semver.h"
#include "pckg/pckg_sha256.h"
#include "project/project_path.h"

#define COMMON CLI_FLAG_BASE_URL, CLI_FLAG_BEARER_TOKEN, CLI_FLAG_API_KEY, CLI_FLAG_TIMEOUT_SECS, \
               CLI_FLAG_CONFIG_FILE, CLI_FLAG_VERBOSE

typedef struct Action Action;
typedef int (*ActionRun)(const Action *action, const CliArgs *args, Compilation *c, PckgClient *client);

struct Action {
    CliCommand command; /* name "pckg X", operand, summary, help, flags */
    int operands;       /* exactly this many after the action */
    ActionRun run;
};

static int run_pack(const Action *, const CliArgs *, Compilation *, PckgClient *);
static int run_upload(const Action *, const CliArgs *, Compilation *, PckgClient *);
static int run_configure(const Action *, const CliArgs *, Compilation *, PckgClient *);
static int run_list(const Action *, const CliArgs *, Compilation *, PckgClient *);
static int run_details(const Action *, const CliArgs *, Compilation *, PckgClient *);
static int run_versions(const Action *, const CliArgs *, Compilation *, PckgClient *);
static int run_download(const Action *, const CliArgs *, Compilation *, PckgClient *);
static int run_yank(const Action *, const CliArgs *, Compilation *, PckgClient *);
static int run_whoami(const Action *, const CliArgs *, Compilation *, PckgClient *);

#define FLAGS(...) ((const CliFlagId[]){__VA_ARGS__, CLI_FLAG__COUNT})
static const Action actions[] = {
    {{"pckg pack", NULL, cmd_pckg, CLI_OPERAND_NONE, NULL, "pack a project into a package archive (.bpk)",
      "First writes the project's documentation (`beskid doc`) into <source>/.beskid/docs, which is packed.\n"
      "Deterministic: the same files give a byte-identical archive. Prints the archive's path and SHA-256.\n"
      "Default output: <package>-<version>.bpk in the current directory.\n"
      "The version: --version, else with --version-state-file the patch release after the version the\n"
      "file holds (the project's own version when the file does not exist yet), else Project.proj's.\n"
      "After packing, the state file holds the version packed, so repeated packs count up.\n",
      FLAGS(CLI_FLAG_SOURCE, CLI_FLAG_PACKAGE, CLI_FLAG_PCKG_VERSION, CLI_FLAG_VERSION_STATE_FILE, CLI_FLAG_PCKG_OUTPUT,
            CLI_FLAG_BASE_URL, CLI_FLAG_VERBOSE)},
     0, run_pack},
    {{"pckg upload", NULL, cmd_pckg, CLI_OPERAND_REQUIRED, "PKG", "publish a package archive",
      "POSTs the archive to {base}/api/packages/PKG/publish; the registry assigns the version.\n",
      FLAGS(CLI_FLAG_ARTIFACT, CLI_FLAG_CHECKSUM_SHA256, CLI_FLAG_MANIFEST_JSON, COMMON)},
     1, run_upload},
    {{"pckg configure", NULL, cmd_pckg, CLI_OPERAND_NONE, NULL, "save an API key",
      "Writes the key to the repositories file (default ~/.beskid/pckg/repositories.json, mode 600).\n",
      FLAGS(CLI_FLAG_API_KEY, CLI_FLAG_REPOSITORY_URL, CLI_FLAG_BASE_URL, CLI_FLAG_CONFIG_FILE)},
     0, run_configure},
    {{"pckg list", NULL, cmd_pckg, CLI_OPERAND_NONE, NULL, "list the registry's packages", NULL, FLAGS(COMMON)},
     0, run_list},
    {{"pckg search", NULL, cmd_pckg, CLI_OPERAND_REQUIRED, "QUERY", "search packages by name", NULL, FLAGS(COMMON)},
     1, run_list},
    {{"pckg details", NULL, cmd_pckg, CLI_OPERAND_REQUIRED, "PKG", "show a package", NULL, FLAGS(COMMON)}, 1,
     run_details},
    {{"pckg versions", NULL, cmd_pckg, CLI_OPERAND_REQUIRED, "PKG", "list a package's versions, newest first", NULL,
      FLAGS(COMMON)},
     1, run_versions},
    {{"pckg download", NULL, cmd_pckg, CLI_OPERAND_REQUIRED, "PKG", "download and verify a package archive",
      "Checks the archive's SHA-256 against the registry's. Default output: PKG-VERSION.bpk.\n",
      FLAGS(CLI_FLAG_PCKG_VERSION, CLI_FLAG_PCKG_OUTPUT, COMMON)},
     1, run_download},
    {{"pckg yank", NULL, cmd_pckg, CLI_OPERAND_REQUIRED, "PKG", "mark a version as yanked",
      "A yanked version is never chosen for a new dependency.\n", FLAGS(CLI_FLAG_PCKG_VERSION, COMMON)},
     1, run_yank},
    {{"pckg unyank", NULL, cmd_pckg, CLI_OPERAND_REQUIRED, "PKG", "undo a yank", NULL,
      FLAGS(CLI_FLAG_PCKG_VERSION, COMMON)},
     1, run_yank},
    {{"pckg whoami", NULL, cmd_pckg, CLI_OPERAND_NONE, NULL, "show the user the credentials belong to", NULL,
      FLAGS(COMMON)},
     0, run_whoami},
};
#define ACTION_COUNT (sizeof actions / sizeof actions[0])

static bool action_has_flag(const Action *a, CliFlagId id)
{
    for (const CliFlagId *f = a->command.flags; *f != CLI_FLAG__COUNT; f++)
        if (*f == id)
            return true;
    return false;
}

/* ~/.beskid/pckg/repositories.json, or --config-file. */
static const char *config_path(const CliArgs *args)
{
    const char *flag = cli_value(args, CLI_FLAG_CONFIG_FILE, NULL);
    if (flag)
        return flag;
    const char *home = getenv("HOME");
    return home && *home ? path_join(args->arena, home, ".beskid/pckg/repositories.json") : NULL;
}

/* The saved API key for 'url', or NULL. */
static const char *saved_key(const CliArgs *args, const char *url)
{
    const char *path = config_path(args);
    StrBuf text = {0};
    const char *key = NULL;
    if (path && strbuf_read_file(&text, path)) {
        cJSON *json = cJSON_ParseWithLength(text.data ? text.data : "", text.len);
        const cJSON *repos = cJSON_GetObjectItemCaseSensitive(json, "repositories");
        const cJSON *r;
        cJSON_ArrayForEach(r, repos)
        {
            const cJSON *u = cJSON_GetObjectItemCaseSensitive(r, "url");
            const cJSON *k = cJSON_GetObjectItemCaseSensitive(r, "apiKey");
            if (cJSON_IsString(u) && cJSON_IsString(k) &&
                strcmp(pckg_base_url(args->arena, u->valuestring), url) == 0)
                key = arena_strdup(args->arena, k->valuestring);
        }
        cJSON_Delete(json);
    }
    strbuf_free(&text);
    return key;
}

static bool write_file(Compilation *c, const char *path, const void *data, size_t size, mode_t mode)
{
    const char *temp = arena_printf(c->arena, "%s.%ld.tmp", path, (long)getpid());
    int fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, mode);
    bool ok = fd >= 0 && (size == 0 || write(fd, data, size) == (ssize_t)size) && fchmod(fd, mode) == 0;
    int saved = errno;
    if (fd >= 0 && close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (ok && rename(temp, path) != 0) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        remove(temp);
        diag_report(&c->diags, SPAN_NONE, DIAG_E3064_PACKAGE_IO, "cannot write", path, strerror(saved));
    }
    return ok;
}

static int finish(Compilation *c, int status)
{
    if (c->diags.items.count)
        diag_output_list(&c->output, &c->sources, &c->diags);
    return c->diags.error_count ? 1 : status;
}

static const char *string_of(const cJSON *object, const char *key, const char *fallback)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(object, key);
    return cJSON_IsString(v) ? v->valuestring : fallback;
}

/* ---- actions */

typedef struct DocsContext {
    Compilation *c;
    const char *base_url; /* --base-url, for the registry dependencies of the package */
    int status;
} DocsContext;

/* `beskid doc --project . --out .beskid/docs` run in SOURCE, as the doc
 * command runs it: from inside the project, so that the paths in the
 * documentation are relative to it and the archive does not depend on where
 * the project lies; its `Wrote …` line goes to stderr, so that pack's stdout
 * is pack's. */
static bool write_docs(void *self, const char *source, const char *out_dir)
{
    (void)out_dir; /* <source>/.beskid/docs, reached from inside */
    DocsContext *d = self;
    const CliCommand *doc = cli_command_find("doc");
    const char *items[] = {"--project", ".", "--out", ".beskid/docs", "--base-url", d->base_url};
    int count = d->base_url ? 6 : 4;
    CliArgs args;
    int here = open(".", O_RDONLY | O_DIRECTORY);
    if (!doc || !doc->run || !cli_parse(d->c->arena, doc, items, count, &args) || here < 0 || chdir(source) != 0) {
        diag_report(&d->c->diags, SPAN_NONE, DIAG_E3064_PACKAGE_IO, "cannot write the documentation of", source,
                    strerror(errno));
        if (here >= 0)
            close(here);
        d->status = 1;
        return false;
    }
    fflush(stdout);
    int saved = dup(1);
    if (saved >= 0)
        dup2(2, 1);
    d->status = doc->run(&args);
    fflush(stdout);
    if (saved >= 0) {
        dup2(saved, 1);
        close(saved);
    }
    if (fchdir(here) != 0)
        d->status = 1;
    close(here);
    return d->status == 0;
}

/* --version-state-file: the patch release after the version 'path' holds
 * (its text, trimmed); NULL when the file does not exist (then the project's
 * own version is packed). False (reported) when it holds no version. */
static bool next_state_version(Compilation *c, const char *path, const char **version)
{
    *version = NULL;
    StrBuf text = {0};
    if (!strbuf_read_file(&text, path)) {
        int err = errno;
        strbuf_free(&text);
        if (err == ENOENT)
            return true;
        diag_report(&c->diags, SPAN_NONE, DIAG_E3064_PACKAGE_IO, "cannot read", path, strerror(err));
        return false;
    }
    const char *start = strbuf_cstr(&text);
    while (*start == ' ' || *start == '\t' || *start == '\n' || *start == '\r')
        start++;
    size_t len = strlen(start);
    while (len > 0 && (start[len - 1] == ' ' || start[len - 1] == '\t' || start[len - 1] == '\n' || start[len - 1] == '\r'))
        len--;
    char *held = arena_printf(c->arena, "%.*s", (int)len, start);
    strbuf_free(&text);
    SemVer v;
    if (!semver_parse(held, &v)) {
        diag_report(&c->diags, SPAN_NONE, DIAG_E3064_PACKAGE_IO, "cannot read a version from", path,
                    arena_printf(c->arena, "`%s` is not a version (MAJOR.MINOR.PATCH)", held));
        return false;
    }
    /* 1.2.3 -> 1.2.4; a pre-release 1.3.0-rc.1 -> its release 1.3.0 */
    *version = v.pre[0] ? arena_printf(c->arena, "%ld.%ld.%ld", v.major, v.minor, v.patch)
                        : arena_printf(c->arena, "%ld.%ld.%ld", v.major, v.minor, v.patch + 1);
    return true;
}

static int run_pack(const Action *a, const CliArgs *args, Compilation *c, PckgClient *client)
{
    (void)a;
    (void)client;
    /* ZIP keeps local DOS times: pack in UTC so the bytes do not depend on
     * the machine's time zone (pckg/pckg_zip.h) */
    setenv("TZ", "UTC", 1);
    tzset();
    PckgArchive lib;
    char error[256];
    if (!pckg_archive_load(&lib, error, sizeof error)) {
        diag_report(&c->diags, SPAN_NONE, DIAG_E3063_LIBRARY_MISSING, "libarchive", "libarchive13", error);
        return finish(c, 1);
    }
    ProjectContext ctx = {.arena = c->arena, .sources = &c->sources, .diags = &c->diags};
    StrBuf archive = {0};
    PckgPackInfo info;
    const char *source = cli_value(args, CLI_FLAG_SOURCE, ".");
    DocsContext docs_context = {.c = c, .base_url = cli_value(args, CLI_FLAG_BASE_URL, NULL)};
    PckgPackDocs docs = {.write = write_docs, .self = &docs_context};
    const char *state = cli_value(args, CLI_FLAG_VERSION_STATE_FILE, NULL);
    const char *version = cli_value(args, CLI_FLAG_PCKG_VERSION, NULL);
    if (!version && state && !next_state_version(c, state, &version))
        return finish(c, 1);
    bool packed = pckg_pack(&ctx, &lib, source, cli_value(args, CLI_FLAG_PACKAGE, NULL), version, &docs, &archive,
                            &info);
    if (!packed && docs_context.status && !c->diags.error_count) { /* `doc` reported its errors itself */
        strbuf_free(&archive);
        return docs_context.status;
    }
    if (packed) {
        const char *output = cli_value(args, CLI_FLAG_PCKG_OUTPUT, NULL);
        if (!output)
            output = arena_printf(c->arena, "%s-%s.bpk", info.name, info.version);
        const char *line = arena_printf(c->arena, "%s\n", info.version);
        if (write_file(c, output, archive.data, archive.len, 0644) &&
            (!state || write_file(c, state, line, strlen(line), 0644)))
            printf("Packed %s %s (%u files, %zu bytes) into %s\nsha256:%s\n", info.name, info.version, info.files,
                   archive.len, output, info.sha256);
    }
    strbuf_free(&archive);
    return finish(c, 0);
}

static int run_upload(const Action *a, const CliArgs *args, Compilation *c, PckgClient *client)
{
    const char *name = cli_operand(args, 1);
    const char *artifact = cli_value(args, CLI_FLAG_ARTIFACT, NULL);
    if (!artifact)
        return cli_usage_error(&a->command, NULL, "`--artifact <PATH>` is required");
    if (!pckg_valid_name(name))
        return cli_usage_error(&a->command, NULL, "`%s` is not a valid package name", name);
    StrBuf data = {0};
    if (!strbuf_read_file(&data, artifact)) {
        diag_report(&c->diags, SPAN_NONE, DIAG_E3064_PACKAGE_IO, "cannot read", artifact, strerror(errno));
        return finish(c, 1);
    }
    char hex[65];
    pckg_sha256_hex(data.data ? data.data : "", data.len, hex);
    const char *claimed = cli_value(args, CLI_FLAG_CHECKSUM_SHA256, NULL);
    if (claimed && strcmp(claimed, hex) != 0 && !(strncmp(claimed, "sha256:", 7) == 0 && strcmp(claimed + 7, hex) == 0)) {
        diag_report(&c->diags, SPAN_NONE, DIAG_E3047_CHECKSUM_MISMATCH, arena_printf(c->arena, "artifact `%s`", artifact),
                    artifact, claimed, "--checksum-sha256", hex);
        strbuf_free(&data);
        return finish(c, 1);
    }
    const char *manifest = cli_value(args, CLI_FLAG_MANIFEST_JSON, NULL);
    if (!manifest)
        manifest = arena_printf(c->arena, "{\"id\":\"%s\",\"checksumSha256\":\"%s\"}", name, hex);
    const char *what = arena_printf(c->arena, "package `%s` (publish)", name);
    cJSON *json = pckg_post(client, what, arena_printf(c->arena, "/packages/%s/publish", pckg_escape(c->arena, name)),
                            &data, hex, manifest);
    strbuf_free(&data);
    if (json) {
        const cJSON *again = cJSON_GetObjectItemCaseSensitive(json, "alreadyPublished");
        printf("%s %s %s (sha256:%s)\n", cJSON_IsTrue(again) ? "Already published" : "Published", name,
               string_of(json, "version", "?"), hex);
        cJSON_Delete(json);
    }
    return finish(c, 0);
}

static int run_configure(const Action *a, const CliArgs *args, Compilation *c, PckgClient *client)
{
    const char *key = cli_value(args, CLI_FLAG_API_KEY, NULL);
    if (!key)
        return cli_usage_error(&a->command, NULL, "`--api-key <KEY>` is required");
    const char *url = pckg_base_url(c->arena, cli_value(args, CLI_FLAG_REPOSITORY_URL, client->base_url));
    const char *path = config_path(args);
    if (!path) {
        diag_report(&c->diags, SPAN_NONE, DIAG_E3064_PACKAGE_IO, "cannot write", "the repositories file",
                    "HOME is not set (use --config-file)");
        return finish(c, 1);
    }
    StrBuf text = {0};
    cJSON *json = strbuf_read_file(&text, path) ? cJSON_ParseWithLength(text.data ? text.data : "", text.len) : NULL;
    strbuf_free(&text);
    if (!cJSON_IsObject(json)) {
        cJSON_Delete(json);
        json = cJSON_CreateObject();
    }
    cJSON *repos = cJSON_GetObjectItemCaseSensitive(json, "repositories");
    if (!cJSON_IsArray(repos)) {
        cJSON_DeleteItemFromObjectCaseSensitive(json, "repositories");
        repos = cJSON_AddArrayToObject(json, "repositories");
    }
    cJSON *entry = NULL, *r;
    cJSON_ArrayForEach(r, repos)
    {
        const cJSON *u = cJSON_GetObjectItemCaseSensitive(r, "url");
        if (cJSON_IsString(u) && strcmp(pckg_base_url(c->arena, u->valuestring), url) == 0)
            entry = r;
    }
    if (!entry) {
        entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "url", url);
        cJSON_AddItemToArray(repos, entry);
    }
    cJSON_DeleteItemFromObjectCaseSensitive(entry, "apiKey");
    cJSON_AddStringToObject(entry, "apiKey", key);
    char *out = cJSON_Print(json);
    cJSON_Delete(json);
    const char *dir = path_dirname(c->arena, path);
    /* mkdir -p, private */
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", dir);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(buf, 0700);
            *p = '/';
        }
    mkdir(buf, 0700);
    StrBuf body = {0};
    strbuf_printf(&body, "%s\n", out);
    free(out);
    if (write_file(c, path, body.data, body.len, 0600))
        printf("Saved the API key for %s in %s\n", url, path);
    strbuf_free(&body);
    return finish(c, 0);
}

static int run_list(const Action *a, const CliArgs *args, Compilation *c, PckgClient *client)
{
    bool search = strcmp(a->command.name, "pckg search") == 0;
    const char *path = search ? arena_printf(c->arena, "/search?q=%s", pckg_escape(c->arena, cli_operand(args, 1)))
                              : "/packages";
    cJSON *json = pckg_get_json(client, search ? "the search" : "the package list", path);
    if (!json)
        return finish(c, 1);
    const cJSON *list = cJSON_IsArray(json) ? json : cJSON_GetObjectItemCaseSensitive(json, "items");
    if (!cJSON_IsArray(list)) {
        diag_report(&c->diags, SPAN_NONE, DIAG_E3046_REGISTRY_BAD_RESPONSE, "the package list", pckg_url(client, path),
                    "expected an array of packages");
    } else {
        const cJSON *p;
        cJSON_ArrayForEach(p, list)
        {
            const char *desc = string_of(p, "description", "");
            printf("%s %s%s%s\n", string_of(p, "name", "?"), string_of(p, "latestVersion", "-"), *desc ? "  " : "",
                   desc);
        }
        if (!cJSON_GetArraySize(list))
            puts(search ? "No packages match." : "No packages.");
    }
    cJSON_Delete(json);
    return finish(c, 0);
}

static int run_details(const Action *a, const CliArgs *args, Compilation *c, PckgClient *client)
{
    (void)a;
    const char *name = cli_operand(args, 1);
    cJSON *json = pckg_get_json(client, arena_printf(c->arena, "package `%s`", name),
                                arena_printf(c->arena, "/packages/%s", pckg_escape(c->arena, name)));
    if (!json)
        return finish(c, 1);
    printf("name: %s\nlatest: %s\n", string_of(json, "name", name), string_of(json, "latestVersion", "-"));
    const char *desc = string_of(json, "description", "");
    if (*desc)
        printf("description: %s\n", desc);
    const cJSON *d, *deps = cJSON_GetObjectItemCaseSensitive(json, "dependencies");
    cJSON_ArrayForEach(d, deps)
    {
        printf("dependency: %s %s (%s%s%s)\n", string_of(d, "name", "?"), string_of(d, "version", "?"),
               string_of(d, "source", "registry"), string_of(d, "registry", NULL) ? ", registry " : "",
               string_of(d, "registry", ""));
    }
    cJSON_Delete(json);
    return finish(c, 0);
}

static int run_versions(const Action *a, const CliArgs *args, Compilation *c, PckgClient *client)
{
    (void)a;
    const char *name = cli_operand(args, 1);
    const char *path = arena_printf(c->arena, "/packages/%s/versions", pckg_escape(c->arena, name));
    cJSON *json = pckg_get_json(client, arena_printf(c->arena, "package `%s`", name), path);
    if (!json)
        return finish(c, 1);
    if (!cJSON_IsArray(json))
        diag_report(&c->diags, SPAN_NONE, DIAG_E3046_REGISTRY_BAD_RESPONSE, arena_printf(c->arena, "package `%s`", name),
                    pckg_url(client, path), "expected an array of versions");
    const cJSON *v;
    cJSON_ArrayForEach(v, json)
    {
        const cJSON *size = cJSON_GetObjectItemCaseSensitive(v, "sizeBytes");
        printf("%s  sha256:%s  %.0f bytes  %s%s\n", string_of(v, "version", "?"), string_of(v, "checksumSha256", "?"),
               cJSON_IsNumber(size) ? size->valuedouble : 0.0, string_of(v, "publishedAtUtc", "-"),
               cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v, "isYanked")) ? "  (yanked)" : "");
    }
    cJSON_Delete(json);
    return finish(c, 0);
}

static int run_download(const Action *a, const CliArgs *args, Compilation *c, PckgClient *client)
{
    const char *name = cli_operand(args, 1);
    const char *version = cli_value(args, CLI_FLAG_PCKG_VERSION, NULL);
    if (!version)
        return cli_usage_error(&a->command, NULL, "`--version <VERSION>` is required");
    const char *what = arena_printf(c->arena, "package `%s` %s", name, version);
    const char *vpath = arena_printf(c->arena, "/packages/%s/versions", pckg_escape(c->arena, name));
    cJSON *json = pckg_get_json(client, what, vpath);
    if (!json)
        return finish(c, 1);
    const char *expected = NULL;
    const cJSON *v;
    cJSON_ArrayForEach(v, json)
    {
        if (strcmp(string_of(v, "version", ""), version) == 0)
            expected = arena_strdup(c->arena, string_of(v, "checksumSha256", ""));
    }
    cJSON_Delete(json);
    if (!expected) {
        diag_report(&c->diags, SPAN_NONE, DIAG_E3043_REGISTRY_NOT_FOUND, what, pckg_url(client, vpath),
                    "the registry does not list this version");
        return finish(c, 1);
    }
    const char *path = arena_printf(c->arena, "%s/%s/download", vpath, pckg_escape(c->arena, version));
    StrBuf data = {0};
    if (pckg_get_bytes(client, what, path, &data)) {
        char hex[65];
        pckg_sha256_hex(data.data ? data.data : "", data.len, hex);
        const char *output = cli_value(args, CLI_FLAG_PCKG_OUTPUT, arena_printf(c->arena, "%s-%s.bpk", name, version));
        if (strcmp(hex, expected) != 0)
            diag_report(&c->diags, SPAN_NONE, DIAG_E3047_CHECKSUM_MISMATCH, what, pckg_url(client, path), expected,
                        "the registry's checksum", hex);
        else if (write_file(c, output, data.data, data.len, 0644))
            printf("Downloaded %s %s (%zu bytes, sha256:%s) to %s\n", name, version, data.len, hex, output);
    }
    strbuf_free(&data);
    return finish(c, 0);
}

static int run_yank(const Action *a, const CliArgs *args, Compilation *c, PckgClient *client)
{
    bool yank = strcmp(a->command.name, "pckg yank") == 0;
    const char *name = cli_operand(args, 1);
    const char *version = cli_value(args, CLI_FLAG_PCKG_VERSION, NULL);
    if (!version)
        return cli_usage_error(&a->command, NULL, "`--version <VERSION>` is required");
    const char *what = arena_printf(c->arena, "package `%s` %s", name, version);
    cJSON *json = pckg_post(client, what,
                            arena_printf(c->arena, "/packages/%s/versions/%s/%s", pckg_escape(c->arena, name),
                                         pckg_escape(c->arena, version), yank ? "yank" : "unyank"),
                            NULL, NULL, NULL);
    if (json) {
        printf("%s %s %s\n", yank ? "Yanked" : "Unyanked", name, version);
        cJSON_Delete(json);
    }
    return finish(c, 0);
}

static int run_whoami(const Action *a, const CliArgs *args, Compilation *c, PckgClient *client)
{
    (void)a;
    (void)args;
    cJSON *json = pckg_get_json(client, "the current user", "/users/me");
    if (json) {
        const char *email = string_of(json, "email", NULL);
        printf("%s%s%s%s\n", string_of(json, "username", string_of(json, "name", "?")), email ? " <" : "",
               email ? email : "", email ? ">" : "");
        cJSON_Delete(json);
    }
    return finish(c, 0);
}

int cmd_pckg(const CliArgs *args)
{
    const char *name = cli_operand(args, 0);
    if (!name) { /* `beskid pckg` alone */
        return cli_usage_error(args->command, NULL, "missing ACTION (one of pack, upload, configure, list, search, "
                                                    "details, versions, download, yank, unyank, whoami)");
    }
    const Action *a = NULL;
    const char *names[ACTION_COUNT];
    for (size_t i = 0; i < ACTION_COUNT; i++) {
        names[i] = actions[i].command.name + 5;
        if (strcmp(names[i], name) == 0)
            a = &actions[i];
    }
    if (!a) {
        const char *near = cli_suggest(name, names, ACTION_COUNT);
        char tip[64];
        snprintf(tip, sizeof tip, "did you mean `%s`?", near ? near : "");
        return cli_usage_error(args->command, near ? tip : NULL, "unknown pckg action `%s`", name);
    }
    if (args->help) {
        cli_print_help(stdout, &a->command);
        return 0;
    }
    if ((int)args->operands.count - 1 != a->operands)
        return cli_usage_error(&a->command, NULL, a->operands ? "`pckg %s` takes %d operand (%s)"
                                                              : "`pckg %s` takes no operands%.0d%s",
                               name, a->operands, a->operands ? a->command.operand_name : "");
    for (int id = 0; id < CLI_FLAG__COUNT; id++)
        if (args->values[id].count && !action_has_flag(a, (CliFlagId)id))
            return cli_usage_error(&a->command, NULL, "`--%s` does not apply to `pckg %s`", cli_flag((CliFlagId)id)->name,
                                   name);
    if (cli_has(args, CLI_FLAG_API_KEY) && cli_has(args, CLI_FLAG_BEARER_TOKEN) && a->run != run_configure)
        return cli_usage_error(&a->command, NULL, "`--api-key` and `--bearer-token` cannot be used together");
    const char *timeout = cli_value(args, CLI_FLAG_TIMEOUT_SECS, NULL);
    if (timeout && atol(timeout) <= 0)
        return cli_usage_error(&a->command, NULL, "`--timeout-secs` must be a positive number of seconds");

    Compilation c;
    compilation_init(&c, args);
    PckgClient client = {
        .arena = c.arena,
        .diags = &c.diags,
        .span = SPAN_NONE,
        .base_url = pckg_base_url(c.arena, cli_value(args, CLI_FLAG_BASE_URL, NULL)),
        .timeout_secs = timeout ? atol(timeout) : PCKG_DEFAULT_TIMEOUT,
        .verbose = cli_has(args, CLI_FLAG_VERBOSE),
        .user_agent = "beskid/" BESKID_VERSION,
        .log = stderr,
        .progress = isatty(2) != 0,
    };
    /* credentials: a flag, else the environment, else the saved key */
    client.api_key = cli_value(args, CLI_FLAG_API_KEY, NULL);
    client.bearer = cli_value(args, CLI_FLAG_BEARER_TOKEN, NULL);
    if (!client.api_key && !client.bearer) {
        const char *token = getenv("BESKID_PCKG_TOKEN"), *key = getenv("BESKID_PCKG_API_KEY");
        if (token && *token)
            client.bearer = token;
        else if (key && *key)
            client.api_key = key;
        else if (a->run != run_configure)
            client.api_key = saved_key(args, client.base_url);
    }
    int status = a->run(a, args, &c, &client);
    /* libcurl stays loaded until exit */
    compilation_free(&c);
    return status;
}
