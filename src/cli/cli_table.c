/* cli/cli_table.c: cli_table.def expanded into the flag and command arrays. */
#include "cli/cli_table.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "support/check.h"

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

/* The launcher (launch/launch.c) parses `run` with this table but runs no
 * command itself: its copy, built with CLI_TABLE_NO_HANDLERS, names no
 * handler, and so links none of the commands (nor LLVM behind them). */
#ifdef CLI_TABLE_NO_HANDLERS
#define CLI_HANDLER(run) NULL
#else
#define CLI_HANDLER(run) run
#endif

static const CliCommand commands[] = {
#define CLI_COMMAND(name, aliases, run, operand, operand_name, summary, help, flag_list) \
    {name, aliases, CLI_HANDLER(run), CLI_OPERAND_##operand, operand_name, summary, help, flag_list},
#include "cli/cli_table.def"
#undef CLI_COMMAND
};

static const CliExclusive exclusives[] = {
#define CLI_EXCLUSIVE(command, flag_list) {command, flag_list},
#include "cli/cli_table.def"
#undef CLI_EXCLUSIVE
};

size_t cli_exclusive_count(void)
{
    return sizeof exclusives / sizeof exclusives[0];
}

const CliExclusive *cli_exclusive_at(size_t index)
{
    return &exclusives[index];
}

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

static void table_bug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void table_bug(const char *fmt, ...)
{
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    bsk_die(__FILE__, __LINE__, what);
}

static void check_names(const char *name, size_t skip)
{
    for (size_t j = 0; j < cli_command_count(); j++) {
        if (j == skip)
            continue;
        if (strcmp(commands[j].name, name) == 0)
            table_bug("command table: `%s` names two commands", name);
        for (const char *const *alias = commands[j].aliases; alias && *alias; alias++)
            if (strcmp(*alias, name) == 0)
                table_bug("command table: `%s` names two commands", name);
    }
}

void cli_table_check(void)
{
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        const CliFlag *flag = &flags[i];
        bool wants_name = flag->kind != CLI_VALUE_NONE && flag->kind != CLI_VALUE_ENUM;
        if ((size_t)flag->id != i || (flag->value_name != NULL) != wants_name ||
            (flag->choices != NULL) != (flag->kind == CLI_VALUE_ENUM))
            table_bug("command table: flag `--%s` is malformed", flag->name);
    }
    for (size_t i = 0; i < cli_command_count(); i++) {
        const CliCommand *command = &commands[i];
        check_names(command->name, i);
        for (const char *const *alias = command->aliases; alias && *alias; alias++)
            check_names(*alias, i);
        /* The command's flags and the implicit --help, pairwise. */
        CliFlagId ids[CLI_FLAG__COUNT + 1];
        size_t count = 0;
        for (const CliFlagId *id = command->flags; *id != CLI_FLAG__COUNT && count < CLI_FLAG__COUNT; id++)
            ids[count++] = *id;
        ids[count++] = CLI_FLAG_HELP;
        for (size_t a = 0; a < count; a++)
            for (size_t b = a + 1; b < count; b++) {
                const CliFlag *x = &flags[ids[a]], *y = &flags[ids[b]];
                if (strcmp(x->name, y->name) == 0 || (x->short_name && x->short_name == y->short_name))
                    table_bug("command table: `beskid %s` has two flags named like `--%s`", command->name, x->name);
            }
    }
    for (size_t i = 0; i < cli_exclusive_count(); i++) {
        const CliCommand *command = cli_command_find(exclusives[i].command);
        if (!command || strcmp(command->name, exclusives[i].command) != 0)
            table_bug("command table: exclusive flags of unknown command `%s`", exclusives[i].command);
        for (const CliFlagId *id = exclusives[i].flags; *id != CLI_FLAG__COUNT; id++) {
            bool found = false;
            for (const CliFlagId *own = command->flags; *own != CLI_FLAG__COUNT; own++)
                found |= *own == *id;
            if (!found)
                table_bug("command table: `--%s` is not a flag of `beskid %s`", flags[*id].name, command->name);
        }
    }
}
