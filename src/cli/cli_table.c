/* cli/cli_table.c: cli_table.def expanded into the flag and command arrays. */
#include "cli/cli_table.h"

#include <string.h>

#include "cli/commands.h"

#define CLI_ONCE false
#define CLI_REPEATABLE true
#define CLI_CHOICES(...) ((const char *const[]){__VA_ARGS__, NULL})
#define CLI_ALIASES(...) ((const char *const[]){__VA_ARGS__, NULL})
#define CLI_FLAGS(...) ((const CliFlagId[]){__VA_ARGS__, CLI_FLAG__COUNT})
#define CLI_NO_FLAGS ((const CliFlagId[]){CLI_FLAG__COUNT})

static const CliFlag flags[] = {
#define CLI_FLAG(id, name, short_name, kind, value, choices, repeat, help) \
    {CLI_FLAG_##id, name, short_name, CLI_VALUE_##kind, value, choices, repeat, help},
#include "cli/cli_table.def"
#undef CLI_FLAG
};

static const CliCommand commands[] = {
#define CLI_COMMAND(name, aliases, run, operand, operand_name, summary, help, flag_list) \
    {name, aliases, run, CLI_OPERAND_##operand, operand_name, summary, help, flag_list},
#include "cli/cli_table.def"
#undef CLI_COMMAND
};

const CliFlag *cli_flag(CliFlagId id)
{
    return &flags[id];
}

size_t cli_command_count(void)
{
    return sizeof commands / sizeof commands[0];
}

const CliCommand *cli_command_at(size_t index)
{
    return &commands[index];
}

const CliCommand *cli_command_find(const char *name)
{
    for (size_t i = 0; i < cli_command_count(); i++) {
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
        for (const char *const *alias = commands[i].aliases; alias && *alias; alias++)
            if (strcmp(*alias, name) == 0)
                return &commands[i];
    }
    return NULL;
}

static bool matches(const CliFlag *flag, const char *name, char short_name)
{
    return name ? strcmp(flag->name, name) == 0 : flag->short_name == short_name;
}

const CliFlag *cli_command_flag(const CliCommand *command, const char *name, char short_name)
{
    for (const CliFlagId *id = command->flags; *id != CLI_FLAG__COUNT; id++)
        if (matches(&flags[*id], name, short_name))
            return &flags[*id];
    return matches(&flags[CLI_FLAG_HELP], name, short_name) ? &flags[CLI_FLAG_HELP] : NULL;
}
