/* cli/args.h: command-line scanning shared by the commands: flags with values
 * (`--out X` / `--out=X`), response files (`@file`, one argument per line),
 * and the usage errors that exit with status 2 (backends.md §0a item 9). */
#ifndef BESKID_CLI_ARGS_H
#define BESKID_CLI_ARGS_H
#include <stdbool.h>

typedef struct Args {
    char **items;
    int count;
    int index; /* next argument to read */
    const char *command;
    bool failed; /* a usage error was printed */
} Args;

/* Expands @file arguments of argv[first..]; false (message printed) on failure. */
bool args_init(Args *args, const char *command, int argc, char **argv, int first);
void args_free(Args *args);
bool args_done(const Args *args);
const char *args_peek(const Args *args);
const char *args_next(Args *args);
/* If the next argument is 'flag' (or `flag=value`), consumes it and its value
 * into '*value'. A missing value is a usage error (args->failed). */
bool args_flag_value(Args *args, const char *flag, const char **value);
bool args_flag(Args *args, const char *flag);
/* Reports `unknown argument` for the next argument (usage error). */
void args_unknown(Args *args);
void args_usage_error(Args *args, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#endif
