/* cli/cli_args.c: response-file expansion and the table-driven parser. */
#include "cli/cli_args.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_help.h"
#include "support/strbuf.h"
#include "support/suggest.h"

/* ---- response files ---------------------------------------------------- */

static bool expand_one(Arena *arena, const char *arg, int depth, CliList *out);

/* Splits 'text' into one argument per line (backends.md §6.1): the line as
 * written, spaces and quotes included, without its line ending (LF or CRLF);
 * empty lines are skipped. */
static bool split_response(Arena *arena, const char *text, size_t len, int depth, CliList *out)
{
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        size_t n = (size_t)(stop - p);
        if (n && p[n - 1] == '\r')
            n--;
        if (n && !expand_one(arena, arena_strndup(arena, p, n), depth, out))
            return false;
        p = nl ? nl + 1 : end;
    }
    return true;
}

static bool read_response(Arena *arena, const char *path, int depth, CliList *out)
{
    if (depth > CLI_RESPONSE_DEPTH) {
        fprintf(stderr, "error: response file `%s` is nested more than %d deep (does it include itself?)\n", path,
                CLI_RESPONSE_DEPTH);
        return false;
    }
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "error: cannot read response file `%s`: %s\n", path, strerror(errno));
        return false;
    }
    StrBuf text = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        strbuf_append(&text, chunk, n);
    bool failed = ferror(fp);
    fclose(fp);
    if (failed) {
        fprintf(stderr, "error: cannot read response file `%s`\n", path);
        strbuf_free(&text);
        return false;
    }
    bool ok = split_response(arena, strbuf_cstr(&text), text.len, depth, out);
    strbuf_free(&text);
    return ok;
}

static bool expand_one(Arena *arena, const char *arg, int depth, CliList *out)
{
    if (arg[0] == '@' && arg[1])
        return read_response(arena, arg + 1, depth + 1, out);
    VEC_PUSH(arena, out, arena_strdup(arena, arg));
    return true;
}

bool cli_expand(Arena *arena, int argc, char **argv, int first, CliList *out)
{
    for (int i = first; i < argc; i++)
        if (!expand_one(arena, argv[i], 0, out))
            return false;
    return true;
}

bool cli_is_flag(const char *arg, CliFlagId id)
{
    const CliFlag *flag = cli_flag(id);
    if (arg[0] == '-' && arg[1] == '-')
        return strcmp(arg + 2, flag->name) == 0;
    return arg[0] == '-' && arg[1] == flag->short_name && arg[2] == '\0';
}

/* ---- suggestions ------------------------------------------------------- */

const char *cli_suggest(const char *word, const char *const *candidates, size_t count)
{
    return suggest_nearest(word, candidates, count);
}

/* ---- errors ------------------------------------------------------------ */

int cli_usage_error(const CliCommand *command, const char *tip, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    if (tip)
        fprintf(stderr, "  %s\n", tip);
    fputc('\n', stderr);
    cli_print_usage(stderr, command);
    if (command)
        fprintf(stderr, "\nFor more information, try `beskid %s --help`.\n", command->name);
    else
        fputs("\nFor more information, try `beskid --help`.\n", stderr);
    return CLI_EXIT_USAGE;
}

static const char *did_you_mean(Arena *arena, const char *suggestion)
{
    return suggestion ? arena_printf(arena, "did you mean `%s`?", suggestion) : NULL;
}

/* An unknown `--name` or `-x`: suggests the command's nearest long flag. */
static bool unknown_flag(Arena *arena, const CliCommand *command, const char *arg)
{
    VEC(const char *) names = {0};
    for (const CliFlagId *id = command->flags; *id != CLI_FLAG__COUNT; id++)
        VEC_PUSH(arena, &names, arena_printf(arena, "--%s", cli_flag(*id)->name));
    VEC_PUSH(arena, &names, "--help");
    const char *word = arena_strndup(arena, arg, strcspn(arg, "="));
    if (word[1] != '-') /* `-target` is compared as `--target` */
        word = arena_printf(arena, "-%s", word);
    cli_usage_error(command, did_you_mean(arena, cli_suggest(word, names.items, names.count)),
                    "unexpected argument `%s`", arg);
    return false;
}

int cli_unknown_command(const char *name)
{
    Arena *arena = arena_new();
    VEC(const char *) names = {0};
    for (size_t i = 0; i < cli_command_count(); i++) {
        const CliCommand *command = cli_command_at(i);
        VEC_PUSH(arena, &names, command->name);
        for (const char *const *alias = command->aliases; alias && *alias; alias++)
            VEC_PUSH(arena, &names, *alias);
    }
    int status = cli_usage_error(NULL, did_you_mean(arena, cli_suggest(name, names.items, names.count)),
                                 "unrecognized subcommand `%s`", name);
    arena_free(arena);
    return status;
}

static const char *choices_text(Arena *arena, const CliFlag *flag)
{
    StrBuf sb = {0};
    for (const char *const *c = flag->choices; *c; c++)
        strbuf_printf(&sb, "%s%s", c == flag->choices ? "" : ", ", *c);
    const char *text = arena_printf(arena, "possible values: %s", strbuf_cstr(&sb));
    strbuf_free(&sb);
    return text;
}

/* ---- parsing ----------------------------------------------------------- */

static bool is_integer(const char *text)
{
    if (*text == '-')
        text++;
    if (!*text)
        return false;
    for (; *text; text++)
        if (!isdigit((unsigned char)*text))
            return false;
    return true;
}

