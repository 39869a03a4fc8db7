/* pckg/pckg_pack.c */
#include "pckg/pckg_pack.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pckg/pckg_semver.h"
#include "pckg/pckg_sha256.h"
#include "pckg/pckg_zip.h"
#include "project/project_path.h"
#include "support/vec.h"

bool pckg_valid_name(const char *name)
{
    if (!name || !*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || strlen(name) > 128)
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("_.-", *p)))
            return false;
    return true;
}

typedef struct Walk {
    ProjectContext *ctx;
    const char *root;
    VEC(const char *) files; /* relative paths */
    bool ok;
} Walk;

/* `.beskid/docs` or below it */
static bool in_docs(const char *rel)
{
    return strncmp(rel, ".beskid/docs", 12) == 0 && (rel[12] == '\0' || rel[12] == '/');
}

static bool excluded(const char *rel, bool is_dir)
{
    if (is_dir)
        return strcmp(rel, ".git") == 0 || strcmp(rel, "obj") == 0 ||
               (strncmp(rel, ".beskid/", 8) == 0 && !in_docs(rel));
    size_t n = strlen(rel);
    if (n > 4 && strcmp(rel + n - 4, ".bpk") == 0)
        return true;
    /* files directly in .beskid/ */
    return strncmp(rel, ".beskid/", 8) == 0 && !in_docs(rel);
}

