/* cli/cmd_front.c: the commands that stop in the front half: `parse` (print
 * the syntax tree), `analyze`/`check` (diagnostics only) and `ir`/`clif`
 * (print the lowered artifact). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "artifact/ir_print.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/compile.h"
#include "syntax/ast_print.h"

typedef struct FrontOptions {
    const char *input;
    bool locations;
} FrontOptions;

static const char *const parse_help =
    "Print the syntax tree of a Beskid source file.\n\n"
    "Usage: beskid parse [OPTIONS] <INPUT>\n\n"
    "Options:\n"
    "      --format debug  output format (the only one)\n"
    "  -h, --help          print this help\n";

static const char *const analyze_help =
    "Check a Beskid source file and report its diagnostics without running it.\n\n"
    "Usage: beskid analyze [OPTIONS] <INPUT>   (alias: check)\n\n"
    "Prints `No diagnostics.` when there are neither errors nor warnings.\n"
    "Exit status: 0 without errors, 1 with errors.\n\n"
    "Options:\n"
    "  -h, --help  print this help\n";

static const char *const ir_help =
    "Print the lowered artifact (the IR both backends consume).\n\n"
    "Usage: beskid ir [OPTIONS] <INPUT>   (alias: clif)\n\n"
    "Options:\n"
    "      --locations  annotate instructions with their source location\n"
    "  -h, --help       print this help\n";

/* Scans the arguments shared by the front commands. Returns -1 to go on, or
 * an exit status. */
static int scan(int argc, char **argv, const char *command, const char *help, FrontOptions *opts)
{
    Args args;
    if (!args_init(&args, command, argc, argv, 2))
        return 2;
    int status = -1;
    while (!args_done(&args)) {
        const char *value = NULL;
        if (args_flag(&args, "--help") || args_flag(&args, "-h")) {
            fputs(help, stdout);
            status = 0;
            break;
        } else if (strcmp(command, "parse") == 0 && args_flag_value(&args, "--format", &value)) {
            if (value && strcmp(value, "debug") != 0)
                args_usage_error(&args, "invalid value `%s` for `--format` (possible values: debug)", value);
        } else if (strcmp(command, "ir") == 0 && args_flag(&args, "--locations")) {
            opts->locations = true;
        } else if (args_peek(&args)[0] == '-' && args_peek(&args)[1] != '\0') {
            args_unknown(&args);
        } else if (!opts->input) {
            opts->input = strdup(args_next(&args));
        } else {
            args_unknown(&args);
        }
    }
    if (status < 0 && args.failed)
        status = 2;
    if (status < 0 && !opts->input) {
        args_usage_error(&args, "the required argument <INPUT> was not provided");
        status = 2;
    }
    args_free(&args);
    return status;
}

static int run_front(int argc, char **argv, const char *command, const char *help, CompileStage stage)
{
    FrontOptions opts = {0};
    int status = scan(argc, argv, command, help, &opts);
    if (status >= 0) {
        free((void *)opts.input);
        return status;
    }
    Compilation c;
    compilation_init(&c);
    bool ok = compilation_run(&c, opts.input, stage);
    compilation_report(&c);
    if (ok) {
        if (strcmp(command, "parse") == 0)
            ast_print(stdout, c.ast, &c.sources);
        else if (strcmp(command, "ir") == 0)
            ir_print(stdout, c.artifact, &c.sources, opts.locations ? IR_PRINT_LOCATIONS : IR_PRINT_DEFAULT);
        else if (c.diags.items.count == 0)
            puts("No diagnostics.");
    }
    compilation_free(&c);
    free((void *)opts.input);
    return ok ? 0 : 1;
}

int cmd_parse(int argc, char **argv)
{
    return run_front(argc, argv, "parse", parse_help, COMPILE_PARSE);
}

int cmd_analyze(int argc, char **argv)
{
    return run_front(argc, argv, "analyze", analyze_help, COMPILE_CHECK);
}

int cmd_ir(int argc, char **argv)
{
    return run_front(argc, argv, "ir", ir_help, COMPILE_LOWER);
}
