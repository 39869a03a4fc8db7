/* cli/cmd_doc.c: `beskid doc [INPUT]` (backends.md §6.3): checks the program
 * with the front end every command shares, collects its items
 * (doc/doc_model.h) and writes api.json, index.md and the HTML site
 * (doc/doc_write.h) into a temporary directory beside DIR, which then
 * replaces DIR in one rename: an error leaves DIR as it was. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli_table.h"
#include "cli/commands.h"
#include "cli/compile.h"
#include "cli/corelib.h"
#include "cli/resolve_input.h"
#include "doc/doc_model.h"
#include "doc/doc_write.h"
#include "project/project_path.h"


/* Creates the directories of 'path' that are missing ('path' itself too). */
static bool make_dirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        bool ok = mkdir(path, 0755) == 0 || errno == EEXIST;
        *p = '/';
        if (!ok)
            return false;
    }
    return mkdir(path, 0755) == 0 || errno == EEXIST;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* True when 'dir' may be replaced: empty, or holding a previous api.json. */
static bool replaceable(Compilation *c, const char *dir)
{
    if (access(arena_printf(c->arena, "%s/api.json", dir), F_OK) == 0)
        return true;
    return rmdir(dir) == 0; /* empty: gone now, the rename puts the new one there */
}

/* Writes every file into a fresh directory beside 'out', then puts it at 'out'. */
static bool write_site(Compilation *c, const DocSet *set, const char *out)
{
    char error[1024] = "";
    char *parent = arena_strdup(c->arena, out);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = '\0';
        if (!make_dirs(parent)) {
            diag_report(&c->diags, SPAN_NONE, DIAG_E3050_DOC_WRITE, out,
                        arena_printf(c->arena, "%s: %s", parent, strerror(errno)));
            return false;
        }
    }
    struct stat st;
    if (lstat(out, &st) == 0 && (!S_ISDIR(st.st_mode) || !replaceable(c, out))) {
        diag_report(&c->diags, SPAN_NONE, DIAG_E3051_DOC_OUT_OCCUPIED, out);
        return false;
    }
    char *tmp = arena_printf(c->arena, "%s.tmp-XXXXXX", out);
    if (!mkdtemp(tmp)) {
        diag_report(&c->diags, SPAN_NONE, DIAG_E3050_DOC_WRITE, out, strerror(errno));
        return false;
    }
    chmod(tmp, 0755);
    const char *generator = "beskid-cli " BESKID_VERSION;
    bool ok = doc_write_json(set, generator, tmp, error, sizeof error) &&
              doc_write_markdown(set, tmp, error, sizeof error) && doc_write_html(set, tmp, error, sizeof error);
    if (ok && rename(tmp, out) != 0) {
        if (errno == EEXIST || errno == ENOTEMPTY) { /* a previous output: set aside, then removed */
            char *old = arena_printf(c->arena, "%s.old-%ld", out, (long)getpid());
            ok = rename(out, old) == 0 && rename(tmp, out) == 0;
            snprintf(error, sizeof error, "%s", strerror(errno));
            if (is_dir(old))
                path_remove_tree(old);
        } else {
            ok = false;
            snprintf(error, sizeof error, "%s", strerror(errno));
        }
    }
    if (!ok) {
        path_remove_tree(tmp);
        diag_report(&c->diags, SPAN_NONE, DIAG_E3050_DOC_WRITE, out, error);
    }
    return ok;
}

int cmd_doc(const CliArgs *args)
{
    bool std = cli_has(args, CLI_FLAG_DOC_STD);
    if (std && (cli_operand(args, 0) || cli_has(args, CLI_FLAG_PROJECT)))
        return cli_usage_error(args->command, NULL, "`--std` documents the standard library: give no INPUT or `--project`");
    Compilation c;
    compilation_init(&c, args);
    CompileInput input;
    uint32_t mount = LOAD_ROOT_PROJECT;
    const char *source;
    CompileMount std_mount = corelib_mount();
    if (std) {
        /* A root file that only names `Std` (the loader loads a mount a file
         * names, with every module its entry declares). */
        static const char root[] = "// beskid doc --std: the program that names Std\n";
        input = (CompileInput){.path = "<std>", .mounts = &std_mount, .mount_count = 1, .text = root,
                               .text_len = sizeof root - 1};
        mount = 0;
        source = "Std";
    } else {
        ResolvedInput resolved;
        if (!cli_resolve_input(&c, args, &resolved)) {
            compilation_free(&c);
            return 1;
        }
        input = resolved.input;
        source = input.path;
    }
    bool ok = compilation_run_input(&c, &input, COMPILE_CHECK);
    const char *out = cli_value(args, CLI_FLAG_DOC_OUT, "doc-out");
    size_t n = strlen(out);
    while (n > 1 && out[n - 1] == '/')
        n--;
    out = arena_strndup(c.arena, out, n);
    if (ok) {
        DocSet set = doc_collect(c.arena, &c.sources, &c.loaded, mount, source);
        ok = write_site(&c, &set, out);
    }
    compilation_report(&c);
    if (ok)
        printf("Wrote %s/api.json and %s/index.md\n", out, out);
    compilation_free(&c);
    return ok ? 0 : 1;
}