static void walk(Walk *w, const char *rel)
{
    Arena *arena = w->ctx->arena;
    const char *dir = rel ? path_join(arena, w->root, rel) : w->root;
    DIR *d = opendir(dir);
    if (!d) {
        diag_report(w->ctx->diags, SPAN_NONE, DIAG_E3064_PACKAGE_IO, "cannot read directory", dir, strerror(errno));
        w->ok = false;
        return;
    }
    struct dirent *e;
    while (w->ok && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        const char *child = rel ? arena_printf(arena, "%s/%s", rel, e->d_name) : arena_strdup(arena, e->d_name);
        struct stat st;
        if (lstat(path_join(arena, w->root, child), &st) != 0) {
            diag_report(w->ctx->diags, SPAN_NONE, DIAG_E3064_PACKAGE_IO, "cannot read", child, strerror(errno));
            w->ok = false;
        } else if (S_ISDIR(st.st_mode)) {
            if (!excluded(child, true))
                walk(w, child);
        } else if (S_ISREG(st.st_mode)) {
            if (!excluded(child, false))
                VEC_PUSH(arena, &w->files, child);
        } else if (!excluded(child, false)) {
            diag_report(w->ctx->diags, SPAN_NONE, DIAG_E3065_PACK_INVALID, w->root,
                        arena_printf(arena, "`%s` is not a regular file or directory (links are not packed)", child));
            w->ok = false;
        }
    }
    closedir(d);
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool pckg_pack(ProjectContext *ctx, const PckgArchive *lib, const char *source, const char *package,
               const char *version, const PckgPackDocs *docs, StrBuf *out, PckgPackInfo *info)
{
    Arena *arena = ctx->arena;
    memset(info, 0, sizeof *info);
    if (!path_is_dir(source)) {
        diag_report(ctx->diags, SPAN_NONE, DIAG_E3065_PACK_INVALID, source, "not a directory");
        return false;
    }
    const char *manifest_path = path_join(arena, source, "Project.proj");
    if (!path_is_file(manifest_path)) {
        diag_report(ctx->diags, SPAN_NONE, DIAG_E3065_PACK_INVALID, source, "no Project.proj at its root");
        return false;
    }
    const ProjectManifest *manifest = project_read_manifest(ctx, manifest_path);
    if (!manifest)
        return false;
    info->name = package ? package : manifest->name;
    info->version = version ? version : manifest->version;
    if (!pckg_valid_name(info->name)) {
        diag_report(ctx->diags, SPAN_NONE, DIAG_E3065_PACK_INVALID, source,
                    arena_printf(arena, "`%s` is not a valid package name (letters, digits, `_`, `.`, `-`)", info->name));
        return false;
    }
    if (strcmp(manifest->name, info->name) != 0) {
        diag_report(ctx->diags, SPAN_NONE, DIAG_E3065_PACK_INVALID, source,
                    arena_printf(arena, "Project.proj names the project `%s`, not `%s`", manifest->name, info->name));
        return false;
    }
    SemVer parsed;
    if (!semver_parse(info->version, &parsed)) {
        diag_report(ctx->diags, SPAN_NONE, DIAG_E3065_PACK_INVALID, source,
                    arena_printf(arena, "`%s` is not a version (MAJOR.MINOR.PATCH)", info->version));
        return false;
    }
    Walk w = {.ctx = ctx, .root = source, .ok = true};
    walk(&w, NULL);
    if (!w.ok)
        return false;
    const char *src_prefix = arena_printf(arena, "%s/", path_normalize(arena, manifest->root));
    bool has_source = false;
    for (uint32_t i = 0; i < w.files.count; i++)
        has_source |= strncmp(w.files.items[i], src_prefix, strlen(src_prefix)) == 0;
    if (!has_source) {
        diag_report(ctx->diags, SPAN_NONE, DIAG_E3065_PACK_INVALID, source,
                    arena_printf(arena, "no file under its source root `%s`", manifest->root));
        return false;
    }
    for (uint32_t i = 0; i < w.files.count; i++)
        if (strcmp(w.files.items[i], "package.json") == 0 || strcmp(w.files.items[i], "checksums.sha256") == 0) {
            diag_report(ctx->diags, SPAN_NONE, DIAG_E3065_PACK_INVALID, source,
                        arena_printf(arena, "it has a file `%s` of its own (the archive's is generated)",
                                     w.files.items[i]));
            return false;
        }
    /* §6.3: the documentation goes into the package (<source>/.beskid/docs),
     * written once the project is known to be packable; then walk again */
    if (docs && docs->write) {
        if (!docs->write(docs->self, source, path_join(arena, source, ".beskid/docs")))
            return false;
        w = (Walk){.ctx = ctx, .root = source, .ok = true};
        walk(&w, NULL);
        if (!w.ok)
            return false;
    }
    const char *package_json = arena_printf(
        arena, "{\"schema\":\"beskid.package.v1\",\"id\":\"%s\",\"version\":\"%s\"}\n", info->name, info->version);
    VEC_PUSH(arena, &w.files, "package.json");
    qsort(w.files.items, w.files.count, sizeof *w.files.items, compare_paths);
    uint32_t n = w.files.count;
    PckgZipEntry *entries = ARENA_ARRAY(arena, PckgZipEntry, n + 1);
    StrBuf sums = {0};
    bool ok = true;
    for (uint32_t i = 0; i < n && ok; i++) {
        const char *rel = w.files.items[i];
        bool generated = strcmp(rel, "package.json") == 0 || strcmp(rel, "checksums.sha256") == 0;
        if (generated && (rel[0] == 'c' || (i + 1 < n && strcmp(w.files.items[i + 1], rel) == 0))) {
            diag_report(ctx->diags, SPAN_NONE, DIAG_E3065_PACK_INVALID, source,
                        arena_printf(arena, "it has a file `%s` of its own (the archive's is generated)", rel));
            ok = false;
            break;
        }
        if (strcmp(rel, "package.json") == 0) {
            entries[i] = (PckgZipEntry){rel, package_json, strlen(package_json)};
        } else {
            StrBuf data = {0};
            if (!strbuf_read_file(&data, path_join(arena, source, rel))) {
                diag_report(ctx->diags, SPAN_NONE, DIAG_E3064_PACKAGE_IO, "cannot read", rel, strerror(errno));
                strbuf_free(&data);
                ok = false;
                break;
            }
            void *copy = arena_alloc(arena, data.len + 1, 1);
            if (data.len)
                memcpy(copy, data.data, data.len);
            entries[i] = (PckgZipEntry){rel, copy, data.len};
            strbuf_free(&data);
        }
        char hex[65];
        pckg_sha256_hex(entries[i].data, entries[i].size, hex);
        strbuf_printf(&sums, "%s  %s\n", hex, rel);
    }
    if (ok) {
        /* checksums.sha256 takes its place in the sorted order */
        const char *sums_text = arena_strdup(arena, strbuf_cstr(&sums));
        PckgZipEntry *all = ARENA_ARRAY(arena, PckgZipEntry, n + 2);
        uint32_t k = 0;
        bool placed = false;
        for (uint32_t i = 0; i < n; i++) {
            if (!placed && strcmp("checksums.sha256", entries[i].path) < 0) {
                all[k++] = (PckgZipEntry){"checksums.sha256", sums_text, strlen(sums_text)};
                placed = true;
            }
            all[k++] = entries[i];
        }
        if (!placed)
            all[k++] = (PckgZipEntry){"checksums.sha256", sums_text, strlen(sums_text)};
        char error[256];
        ok = pckg_zip_write(lib, all, k, out, error, sizeof error);
        if (!ok)
            diag_report(ctx->diags, SPAN_NONE, DIAG_E3064_PACKAGE_IO, "cannot write the archive of", source, error);
        info->files = k;
        pckg_sha256_hex(out->data, out->len, info->sha256);
    }
    strbuf_free(&sums);
    return ok;
}
