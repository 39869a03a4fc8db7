/* cli/commands.h: one entry point per command; each returns the process exit
 * status (0 success, 1 errors, 2 usage errors; backends.md §0a item 9). */
#ifndef BESKID_CLI_COMMANDS_H
#define BESKID_CLI_COMMANDS_H

int cmd_parse(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_ir(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_build(int argc, char **argv);
#endif
