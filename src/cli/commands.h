/* cli/commands.h: one entry point per command, named in cli_table.def; each
 * gets its parsed arguments and returns the process exit status (0 success,
 * 1 errors; usage errors, status 2, never reach a command; backends.md §0a
 * item 9). A PROJECT command resolves its INPUT itself (cli/resolve_input.h). */
#ifndef BESKID_CLI_COMMANDS_H
#define BESKID_CLI_COMMANDS_H
#include "cli/cli_args.h"

int cmd_parse(const CliArgs *args);
int cmd_tree(const CliArgs *args);
int cmd_analyze(const CliArgs *args);
int cmd_ir(const CliArgs *args);
int cmd_run(const CliArgs *args);
int cmd_build(const CliArgs *args);
int cmd_test(const CliArgs *args);
int cmd_cache(const CliArgs *args);
int cmd_fetch(const CliArgs *args);
int cmd_lock(const CliArgs *args);
int cmd_update(const CliArgs *args);
int cmd_help(const CliArgs *args);
int cmd_corelib(const CliArgs *args); /* cli/corelib.c */
int cmd_doc(const CliArgs *args);     /* cli/cmd_doc.c */
int cmd_pckg(const CliArgs *args);    /* cli/cmd_pckg.c (issue 16) */
int cmd_format(const CliArgs *args);  /* cli/cmd_format.c */
int cmd_lsp(const CliArgs *args);     /* cli/lsp/cmd_lsp.c */
#endif
