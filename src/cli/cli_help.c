/* cli/cli_help.c: `beskid --help`, `beskid help CMD` and `beskid CMD --help`.
 * Everything printed here comes from cli_table.def. */
#include "cli/cli_help.h"

#include <string.h>

#include "cli/cli_args.h"
#include "cli/commands.h"
#include "support/strbuf.h"

static const char *operand_text(const CliCommand *command)
{
    switch (command->operand) {
    case CLI_OPERAND_NONE:
        return "";
    case CLI_OPERAND_REQUIRED:
        return " <%s>";
    case CLI_OPERAND_MANY:
        return " <%s>...";
    case CLI_OPERAND_OPTIONAL:
    case CLI_OPERAND_PROJECT:
        return " [%s]";
    }
    return "";
}

void cli_print_usage(FILE *out, const CliCommand *command)
{
    if (!command) {
        fputs("Usage: beskid <COMMAND> [OPTIONS] [ARGS]\n", out);
        return;
    }
    fprintf(out, "Usage: beskid %s [OPTIONS]", command->name);
    fprintf(out, operand_text(command), command->operand_name);
    fputc('\n', out);
}

/* `  -o, --output <PATH>` */
static void flag_left(StrBuf *sb, const CliFlag *flag)
{
    if (flag->short_name)
        strbuf_printf(sb, "  -%c, --%s", flag->short_name, flag->name);
    else
        strbuf_printf(sb, "      --%s", flag->name);
    if (flag->kind == CLI_VALUE_ENUM) {
        strbuf_puts(sb, " <");
        for (const char *const *c = flag->choices; *c; c++)
            strbuf_printf(sb, "%s%s", c == flag->choices ? "" : "|", *c);
        strbuf_putc(sb, '>');
    } else if (flag->kind != CLI_VALUE_NONE) {
        strbuf_printf(sb, " <%s>", flag->value_name);
    }
}

static void print_flags(FILE *out, const CliFlagId *ids)
{
    size_t width = 0;
    for (const CliFlagId *id = ids; *id != CLI_FLAG__COUNT; id++) {
        StrBuf sb = {0};
        flag_left(&sb, cli_flag(*id));
        width = sb.len > width ? sb.len : width;
        strbuf_free(&sb);
    }
    for (const CliFlagId *id = ids; *id != CLI_FLAG__COUNT; id++) {
        const CliFlag *flag = cli_flag(*id);
        StrBuf sb = {0};
        flag_left(&sb, flag);
        fprintf(out, "%-*s  %s%s\n", (int)width, strbuf_cstr(&sb), flag->help,
                flag->repeatable ? " (repeatable)" : "");
        strbuf_free(&sb);
    }
}

static void print_overview(FILE *out)
{
    fputs("beskid " BESKID_VERSION " — the Beskid language toolchain\n\n", out);
    cli_print_usage(out, NULL);
    fputs("\nCommands:\n", out);
    size_t width = 0;
    for (size_t i = 0; i < cli_command_count(); i++) {
        size_t n = strlen(cli_command_at(i)->name);
        width = n > width ? n : width;
    }
    for (size_t i = 0; i < cli_command_count(); i++) {
        const CliCommand *command = cli_command_at(i);
        fprintf(out, "  %-*s  %s", (int)width, command->name, command->summary);
        for (const char *const *alias = command->aliases; alias && *alias; alias++)
            fprintf(out, "%s%s", alias == command->aliases ? " (alias: " : ", ", *alias);
        if (command->aliases)
            fputc(')', out);
        if (!command->run)
            fputs(" [not supported yet]", out);
        fputc('\n', out);
    }
    fputs("\nOptions:\n", out);
    print_flags(out, (const CliFlagId[]){CLI_FLAG_HELP, CLI_FLAG_VERSION, CLI_FLAG__COUNT});
    fputs("\n`beskid help <COMMAND>` or `beskid <COMMAND> --help` prints a command's help.\n"
          "`@FILE` anywhere is replaced by the arguments in FILE (whitespace-separated, quotes as in gcc).\n"
          "Exit status: 0 success, 1 errors, 2 usage errors (unknown flag, missing value), 101 a panic.\n",
          out);
}

void cli_print_help(FILE *out, const CliCommand *command)
{
    if (!command) {
        print_overview(out);
        return;
    }
    fprintf(out, "beskid %s — %s%s\n\n", command->name, command->summary,
            command->run ? "" : " (not supported yet)");
    cli_print_usage(out, command);
    for (const char *const *alias = command->aliases; alias && *alias; alias++)
        fprintf(out, "%s%s", alias == command->aliases ? "Aliases: " : ", ", *alias);
    if (command->aliases)
        fputc('\n', out);
    fputs("\nOptions:\n", out);
    /* The command's flags, then the implicit --help. */
    size_t count = 0;
    while (command->flags[count] != CLI_FLAG__COUNT)
        count++;
    CliFlagId ids[CLI_FLAG__COUNT + 1];
    memcpy(ids, command->flags, count * sizeof ids[0]);
    ids[count] = CLI_FLAG_HELP;
    ids[count + 1] = CLI_FLAG__COUNT;
    print_flags(out, ids);
    /* The exclusive groups of the table (CLI_EXCLUSIVE). */
    for (size_t g = 0; g < cli_exclusive_count(); g++) {
        const CliExclusive *group = cli_exclusive_at(g);
        if (strcmp(group->command, command->name) != 0)
            continue;
        fputs("\nAt most one of", out);
        for (const CliFlagId *id = group->flags; *id != CLI_FLAG__COUNT; id++)
            fprintf(out, "%s --%s", id == group->flags ? "" : ",", cli_flag(*id)->name);
        fputs(".\n", out);
    }
    if (command->help)
        fprintf(out, "\n%s", command->help);
}

int cmd_help(const CliArgs *args)
{
    const char *name = cli_operand(args, 0);
    if (!name) {
        cli_print_help(stdout, NULL);
        return 0;
    }
    const CliCommand *command = cli_command_find(name);
    if (!command)
        return cli_unknown_command(name);
    cli_print_help(stdout, command);
    return 0;
}

void cli_print_version(FILE *out)
{
    fputs("beskid " BESKID_VERSION "\n", out);
}
