/* pckg/pckg_pack.h: `beskid pckg pack` (docs/packages.md): a project
 * directory into a package archive (`.bpk`), deterministically: the same
 * files give byte-identical output. Entries are the project's regular files
 * sorted by path (byte order, `/` separators), without `.git/`, `obj/`,
 * `*.bpk` and `.beskid/` (except what is under `.beskid/docs/`), plus `package.json`
 * ({"schema":"beskid.package.v1","id":NAME,"version":V}) and
 * `checksums.sha256` (`<sha256hex>  <path>` a line, itself excluded).
 * The project must have a Project.proj named like the package and at least
 * one file under its source root. */
#ifndef BESKID_PCKG_PCKG_PACK_H
#define BESKID_PCKG_PCKG_PACK_H
#include <stdbool.h>

#include "pckg/pckg_lib.h"
#include "project/project_graph.h"
#include "support/strbuf.h"

typedef struct PckgPackInfo {
    const char *name;    /* the package: 'package' or the manifest's name */
    const char *version; /* 'version' or the manifest's version */
    char sha256[65];     /* of the archive */
    unsigned files;      /* entries, package.json and checksums.sha256 included */
} PckgPackInfo;

/* True when 'name' is a valid package name ([A-Za-z0-9_.-]+, not `.`/`..`). */
bool pckg_valid_name(const char *name);
/* How the package's documentation is written (backends.md §6.3: `pack`
 * first runs `beskid doc` into <source>/.beskid/docs): the CLI's `doc`;
 * 'write' reports its own errors and returns false after them. */
typedef struct PckgPackDocs {
    bool (*write)(void *self, const char *source, const char *out_dir);
    void *self;
} PckgPackDocs;

/* Packs 'source' into 'out' (E3065 for an invalid project, E3064 for I/O,
 * E3002–E3004 for its manifest); 'package', 'version' and 'docs' may be
 * NULL. The documentation is written after the project was checked to be
 * packable (name, version, sources), and packed with it. */
bool pckg_pack(ProjectContext *ctx, const PckgArchive *lib, const char *source, const char *package,
               const char *version, const PckgPackDocs *docs, StrBuf *out, PckgPackInfo *info);
#endif
