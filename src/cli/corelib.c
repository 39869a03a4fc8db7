/* cli/corelib.c: the embedded standard library, its mount, provisioning
 * (backends.md §6.1) and `beskid corelib --output DIR` (§6.3).
 * A provisioned copy carries a stamp file, `.beskid-corelib`, holding the
 * version and the digest of its content: it is what tells a current copy from
 * a stale one and a corelib directory from any other directory. */
#include "cli/corelib.h"
#include "project/project_path.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"

#define STAMP_NAME ".beskid-corelib"

const char *corelib_read_embedded(const char *relative_path, size_t *len)
{
    for (size_t i = 0; i < corelib_embedded_count; i++) {
        const char *path = corelib_embedded_files[i].path;
        if (strncmp(path, "src/", 4) == 0 && strcmp(path + 4, relative_path) == 0) {
            *len = corelib_embedded_files[i].len;
            return corelib_embedded_files[i].text;
        }
    }
    return NULL;
}

CompileMount corelib_mount(void)
{
    return (CompileMount){
        .name = "Std",
        .source_root = CORELIB_SOURCE_ROOT,
        .entry = "Prelude.bd",
        .is_dependency = true,
        .read_embedded = corelib_read_embedded,
    };
}

static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *out = NULL;
    if (vasprintf(&out, fmt, ap) < 0)
        out = NULL;
    va_end(ap);
    if (!out) {
        fputs("error: out of memory\n", stderr);
        exit(1);
    }
    return out;
}

static bool blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

char *corelib_root(void)
{
    const char *root = getenv("BESKID_CORELIB_ROOT");
    if (!blank(root))
        return format("%s", root);
    const char *home = getenv("HOME");
    if (!blank(home))
        return format("%s/.beskid/beskid_corelib", home);
    return format("./.beskid/beskid_corelib");
}

/* ---- versions and stamps ---- */

/* -1, 0 or 1 comparing dotted numeric versions ("0.10.0" > "0.9.1"). */
static int version_compare(const char *a, const char *b)
{
    while (*a || *b) {
        char *end_a, *end_b;
        unsigned long long x = strtoull(a, &end_a, 10), y = strtoull(b, &end_b, 10);
        if (x != y)
            return x < y ? -1 : 1;
        a = *end_a == '.' ? end_a + 1 : end_a + strlen(end_a);
        b = *end_b == '.' ? end_b + 1 : end_b + strlen(end_b);
    }
    return 0;
}

/* The stamp of the copy at 'root': version and digest, or false. */
static bool read_stamp(const char *root, char *version, size_t vsize, char *digest, size_t dsize)
{
    char *path = format("%s/" STAMP_NAME, root);
    FILE *f = fopen(path, "r");
    free(path);
    if (!f)
        return false;
    char line[256];
    bool ok = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    if (!ok)
        return false;
    char v[64], d[128];
    if (sscanf(line, "%63s %127s", v, d) != 2)
        return false;
    snprintf(version, vsize, "%s", v);
    snprintf(digest, dsize, "%s", d);
    return true;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool dir_is_empty(const char *path)
{
    char *probe = format("%s/Project.proj", path);
    bool has_manifest = access(probe, F_OK) == 0;
    free(probe);
    if (has_manifest)
        return false;
    /* rmdir of an empty directory succeeds: then it is absent, which is fine */
    return rmdir(path) == 0;
}

/* ---- writing a copy ---- */

static int mkdir_p(const char *path, mode_t mode)
{
    char *copy = format("%s", path);
    for (char *at = copy + 1;; at++) {
        if (*at != '/' && *at != '\0')
            continue;
        char saved = *at;
        *at = '\0';
        if (mkdir(copy, mode) != 0 && errno != EEXIST) {
            free(copy);
            return -1;
        }
        *at = saved;
        if (!saved)
            break;
    }
    free(copy);
    return is_dir(path) ? 0 : (errno = ENOTDIR, -1);
}

static bool write_file(const char *path, const char *data, size_t len)
{
    char *dir = format("%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
        if (mkdir_p(dir, 0755) != 0) {
            free(dir);
            return false;
        }
    }
    free(dir);
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}


/* Replaces 'root' by 'fresh' in one step when the kernel can
 * (renameat2 RENAME_EXCHANGE), else by two renames. */
static bool swap_in(const char *fresh, const char *root)
{
    if (rename(fresh, root) == 0)
        return true;
    if (errno != EEXIST && errno != ENOTEMPTY)
        return false;
#ifdef RENAME_EXCHANGE
    if (renameat2(AT_FDCWD, fresh, AT_FDCWD, root, RENAME_EXCHANGE) == 0) {
        path_remove_tree(fresh); /* now the old copy */
        return true;
    }
#endif
    char *old = format("%s.old-%ld", root, (long)getpid());
    bool ok = rename(root, old) == 0 && rename(fresh, root) == 0;
    path_remove_tree(old);
    free(old);
    return ok;
}

void corelib_provision_quietly(void)
{
    char *root = corelib_root();
    char error[512];
    corelib_provision(root, error, sizeof error);
    free(root);
}

CorelibStatus corelib_provision(const char *root, char *error, size_t error_size)
{
    char version[64], digest[128];
    if (read_stamp(root, version, sizeof version, digest, sizeof digest)) {
        int order = version_compare(version, corelib_embedded_version);
        if (order > 0 || (order == 0 && strcmp(digest, corelib_embedded_digest) == 0))
            return CORELIB_CURRENT;
    } else if (is_dir(root) && !dir_is_empty(root)) {
        char *manifest = format("%s/Project.proj", root);
        bool is_copy = access(manifest, F_OK) == 0;
        free(manifest);
        if (!is_copy) {
            snprintf(error, error_size, "`%s` exists and is not a corelib directory", root);
            return CORELIB_FAILED;
        }
    }
    char *parent = format("%s", root);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent)
        *slash = '\0';
    else if (slash)
        slash[1] = '\0';
    else
        strcpy(parent, ".");
    if (mkdir_p(parent, 0755) != 0) {
        snprintf(error, error_size, "cannot create `%s`: %s", parent, strerror(errno));
        free(parent);
        return CORELIB_FAILED;
    }
    char *fresh = format("%s/.beskid_corelib.tmp-XXXXXX", parent);
    free(parent);
    if (!mkdtemp(fresh)) {
        snprintf(error, error_size, "cannot write in the directory of `%s`: %s", root, strerror(errno));
        free(fresh);
        return CORELIB_FAILED;
    }
    chmod(fresh, 0755);
    bool ok = true;
    for (size_t i = 0; ok && i < corelib_embedded_count; i++) {
        char *path = format("%s/%s", fresh, corelib_embedded_files[i].path);
        ok = write_file(path, corelib_embedded_files[i].text, corelib_embedded_files[i].len);
        free(path);
    }
    if (ok) {
        char *stamp = format("%s %s\n", corelib_embedded_version, corelib_embedded_digest);
        char *path = format("%s/" STAMP_NAME, fresh);
        ok = write_file(path, stamp, strlen(stamp));
        free(path);
        free(stamp);
    }
    if (!ok || !swap_in(fresh, root)) {
        snprintf(error, error_size, "cannot install at `%s`: %s", root, strerror(errno));
        path_remove_tree(fresh);
        free(fresh);
        return CORELIB_FAILED;
    }
    free(fresh);
    fprintf(stderr, "corelib: updated to %s at %s\n", corelib_embedded_version, root);
    return CORELIB_INSTALLED;
}

