/* cli/cli_table.h: the command table (cli_table.def) as data: each command
 * with its operand and flags, each flag with its value kind and help. */
#ifndef BESKID_CLI_CLI_TABLE_H
#define BESKID_CLI_CLI_TABLE_H
#include <stdbool.h>
#include <stddef.h>

#define BESKID_VERSION "0.1.0"

typedef enum CliFlagId {
#define CLI_FLAG(id, name, short_name, kind, value, choices, repeat, help) CLI_FLAG_##id,
#include "cli/cli_table.def"
#undef CLI_FLAG
    CLI_FLAG__COUNT /* also ends each command's flag list */
} CliFlagId;

typedef enum CliValueKind { CLI_VALUE_NONE, CLI_VALUE_STRING, CLI_VALUE_PATH, CLI_VALUE_INT, CLI_VALUE_ENUM } CliValueKind;

typedef enum CliOperand {
    CLI_OPERAND_NONE,
    CLI_OPERAND_OPTIONAL,
    CLI_OPERAND_REQUIRED,
    CLI_OPERAND_MANY,
    CLI_OPERAND_PROJECT, /* optional INPUT resolved through projects (backends.md §6.2) */
} CliOperand;

typedef struct CliFlag {
    CliFlagId id;
    const char *name;           /* long name, without `--` */
    char short_name;            /* 0: none */
    CliValueKind kind;
    const char *value_name;     /* `<PATH>` in help; NULL for NONE and ENUM */
    const char *const *choices; /* ENUM: NULL-terminated */
    bool repeatable;
    const char *help;
} CliFlag;

struct CliArgs;
typedef struct CliCommand {
    const char *name;
    const char *const *aliases; /* NULL-terminated, or NULL */
    int (*run)(const struct CliArgs *args); /* NULL: not supported yet */
    CliOperand operand;
    const char *operand_name; /* `INPUT` */
    const char *summary;      /* one line, for `beskid --help` */
    const char *help;         /* after the options; may be NULL */
    const CliFlagId *flags;   /* ends with CLI_FLAG__COUNT; -h/--help is implicit */
} CliCommand;

/* Flags of one command of which at most one may be given (CLI_EXCLUSIVE). */
typedef struct CliExclusive {
    const char *command;    /* the command's name */
    const CliFlagId *flags; /* ends with CLI_FLAG__COUNT */
} CliExclusive;

const CliFlag *cli_flag(CliFlagId id);
size_t cli_exclusive_count(void);
const CliExclusive *cli_exclusive_at(size_t index);
size_t cli_command_count(void);
const CliCommand *cli_command_at(size_t index);
/* Exact match on the name or an alias; NULL if none. */
const CliCommand *cli_command_find(const char *name);
/* The command's flag called `--name` (or `-c` when 'name' is NULL), with
 * --help included; NULL if the command has none. */
const CliFlag *cli_command_flag(const CliCommand *command, const char *name, char short_name);
/* Checks what the parser relies on (no command with two flags of one name,
 * no name used twice, value names and choices where the kind needs them);
 * a broken table is a compiler bug and aborts (bsk_die). */
void cli_table_check(void);
#endif
