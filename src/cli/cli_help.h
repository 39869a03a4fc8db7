/* cli/cli_help.h: help and usage text, rendered from the command table. */
#ifndef BESKID_CLI_CLI_HELP_H
#define BESKID_CLI_CLI_HELP_H
#include <stdio.h>

#include "cli/cli_table.h"

/* `Usage: beskid build [OPTIONS] [INPUT]`; 'command' NULL: `beskid` itself. */
void cli_print_usage(FILE *out, const CliCommand *command);
/* The full help of a command; 'command' NULL: the list of commands. */
void cli_print_help(FILE *out, const CliCommand *command);
/* `beskid VERSION` and a newline. */
void cli_print_version(FILE *out);
#endif
