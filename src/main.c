/* main.c: command dispatch. The only place that chooses a command (and so a
 * backend); everything below returns values and diagnostics. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"

#define BESKID_VERSION "0.1.0"

static const char *const usage =
    "beskid " BESKID_VERSION " — the Beskid language toolchain\n\n"
    "Usage: beskid <COMMAND> [OPTIONS] <INPUT>\n\n"
    "Commands:\n"
    "  run      compile in memory (JIT) and run the entrypoint, printing its result\n"
    "  build    compile ahead of time to an object, executable or library\n"
    "  analyze  report diagnostics without running (alias: check)\n"
    "  ir       print the lowered artifact (alias: clif)\n"
    "  parse    print the syntax tree\n\n"
    "Options:\n"
    "  -h, --help     print this help (also `beskid <COMMAND> --help`)\n"
    "  -V, --version  print the version\n";

typedef struct Command {
    const char *name;
    int (*run)(int argc, char **argv);
} Command;

static const Command commands[] = {
    {"run", cmd_run},         {"build", cmd_build}, {"analyze", cmd_analyze}, {"check", cmd_analyze},
    {"ir", cmd_ir},           {"clif", cmd_ir},     {"parse", cmd_parse},
};

/* Commands of the spec that later work will provide. */
static const char *const planned[] = {"test", "tree", "doc", "format", "fmt", "fetch", "lock", "update", "corelib", "pckg"};

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        puts("beskid " BESKID_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].run(argc, argv);
    for (size_t i = 0; i < sizeof planned / sizeof planned[0]; i++)
        if (strcmp(name, planned[i]) == 0) {
            fprintf(stderr, "error: `beskid %s` is not supported yet\n", name);
            return 1;
        }
    fprintf(stderr, "error: unrecognized subcommand `%s`\n\n%s", name, usage);
    return 2;
}
