/* project/project_lock.c: Project.lock v1, written and read back.
 *
 *   lockfile   = "# Project.lock v1" NL { field NL } [ "dependencies:" NL { dependency NL } ]
 *   field      = ("root_manifest" | "project_name") "=" TEXT
 *   dependency = "- " pair { ";" pair } ;  pair = KEY "=" TEXT
 *
 * Unknown dependency keys are ignored; blank lines are skipped. */
#include "project/project_lock.h"

#include <stdlib.h>
#include <string.h>

#include "support/vec.h"

static void render_dependency(const LockDependency *d, StrBuf *out)
{
    strbuf_printf(out, "- name=%s;manifest=%s;project=%s;source_root=%s;materialized_root=%s", d->name, d->manifest,
                  d->project, d->source_root, d->materialized_root);
    if (d->resolved_version)
        strbuf_printf(out, ";resolved_version=%s", d->resolved_version);
    if (d->artifact_digest)
        strbuf_printf(out, ";artifact_digest=%s", d->artifact_digest);
    if (d->registry)
        strbuf_printf(out, ";registry=%s", d->registry);
}

static int compare_lines(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void lock_render(const Lockfile *lock, StrBuf *out)
{
    strbuf_printf(out, "%s\nroot_manifest=%s\nproject_name=%s\ndependencies:\n", LOCK_HEADER, lock->root_manifest,
                  lock->project_name);
    char **lines = calloc(lock->dependency_count + 1, sizeof *lines);
    for (uint32_t i = 0; i < lock->dependency_count; i++) {
        StrBuf line = {0};
        render_dependency(&lock->dependencies[i], &line);
        lines[i] = line.data ? line.data : calloc(1, 1);
    }
    qsort(lines, lock->dependency_count, sizeof *lines, compare_lines);
    for (uint32_t i = 0; i < lock->dependency_count; i++) {
        strbuf_printf(out, "%s\n", lines[i]);
        free(lines[i]);
    }
    free(lines);
}

bool lock_equal(const Lockfile *a, const Lockfile *b)
{
    StrBuf ta = {0}, tb = {0};
    lock_render(a, &ta);
    lock_render(b, &tb);
    bool equal = strcmp(strbuf_cstr(&ta), strbuf_cstr(&tb)) == 0;
    strbuf_free(&ta);
    strbuf_free(&tb);
    return equal;
}

typedef struct LockReader {
    Arena *arena;
    const SourceFile *source;
    uint32_t file;
    DiagList *diags;
} LockReader;

static void invalid(LockReader *r, uint32_t start, uint32_t end, const char *message)
{
    diag_report(r->diags, (Span){r->file, start, end}, DIAG_E3004_MANIFEST_INVALID, message);
}

static const char *text_of(LockReader *r, uint32_t start, uint32_t end)
{
    return arena_strndup(r->arena, r->source->text + start, end - start);
}

/* dependency = "- " pair { ";" pair } */
static bool parse_dependency(LockReader *r, uint32_t start, uint32_t end, LockDependency *d)
{
    const char *text = r->source->text;
    if (end - start < 2 || text[start + 1] != ' ') {
        invalid(r, start, end, arena_printf(r->arena, "invalid lockfile dependency line `%s`", text_of(r, start, end)));
        return false;
    }
    memset(d, 0, sizeof *d);
    for (uint32_t p = start + 2; p <= end;) {
        uint32_t q = p;
        while (q < end && text[q] != ';')
            q++;
        uint32_t eq = p;
        while (eq < q && text[eq] != '=')
            eq++;
        if (eq == q || eq == p) {
            invalid(r, p, q, arena_printf(r->arena, "invalid lockfile dependency field `%s`", text_of(r, p, q)));
            return false;
        }
        const char *key = text_of(r, p, eq), *value = text_of(r, eq + 1, q);
        static const char *const keys[] = {"name",   "manifest", "project",  "source_root", "materialized_root",
                                           "resolved_version", "artifact_digest", "registry"};
        const char **slots[] = {&d->name,   &d->manifest, &d->project,  &d->source_root, &d->materialized_root,
                                &d->resolved_version, &d->artifact_digest, &d->registry};
        for (int k = 0; k < 8; k++)
            if (strcmp(key, keys[k]) == 0)
                *slots[k] = value;
        p = q + 1;
    }
    static const char *const required[] = {"name", "manifest", "project", "source_root", "materialized_root"};
    const char *values[] = {d->name, d->manifest, d->project, d->source_root, d->materialized_root};
    for (int k = 0; k < 5; k++)
        if (!values[k]) {
            invalid(r, start, end, arena_printf(r->arena, "lockfile dependency entry missing `%s`", required[k]));
            return false;
        }
    return true;
}

bool lock_parse(Arena *arena, const SourceMap *map, uint32_t file, Lockfile *out, DiagList *diags)
{
    LockReader r = {.arena = arena, .source = source_file(map, file), .file = file, .diags = diags};
    const char *text = r.source->text;
    uint32_t len = r.source->len;
    memset(out, 0, sizeof *out);
    VEC(LockDependency) deps = {0};
    bool first = true;
    for (uint32_t s = 0; s < len || first;) {
        uint32_t e = s;
        while (e < len && text[e] != '\n')
            e++;
        uint32_t next = e + 1;
        if (e > s && text[e - 1] == '\r')
            e--;
        if (first) {
            first = false;
            if (e - s != strlen(LOCK_HEADER) || strncmp(text + s, LOCK_HEADER, e - s) != 0) {
                invalid(&r, s, e, "lockfile header must be `" LOCK_HEADER "`");
                return false;
            }
        } else if (e == s) {
            /* blank */
        } else if (text[s] == '-') {
            LockDependency d;
            if (!parse_dependency(&r, s, e, &d))
                return false;
            VEC_PUSH(arena, &deps, d);
        } else if (e - s > 14 && strncmp(text + s, "root_manifest=", 14) == 0) {
            out->root_manifest = text_of(&r, s + 14, e);
        } else if (e - s > 13 && strncmp(text + s, "project_name=", 13) == 0) {
            out->project_name = text_of(&r, s + 13, e);
        } else if (!(e - s == 13 && strncmp(text + s, "dependencies:", 13) == 0)) {
            invalid(&r, s, e, arena_printf(arena, "invalid lockfile line `%s`", text_of(&r, s, e)));
            return false;
        }
        s = next;
    }
    if (!out->root_manifest) {
        invalid(&r, 0, 0, "lockfile missing `root_manifest`");
        return false;
    }
    if (!out->project_name) {
        invalid(&r, 0, 0, "lockfile missing `project_name`");
        return false;
    }
    out->dependencies = deps.items;
    out->dependency_count = deps.count;
    return true;
}
