/* cli/cmd_front.c: the commands that stop in the front half: `parse` (print
 * the syntax tree), `analyze`/`check` (diagnostics only) and `ir`/`clif`
 * (print the lowered artifact). */
#include <stdio.h>

#include "artifact/ir_print.h"
#include "cli/commands.h"
#include "cli/compile.h"
#include "cli/resolve_input.h"
#include "syntax/ast_print.h"

/* Runs the front half up to 'stage', reporting; false after errors.
 * 'resolve': the INPUT goes through input resolution (§6.2; not `parse`). */
static bool front(Compilation *c, const CliArgs *args, CompileStage stage, bool resolve)
{
    compilation_init(c, args);
    c->verify_ir = cli_has(args, CLI_FLAG_VERIFY_IR);
    CompileInput input = {.path = cli_operand(args, 0)};
    if (resolve) {
        ResolvedInput resolved;
        if (!cli_resolve_input(c, args, &resolved))
            return false;
        input = resolved.input;
    }
    bool ok = compilation_run_input(c, &input, stage);
    compilation_report(c);
    return ok;
}

int cmd_parse(const CliArgs *args)
{
    Compilation c;
    bool ok = front(&c, args, COMPILE_PARSE, false);
    if (ok) /* --format: `debug` is the only format */
        ast_print(stdout, c.ast, &c.sources);
    compilation_free(&c);
    return ok ? 0 : 1;
}

int cmd_analyze(const CliArgs *args)
{
    Compilation c;
    bool ok = front(&c, args, COMPILE_CHECK, true);
    if (ok && c.diags.items.count == 0)
        puts("No diagnostics.");
    compilation_free(&c);
    return ok ? 0 : 1;
}

int cmd_ir(const CliArgs *args)
{
    Compilation c;
    bool ok = front(&c, args, COMPILE_LOWER, true);
    if (ok)
        ir_print(stdout, c.artifact, &c.sources, cli_has(args, CLI_FLAG_LOCATIONS) ? IR_PRINT_LOCATIONS : IR_PRINT_DEFAULT);
    compilation_free(&c);
    return ok ? 0 : 1;
}
