/* main.c: command dispatch. The only place that chooses a command (and so a
 * backend); what a command accepts is declared in cli/cli_table.def, and
 * everything below returns values and diagnostics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli_args.h"
#include "cli/cli_help.h"
#include "cli/cli_table.h"
#include "cli/commands.h"
#include "cli/corelib.h"
#include "support/arena.h"

/* `beskid --help`, `beskid --version`, or an unknown top-level flag. */
static int top_level_flag(const char *arg)
{
    if (cli_is_flag(arg, CLI_FLAG_HELP)) {
        cli_print_help(stdout, NULL);
        return 0;
    }
    if (cli_is_flag(arg, CLI_FLAG_VERSION)) {
        cli_print_version(stdout);
        return 0;
    }
    static const char *const names[] = {"--help", "--version"};
    const char *near = cli_suggest(arg[1] == '-' ? arg : arg + 1, names, 2);
    char tip[64];
    snprintf(tip, sizeof tip, "did you mean `%s`?", near ? near : "");
    return cli_usage_error(NULL, near ? tip : NULL, "unexpected argument `%s`", arg);
}

/* A command of the spec that is not built yet: its help works, anything
 * else says so. */
static int not_supported(const char *name, const CliCommand *command, const char *const *items, int count)
{
    for (int i = 0; i < count && strcmp(items[i], "--") != 0; i++)
        if (cli_is_flag(items[i], CLI_FLAG_HELP)) {
            cli_print_help(stdout, command);
            return 0;
        }
    fprintf(stderr, "error: `beskid %s` is not supported yet\n", name);
    return 1;
}

static int dispatch(Arena *arena, const char *const *items, int count)
{
    if (count == 0) {
        cli_print_help(stderr, NULL);
        return CLI_EXIT_USAGE;
    }
    if (items[0][0] == '-' && items[0][1])
        return top_level_flag(items[0]);
    const CliCommand *command = cli_command_find(items[0]);
    if (!command)
        return cli_unknown_command(items[0]);
    if (!command->run)
        return not_supported(items[0], command, items + 1, count - 1);
    CliArgs args;
    if (!cli_parse(arena, command, items + 1, count - 1, &args))
        return CLI_EXIT_USAGE;
    /* `beskid pckg ACTION --help`: the action's own help (cli/cmd_pckg.c) */
    if (args.help && !(command->run == cmd_pckg && args.operands.count > 0)) {
        cli_print_help(stdout, command);
        return 0;
    }
    corelib_provision_quietly(); /* every command first (§6.1) */
    return command->run(&args);
}

int main(int argc, char **argv)
{
    cli_table_check(); /* microseconds; a broken table must not parse silently */
    Arena *arena = arena_new();
    CliList items = {0};
    int status = cli_expand(arena, argc, argv, 1, &items) ? dispatch(arena, items.items, (int)items.count)
                                                           : CLI_EXIT_USAGE;
#ifdef BESKID_FAST_EXIT
    /* The optimised compiler leaves like clang's -disable-free: output
     * flushed, then straight out, without running LLVM's ~400 static
     * destructors (a measurable part of `beskid run hello.bd`). Debug and
     * sanitizer builds free everything so leaks show. */
    fflush(NULL);
    _exit(status);
#else
    arena_free(arena);
    return status;
#endif
}