/* ---- beskid corelib --output DIR ---- */

static const char *copy_from;
static const char *copy_to;
static bool copy_ok;

static int copy_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)ftw;
    const char *rel = path + strlen(copy_from);
    if (*rel == '/')
        rel++;
    if (flag != FTW_F || strcmp(rel, STAMP_NAME) == 0)
        return 0;
    FILE *in = fopen(path, "rb");
    if (!in) {
        copy_ok = false;
        return 1;
    }
    char *data = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&data, &len);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, mem);
    fclose(in);
    fclose(mem);
    char *target = format("%s/%s", copy_to, rel);
    copy_ok = write_file(target, data, len);
    free(target);
    free(data);
    return copy_ok ? 0 : 1;
}

int cmd_corelib(const CliArgs *args)
{
    const char *out = cli_value(args, CLI_FLAG_CORELIB_OUTPUT, "corelib/beskid_corelib");
    char *root = corelib_root();
    char error[512];
    if (corelib_provision(root, error, sizeof error) == CORELIB_FAILED) {
        fprintf(stderr, "error: corelib: %s\n", error);
        free(root);
        return 1;
    }
    char *manifest = format("%s/Project.proj", root), *prelude = format("%s/src/Prelude.bd", root);
    int status = 0;
    if (access(manifest, R_OK) != 0) {
        fprintf(stderr, "error: missing corelib manifest template at `%s`\n", manifest);
        status = 1;
    } else if (access(prelude, R_OK) != 0) {
        fprintf(stderr, "error: missing corelib prelude template at `%s`\n", prelude);
        status = 1;
    } else {
        char *out_manifest = format("%s/Project.proj", out), *out_prelude = format("%s/src/Prelude.bd", out);
        if (access(out_manifest, F_OK) == 0 && access(out_prelude, F_OK) == 0) {
            printf("Using checked-in Beskid corelib project at %s\n", out);
        } else {
            copy_from = root;
            copy_to = out;
            copy_ok = true;
            if (mkdir_p(out, 0755) != 0 || nftw(root, copy_entry, 16, FTW_PHYS) != 0 || !copy_ok) {
                fprintf(stderr, "error: cannot write the corelib project to `%s`: %s\n", out, strerror(errno));
                status = 1;
            } else {
                printf("Generated Beskid corelib project at %s\n", out);
            }
        }
        free(out_manifest);
        free(out_prelude);
    }
    free(manifest);
    free(prelude);
    free(root);
    return status;
}
