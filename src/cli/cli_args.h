/* cli/cli_args.h: the one argument parser, driven by the command table.
 * Response files (`@file`) are expanded first; then flags are matched
 * exactly (`--name value`, `--name=value`, `-c value`, `-cvalue`), `--` ends
 * the flags, and every usage error is printed with the command's usage and
 * ends in exit status 2 (backends.md §0a item 9). */
#ifndef BESKID_CLI_CLI_ARGS_H
#define BESKID_CLI_CLI_ARGS_H
#include <stdbool.h>
#include <stdio.h>

#include "cli/cli_table.h"
#include "support/arena.h"
#include "support/vec.h"

#define CLI_EXIT_USAGE 2
/* Nested response files deeper than this are an error (it also stops cycles). */
#define CLI_RESPONSE_DEPTH 16

typedef VEC(const char *) CliList;

typedef struct CliArgs {
    Arena *arena;
    const CliCommand *command;
    CliList operands;
    CliList values[CLI_FLAG__COUNT]; /* one entry per use; "" for a NONE flag */
    bool help;                       /* -h/--help was given */
} CliArgs;

/* Appends argv[first..argc) to 'out', each `@file` replaced by the file's
 * arguments: whitespace-separated, with '…' and "…" quoting and \ escapes, as
 * gcc reads them; `@file` inside a file is expanded too (paths relative to the
 * current directory). False after printing an error. */
bool cli_expand(Arena *arena, int argc, char **argv, int first, CliList *out);

/* Parses the arguments that follow the command's name. False after printing
 * a usage error. With -h/--help, stops there and sets args->help. */
bool cli_parse(Arena *arena, const CliCommand *command, const char *const *items, int count, CliArgs *args);

bool cli_has(const CliArgs *args, CliFlagId id);
/* Whether 'arg' is `--name` or `-c` of flag 'id' of the table. */
bool cli_is_flag(const char *arg, CliFlagId id);
/* The last value given, or 'fallback'. */
const char *cli_value(const CliArgs *args, CliFlagId id, const char *fallback);
const char *cli_operand(const CliArgs *args, unsigned index); /* NULL past the end */

/* `error: {message}`, then 'tip' (a line such as "did you mean `--target`?";
 * may be NULL), the usage line and the `--help` hint, all on stderr; returns
 * CLI_EXIT_USAGE. 'command' NULL: about `beskid` itself. */
int cli_usage_error(const CliCommand *command, const char *tip, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* `unrecognized subcommand` with the nearest command name or alias; returns
 * CLI_EXIT_USAGE. */
int cli_unknown_command(const char *name);
/* The candidate nearest to 'word' by edit distance when near enough to be a
 * likely typo; NULL otherwise. */
const char *cli_suggest(const char *word, const char *const *candidates, size_t count);
#endif
