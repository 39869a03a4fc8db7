/* cli/corelib.h: the standard library embedded in beskid (language.md §4.2,
 * backends.md §6.1, §6.3). The files of std/ are compiled into the binary
 * (tools/embed_corelib.py generates their table at build time), so the
 * compiler reads `Std` from memory: no command depends on the source tree or
 * on a writable HOME. Provisioning writes a copy to disk for the commands and
 * tools that want files (docs/decisions.md, "Standard library"). */
#ifndef BESKID_CLI_CORELIB_H
#define BESKID_CLI_CORELIB_H
#include <stdbool.h>
#include <stddef.h>

#include "cli/compile.h"

/* One embedded file: its path relative to std/ (`Project.proj`,
 * `src/Core/String.bd`) and its bytes. */
typedef struct CorelibFile {
    const char *path;
    const char *text;
    size_t len;
} CorelibFile;

/* Defined by the generated file (build/MODE/gen/corelib_files.c). */
extern const CorelibFile corelib_embedded_files[];
extern const size_t corelib_embedded_count;
extern const char corelib_embedded_version[]; /* Project.proj's project.version */
extern const char corelib_embedded_digest[];  /* SHA-256 of every path and content */

/* What the diagnostics of a Std file show as its directory. */
#define CORELIB_SOURCE_ROOT "Std"

/* The text of the embedded file 'relative_path' (relative to the library's
 * source root `src/`: `Core/String.bd`) and its length, or NULL. The
 * CompileMount read_embedded function. */
const char *corelib_read_embedded(const char *relative_path, size_t *len);

/* The mount of the standard library: root module `Std`, entry `Prelude.bd`,
 * read from memory, a dependency (no warnings, tests not run). */
CompileMount corelib_mount(void);

/* Where the library is provisioned: $BESKID_CORELIB_ROOT if set and not
 * blank, else $HOME/.beskid/beskid_corelib, else ./.beskid/beskid_corelib.
 * Returns a malloc'ed string. */
char *corelib_root(void);

typedef enum CorelibStatus {
    CORELIB_CURRENT,   /* already there: same digest, or a newer version */
    CORELIB_INSTALLED, /* (re)installed now; the message was printed */
    CORELIB_FAILED,    /* 'error' says why */
} CorelibStatus;

/* Installs the embedded library at 'root' when it is absent, older, or of
 * the same version with other content. Atomic: the files are written to a
 * temporary directory beside 'root', which then replaces it in one rename,
 * so concurrent beskid processes never see a partial copy. After installing
 * prints `corelib: updated to {version} at {root}` on stderr. A directory
 * at 'root' that is no corelib copy is never replaced. */
CorelibStatus corelib_provision(const char *root, char *error, size_t error_size);
/* What every command does first (backends.md §6.1): corelib_provision at
 * corelib_root(). The compiler reads Std from memory, so a failure (a
 * read-only HOME) breaks nothing and is reported only by `beskid corelib`. */
void corelib_provision_quietly(void);
#endif
