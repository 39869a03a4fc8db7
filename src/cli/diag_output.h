/* cli/diag_output.h: how a command shows its diagnostics: as text, coloured
 * or not (--color, NO_COLOR, a terminal), or as JSON lines
 * (--message-format json), always on stderr (backends.md §8.1). */
#ifndef BESKID_CLI_DIAG_OUTPUT_H
#define BESKID_CLI_DIAG_OUTPUT_H
#include <stdbool.h>
#include <stdio.h>

#include "cli/cli_args.h"
#include "support/diag.h"
#include "support/source.h"

typedef struct DiagOutput {
    FILE *out;
    bool json;  /* one JSON object per diagnostic per line */
    bool color; /* ANSI colours in the human text */
} DiagOutput;

/* From --message-format and --color of 'args' (NULL: plain text on stderr).
 * `auto` colours only a terminal and never when NO_COLOR is set and not
 * empty; `always` colours even then (an explicit flag beats the environment). */
DiagOutput diag_output_from_args(const CliArgs *args);
void diag_output_list(const DiagOutput *output, const SourceMap *map, const DiagList *list);
/* The closing lines: `warning: N warnings emitted` when there were warnings,
 * then `error: could not compile `NAME` due to N previous errors` after errors. */
void diag_output_summary(const DiagOutput *output, const char *name, unsigned errors, unsigned warnings);
#endif