static bool check_value(Arena *arena, const CliCommand *command, const CliFlag *flag, const char *spelling,
                        const char *value)
{
    switch (flag->kind) {
    case CLI_VALUE_NONE:
    case CLI_VALUE_STRING:
        return true;
    case CLI_VALUE_PATH:
        if (*value)
            return true;
        cli_usage_error(command, NULL, "a value is required for `%s` but none was supplied", spelling);
        return false;
    case CLI_VALUE_INT:
        if (is_integer(value))
            return true;
        cli_usage_error(command, NULL, "invalid value `%s` for `%s`: expected an integer", value, spelling);
        return false;
    case CLI_VALUE_ENUM: {
        size_t count = 0;
        for (; flag->choices[count]; count++)
            if (strcmp(flag->choices[count], value) == 0)
                return true;
        const char *near = cli_suggest(value, flag->choices, count);
        const char *tip = near ? arena_printf(arena, "did you mean `%s`? (%s)", near, choices_text(arena, flag))
                               : choices_text(arena, flag);
        cli_usage_error(command, tip, "invalid value `%s` for `%s`", value, spelling);
        return false;
    }
    }
    return true;
}

static bool add_operand(CliArgs *args, const char *arg)
{
    const CliCommand *command = args->command;
    unsigned limit = command->operand == CLI_OPERAND_MANY ? (unsigned)-1
                     : command->operand == CLI_OPERAND_NONE ? 0
                                                            : 1;
    if (args->operands.count >= limit) {
        cli_usage_error(command, NULL, "unexpected argument `%s`", arg);
        return false;
    }
    VEC_PUSH(args->arena, &args->operands, arg);
    return true;
}

/* A word that is a flag rather than a flag's value (clap's rule). */
static bool looks_like_flag(const char *arg)
{
    return arg[0] == '-' && arg[1] != '\0';
}

bool cli_parse(Arena *arena, const CliCommand *command, const char *const *items, int count, CliArgs *args)
{
    memset(args, 0, sizeof *args);
    args->arena = arena;
    args->command = command;
    bool flags_done = false;
    for (int i = 0; i < count; i++) {
        const char *arg = items[i];
        if (!flags_done && strcmp(arg, "--") == 0) {
            flags_done = true;
            continue;
        }
        if (flags_done || !looks_like_flag(arg)) {
            if (!add_operand(args, arg))
                return false;
            continue;
        }
        const CliFlag *flag;
        const char *spelling;
        const char *value = NULL;
        if (arg[1] == '-') {
            const char *name = arg + 2;
            const char *eq = strchr(name, '=');
            flag = cli_command_flag(command, arena_strndup(arena, name, eq ? (size_t)(eq - name) : strlen(name)), 0);
            if (!flag)
                return unknown_flag(arena, command, arg);
            spelling = arena_printf(arena, "--%s", flag->name);
            if (eq)
                value = eq + 1;
        } else {
            flag = cli_command_flag(command, NULL, arg[1]);
            /* `-O2` where -O takes no value is not -O. */
            if (!flag || (arg[2] && flag->kind == CLI_VALUE_NONE))
                return unknown_flag(arena, command, arg);
            spelling = arena_printf(arena, "-%c", arg[1]);
            if (arg[2])
                value = arg + 2;
        }
        if (flag->kind == CLI_VALUE_NONE && value) {
            cli_usage_error(command, NULL, "`%s` takes no value (got `%s`)", spelling, arg);
            return false;
        }
        if (flag->kind != CLI_VALUE_NONE && !value) {
            if (i + 1 >= count || looks_like_flag(items[i + 1])) {
                const char *tip = flag->kind == CLI_VALUE_ENUM ? choices_text(arena, flag) : NULL;
                cli_usage_error(command, tip, "a value is required for `%s` but none was supplied", spelling);
                return false;
            }
            value = items[++i];
        }
        if (flag->id == CLI_FLAG_HELP) {
            args->help = true;
            return true;
        }
        if (!check_value(arena, command, flag, spelling, value ? value : ""))
            return false;
        if (!flag->repeatable && args->values[flag->id].count) {
            cli_usage_error(command, NULL, "the argument `%s` cannot be used multiple times", spelling);
            return false;
        }
        VEC_PUSH(arena, &args->values[flag->id], value ? value : "");
    }
    for (size_t g = 0; g < cli_exclusive_count(); g++) {
        const CliExclusive *group = cli_exclusive_at(g);
        if (strcmp(group->command, command->name) != 0)
            continue;
        const CliFlag *first = NULL;
        for (const CliFlagId *id = group->flags; *id != CLI_FLAG__COUNT; id++) {
            if (!args->values[*id].count)
                continue;
            if (first) {
                cli_usage_error(command, NULL, "the argument `--%s` cannot be used with `--%s`", first->name,
                                cli_flag(*id)->name);
                return false;
            }
            first = cli_flag(*id);
        }
    }
    if (command->operand == CLI_OPERAND_REQUIRED && args->operands.count == 0) {
        cli_usage_error(command, NULL, "the required argument <%s> was not provided", command->operand_name);
        return false;
    }
    return true;
}

/* ---- results ----------------------------------------------------------- */

bool cli_has(const CliArgs *args, CliFlagId id)
{
    return args->values[id].count > 0;
}

const char *cli_value(const CliArgs *args, CliFlagId id, const char *fallback)
{
    return args->values[id].count ? VEC_LAST(&args->values[id]) : fallback;
}

const char *cli_operand(const CliArgs *args, unsigned index)
{
    return index < args->operands.count ? args->operands.items[index] : NULL;
}
