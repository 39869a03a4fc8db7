/* cli/cmd_front.c: the commands that stop in the front half: `parse` and
 * `tree` (print the syntax tree), `analyze`/`check` (diagnostics only) and
 * `ir`/`clif` (print the lowered artifact). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* One line of `parse`'s dump: its depth (two spaces each) and its text. */
typedef struct TreeLine {
    const char *text;
    size_t len;
    uint32_t depth;
} TreeLine;

/* `parse`'s dump with guide lines: each node under its parent's line,
 * "├── " before a child with siblings after it, "└── " before the last,
 * and "│   " below a node whose parent has more children. */
static void print_tree(FILE *out, const char *dump, size_t size)
{
    size_t cap = 64, count = 0;
    TreeLine *lines = malloc(cap * sizeof *lines);
    for (const char *at = dump; lines && at < dump + size;) {
        const char *end = memchr(at, '\n', (size_t)(dump + size - at));
        if (!end)
            end = dump + size;
        uint32_t spaces = 0;
        while (at + spaces < end && at[spaces] == ' ')
            spaces++;
        if (count == cap) {
            TreeLine *grown = realloc(lines, (cap *= 2) * sizeof *lines);
            if (!grown)
                break;
            lines = grown;
        }
        lines[count++] = (TreeLine){at + spaces, (size_t)(end - at - spaces), spaces / 2};
        at = end + 1;
    }
    /* more[d]: the node open at depth d has a sibling still to come */
    bool *more = calloc(count + 1, sizeof *more);
    for (size_t i = 0; lines && more && i < count; i++) {
        uint32_t d = lines[i].depth;
        bool last = true;
        for (size_t k = i + 1; k < count && lines[k].depth >= d; k++)
            if (lines[k].depth == d) {
                last = false;
                break;
            }
        for (uint32_t a = 1; a < d; a++)
            fputs(more[a] ? "│   " : "    ", out);
        if (d > 0)
            fputs(last ? "└── " : "├── ", out);
        more[d] = !last;
        fwrite(lines[i].text, 1, lines[i].len, out);
        fputc('\n', out);
    }
    free(more);
    free(lines);
}

int cmd_tree(const CliArgs *args)
{
    Compilation c;
    bool ok = front(&c, args, COMPILE_PARSE, false);
    char *dump = NULL;
    size_t size = 0;
    FILE *text = ok ? open_memstream(&dump, &size) : NULL;
    if (text) {
        ast_print(text, c.ast, &c.sources);
        fclose(text);
        print_tree(stdout, dump, size);
    }
    free(dump);
    compilation_free(&c);
    return ok && text ? 0 : 1;
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
