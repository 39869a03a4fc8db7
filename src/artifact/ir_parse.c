/* artifact/ir_parse.c: the artifact's text form read back (the inverse of
 * ir_print.c). A hand-written reader over raw bytes: the text is line based,
 * `;` starts a comment, and each construct is read by the function named
 * after it, with its rule above. The first error stops the reader (QBE's
 * err()), so nothing cascades and every loop consumes input or ends.
 *
 * What it checks is what only a reader can know: syntax, names (ops, types,
 * conditions, runtime functions, imports, `$symbols`) and that every `%value`,
 * `@block` and `%local` a function mentions exists. Everything else (types per
 * op, dominance, operand counts) is the verifier's job, so broken IR that the
 * printer can write can be read and verified. The `?` spellings of corrupt
 * references (`$?func4`, `?runtime2`, `?op40`, `%?`) read back to the same
 * corrupt indices. Value, block and local numbers are bounded by
 * IR_PARSE_MAX_ID so a hostile number cannot make a huge allocation. */
#include "artifact/ir_parse.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "artifact/ir_parse_internal.h"

/* ---- references ---- */

/* value = '%' digits | '%?' (a missing operand list). */
static bool read_value(Parser *p, uint32_t *id, bool *missing)
{
    irp_skip_blank(p);
    uint32_t start = p->pos;
    if (!irp_expect(p, '%'))
        return false;
    if (irp_peek(p) == '?' && !irp_at_end(p)) {
        p->pos++;
        *missing = true;
        return true;
    }
    *missing = false;
    uint64_t value = 0;
    if (!irp_read_uint(p, IR_PARSE_MAX_ID, &value, "a value number"))
        return false;
    *id = (uint32_t)value;
    Use use = {*id, irp_span_at(p, start, p->pos)};
    VEC_PUSH(p->scratch, &p->value_uses, use);
    return true;
}

/* block = '@b' digits */
static bool read_block(Parser *p, uint32_t *id)
{
    irp_skip_blank(p);
    uint32_t start = p->pos;
    if (!irp_expect_prefix(p, "@b") || !irp_read_u32(p, IR_PARSE_MAX_ID, id, "a block number"))
        return false;
    Use use = {*id, irp_span_at(p, start, p->pos)};
    VEC_PUSH(p->scratch, &p->block_uses, use);
    return true;
}

/* local = '%l' digits */
static bool read_local(Parser *p, uint32_t *id)
{
    irp_skip_blank(p);
    uint32_t start = p->pos;
    if (!irp_expect_prefix(p, "%l") || !irp_read_u32(p, IR_PARSE_MAX_ID, id, "a local number"))
        return false;
    Use use = {*id, irp_span_at(p, start, p->pos)};
    VEC_PUSH(p->scratch, &p->local_uses, use);
    return true;
}

/* symbol-ref = '$' ( '?func' digits | '?data' digits | name ). A name is
 * resolved at the end; '*target' gets the marker's index right away. */
static bool read_symbol_ref(Parser *p, Fixup fix, uint32_t *target)
{
    irp_skip_blank(p);
    uint32_t start = p->pos;
    if (!irp_expect(p, '$'))
        return false;
    bool ok = true;
    if (irp_accept_marker(p, fix.is_function ? "?func" : "?data", target, &ok))
        return ok;
    fix.symbol = irp_read_name(p, "", "a symbol");
    if (!fix.symbol)
        return false;
    fix.span = irp_span_at(p, start, p->pos);
    *target = UINT32_MAX;
    VEC_PUSH(p->scratch, &p->fixups, fix);
    return true;
}

/* ---- instructions ---- */

/* Stores the operands read so far into 'inst': `%?` everywhere stands for
 * a missing list of that length; mixed with numbers it cannot be read. */
static bool take_operands(Parser *p, IrInst *inst, uint32_t missing)
{
    uint32_t count = p->operands.count;
    if (missing && missing != count)
        return irp_syntax_error(p, "`%%?` cannot be mixed with value operands");
    inst->arg_count = count;
    inst->args = NULL;
    if (count && !missing) {
        inst->args = ARENA_ARRAY(p->arena, uint32_t, count);
        memcpy(inst->args, p->operands.items, sizeof(uint32_t) * count);
    }
    return true;
}

static bool push_operand(Parser *p, uint32_t *missing)
{
    uint32_t id = 0;
    bool is_missing = false;
    if (!read_value(p, &id, &is_missing))
        return false;
    *missing += is_missing;
    VEC_PUSH(p->scratch, &p->operands, id);
    return true;
}

/* operands = [ value { ',' value } ]   (up to the end of the line) */
static bool read_operand_line(Parser *p, uint32_t *missing)
{
    irp_skip_blank(p);
    if (irp_at_end(p) || irp_peek(p) == '\n')
        return true;
    do {
        if (!push_operand(p, missing))
            return false;
    } while (irp_accept(p, ','));
    return true;
}

/* args = '(' [ value { ',' value } ] ')' */
static bool read_call_args(Parser *p, uint32_t *missing)
{
    if (!irp_expect(p, '('))
        return false;
    if (irp_accept(p, ')'))
        return true;
    do {
        if (!push_operand(p, missing))
            return false;
    } while (irp_accept(p, ','));
    return irp_expect(p, ')');
}

/* mem = value ('+' | '-') digits */
static bool read_mem(Parser *p, IrInst *inst, uint32_t *missing)
{
    if (!push_operand(p, missing))
        return false;
    irp_skip_blank(p);
    char sign = irp_peek(p);
    if ((sign != '+' && sign != '-') || irp_at_end(p))
        return irp_syntax_error(p, "expected `+` or `-` and a byte offset, found %s", irp_found(p));
    return irp_read_i64(p, &inst->imm);
}

static bool read_fconst(Parser *p, IrInst *inst)
{
    irp_skip_blank(p);
    uint32_t start = p->pos;
    while (!irp_at_end(p) && (irp_is_alnum(irp_peek(p)) || irp_peek(p) == '.' || irp_peek(p) == '+' || irp_peek(p) == '-'))
        p->pos++;
    char buf[64];
    uint32_t n = p->pos - start;
    if (n == 0 || n >= sizeof buf)
        return irp_fail_at(p, irp_span_at(p, start, p->pos), DIAG_E2101_IR_SYNTAX, "expected a floating-point number", NULL,
                       NULL);
    memcpy(buf, p->text + start, n);
    buf[n] = '\0';
    char *end = NULL;
    inst->fimm = strtod(buf, &end);
    if (end != buf + n)
        return irp_fail_at(p, irp_span_at(p, start, p->pos), DIAG_E2101_IR_SYNTAX, "expected a floating-point number", NULL,
                       NULL);
    return true;
}

static bool find_runtime(Parser *p, const char *name, Span span, uint32_t *import)
{
    IrRuntimeFn fn = IR_RT__COUNT;
    for (int i = 0; i < IR_RT__COUNT && fn == IR_RT__COUNT; i++)
        if (strcmp(ir_runtime_symbol((IrRuntimeFn)i), name) == 0)
            fn = (IrRuntimeFn)i;
    if (fn == IR_RT__COUNT)
        return irp_fail_at(p, span, DIAG_E2107_IR_UNKNOWN_RUNTIME, name, NULL, NULL);
    for (uint32_t i = 0; i < p->a->runtime_imports.count; i++)
        if (p->a->runtime_imports.items[i].fn == fn) {
            *import = i;
            return true;
        }
    return irp_fail_at(p, span, DIAG_E2109_IR_UNDECLARED_IMPORT, name, "runtime", NULL);
}

static bool find_extern(Parser *p, const char *name, Span span, uint32_t *import)
{
    for (uint32_t i = 0; i < p->a->extern_imports.count; i++)
        if (strcmp(p->a->extern_imports.items[i].symbol, name) == 0) {
            *import = i;
            return true;
        }
    return irp_fail_at(p, span, DIAG_E2109_IR_UNDECLARED_IMPORT, name, "extern", NULL);
}

/* callee = '?runtime' digits | '?extern' digits | name, by op. */
static bool read_import(Parser *p, IrInst *inst)
{
    bool runtime = inst->op == IR_OP_CALL_RT, ok = true;
    if (irp_accept_marker(p, runtime ? "?runtime" : "?extern", &inst->target, &ok))
        return ok;
    irp_skip_blank(p);
    uint32_t start = p->pos;
    const char *name = irp_read_name(p, "", runtime ? "a runtime function" : "an extern function");
    if (!name)
        return false;
    Span span = irp_span_at(p, start, p->pos);
    return runtime ? find_runtime(p, name, span, &inst->target) : find_extern(p, name, span, &inst->target);
}

/* The operands of 'inst->op', in the form ir_print_inst writes them. */
static bool read_inst_body(Parser *p, IrInst *inst, uint32_t block, uint32_t index)
{
    uint32_t missing = 0;
    Fixup fix = {.kind = FIX_INST, .owner = p->func_index, .block = block, .index = index};
    switch (inst->op) {
    case IR_OP_ICONST: return irp_read_i64(p, &inst->imm);
    case IR_OP_FCONST: return read_fconst(p, inst);
    case IR_OP_ICMP:
    case IR_OP_FCMP: {
        const char *names[IR_COND_FGE + 1];
        for (int i = 0; i <= IR_COND_FGE; i++)
            names[i] = ir_cond_name((IrCond)i);
        int cond = 0;
        if (!irp_read_choice(p, names, IR_COND_FGE + 1, &cond, "a condition"))
            return false;
        inst->cond = (IrCond)cond;
        return read_operand_line(p, &missing) && take_operands(p, inst, missing);
    }
    case IR_OP_LOCAL_GET: return read_local(p, &inst->target);
    case IR_OP_LOCAL_SET:
        return read_local(p, &inst->target) && irp_expect(p, ',') && read_operand_line(p, &missing) &&
               take_operands(p, inst, missing);
    case IR_OP_LOAD:
    case IR_OP_LOAD_FINAL: return read_mem(p, inst, &missing) && take_operands(p, inst, missing);
    case IR_OP_STORE:
        if (!read_mem(p, inst, &missing))
            return false;
        while (irp_accept(p, ','))
            if (!push_operand(p, &missing))
                return false;
        return take_operands(p, inst, missing);
    case IR_OP_DATA_ADDR: return read_symbol_ref(p, fix, &inst->target);
    case IR_OP_FUNC_ADDR:
        fix.is_function = true;
        return read_symbol_ref(p, fix, &inst->target);
    case IR_OP_CALL:
        fix.is_function = true;
        return read_symbol_ref(p, fix, &inst->target) && read_call_args(p, &missing) &&
               take_operands(p, inst, missing);
    case IR_OP_CALL_RT:
    case IR_OP_CALL_EXTERN: return read_import(p, inst) && read_call_args(p, &missing) && take_operands(p, inst, missing);
    case IR_OP_CALL_INDIRECT:
        if (!push_operand(p, &missing) || !read_call_args(p, &missing))
            return false;
        if (missing && p->operands.count == 1)
            p->operands.count = missing = 0; /* `callind %?()`: no callee at all */
        return take_operands(p, inst, missing);
    case IR_OP_JMP: return read_block(p, &inst->target);
    case IR_OP_BR:
        irp_skip_blank(p);
        if (irp_peek(p) == '%' && !(push_operand(p, &missing) && irp_expect(p, ',')))
            return false;
        return read_block(p, &inst->target) && irp_expect(p, ',') && read_block(p, &inst->target2) &&
               take_operands(p, inst, missing);
    default: return read_operand_line(p, &missing) && take_operands(p, inst, missing);
    }
}

/* op = name from ir_ops.def | '?op' digits (an unknown op) */
static bool read_op(Parser *p, IrInst *inst)
{
    bool ok = true;
    uint32_t unknown = 0;
    if (irp_accept_marker(p, "?op", &unknown, &ok)) {
        if (ok && unknown < IR_OP__COUNT)
            return irp_syntax_error(p, "`?op%" PRIu32 "` names a known op", unknown);
        inst->op = IR_OP__COUNT; /* every unknown op reads back as the first one */
        return ok;
    }
    irp_skip_blank(p);
    uint32_t start = p->pos;
    while (!irp_at_end(p) && irp_is_alnum(irp_peek(p)))
        p->pos++;
    if (p->pos == start)
        return irp_syntax_error(p, "expected an instruction, found %s", irp_found(p));
    for (int op = 0; op < IR_OP__COUNT; op++) {
        const char *name = ir_op_name((IrOp)op);
        if (strlen(name) == p->pos - start && memcmp(name, p->text + start, p->pos - start) == 0) {
            inst->op = (IrOp)op;
            return true;
        }
    }
    return irp_fail_at(p, irp_span_at(p, start, p->pos), DIAG_E2102_IR_UNKNOWN_OP,
                   arena_strndup(p->arena, p->text + start, p->pos - start), NULL, NULL);
}

/* inst = [ ( value | '_' ) ':' type '=' ] op operands EOL */
static bool read_inst(Parser *p, uint32_t block)
{
    irp_skip_blank(p);
    uint32_t start = p->pos;
    IrInst inst = {.result = IR_NO_VALUE, .type = IR_VOID};
    bool has_result = irp_peek(p) == '%', anonymous = irp_peek(p) == '_';
    if (has_result || anonymous) {
        if (has_result) {
            uint64_t id = 0;
            p->pos++;
            if (!irp_read_uint(p, IR_PARSE_MAX_ID, &id, "a value number"))
                return false;
            inst.result = (uint32_t)id;
        } else {
            p->pos++;
        }
        if (!irp_expect(p, ':') || !irp_read_type(p, &inst.type) || !irp_expect(p, '='))
            return false;
    }
    if (!read_op(p, &inst))
        return false;
    p->operands.count = 0;
    IrBlock *b = &p->f->blocks.items[block];
    if (inst.op < IR_OP__COUNT && !read_inst_body(p, &inst, block, b->insts.count))
        return false;
    irp_skip_blank(p);
    inst.loc = irp_span_at(p, start, p->pos);
    if (!irp_expect_eol(p))
        return false;
    if (b->insts.count >= IR_PARSE_MAX_ID)
        return irp_fail_at(p, inst.loc, DIAG_E2110_IR_LIMIT, "too many instructions in one block", NULL, NULL);
    VEC_PUSH(p->arena, &b->insts, inst);
    return true;
}

/* ---- functions ---- */

/* Every %N, @bN and %lN the function mentions must exist (E2103-E2105). */
static bool check_uses(Parser *p)
{
    IrFunc *f = p->f;
    uint32_t limit = ir_func_value_bound(f);
    bool *defined = ARENA_ARRAY(p->scratch, bool, limit + 1);
    for (uint32_t i = 0; i < f->param_count; i++)
        defined[i] = true;
    for (uint32_t b = 0; b < f->blocks.count; b++)
        for (uint32_t i = 0; i < f->blocks.items[b].insts.count; i++) {
            uint32_t r = f->blocks.items[b].insts.items[i].result;
            if (r != IR_NO_VALUE)
                defined[r] = true;
        }
    for (uint32_t i = 0; i < p->value_uses.count; i++) {
        Use u = p->value_uses.items[i];
        if (u.id >= limit || !defined[u.id])
            return irp_fail_at(p, u.span, DIAG_E2103_IR_UNDEFINED_VALUE, arena_printf(p->arena, "%%%" PRIu32, u.id),
                           f->symbol, NULL);
    }
    for (uint32_t i = 0; i < p->block_uses.count; i++)
        if (p->block_uses.items[i].id >= f->blocks.count)
            return irp_fail_at(p, p->block_uses.items[i].span, DIAG_E2104_IR_UNDEFINED_BLOCK,
                           arena_printf(p->arena, "@b%" PRIu32, p->block_uses.items[i].id), f->symbol, NULL);
    for (uint32_t i = 0; i < p->local_uses.count; i++)
        if (p->local_uses.items[i].id >= f->locals.count)
            return irp_fail_at(p, p->local_uses.items[i].span, DIAG_E2105_IR_UNDEFINED_LOCAL,
                           arena_printf(p->arena, "%%l%" PRIu32, p->local_uses.items[i].id), f->symbol, NULL);
    return true;
}

/* The value types: a `values` line verbatim, else the parameters, then each
 * result's type at its id (the first definition wins, gaps are void) —
 * the same rule ir_print uses to decide whether to print `values`. */
static void fill_value_types(Parser *p)
{
    IrFunc *f = p->f;
    f->value_types.count = 0;
    if (p->has_values) {
        for (uint32_t i = 0; i < p->declared_values.count; i++)
            VEC_PUSH(p->arena, &f->value_types, p->declared_values.items[i]);
        return;
    }
    uint32_t count = ir_func_value_bound(f);
    bool *set = ARENA_ARRAY(p->scratch, bool, count + 1);
    for (uint32_t i = 0; i < count; i++)
        VEC_PUSH(p->arena, &f->value_types, i < f->param_count ? f->params[i] : IR_VOID);
    for (uint32_t i = 0; i < f->param_count; i++)
        set[i] = true;
    for (uint32_t b = 0; b < f->blocks.count; b++)
        for (uint32_t i = 0; i < f->blocks.items[b].insts.count; i++) {
            const IrInst *inst = &f->blocks.items[b].insts.items[i];
            if (inst->result != IR_NO_VALUE && !set[inst->result]) {
                set[inst->result] = true;
                f->value_types.items[inst->result] = inst->type;
            }
        }
}

static const char *const func_kinds[] = {"function", "method", "test", "lambda", "instance"};

/* local = 'local' '%l' digits name ':' type EOL */
static bool read_local_decl(Parser *p)
{
    uint32_t id = 0;
    if (!irp_expect_prefix(p, "%l") || !irp_read_u32(p, IR_PARSE_MAX_ID, &id, "a local number"))
        return false;
    if (id != p->f->locals.count)
        return irp_syntax_error(p, "expected local %%l%" PRIu32 " next", p->f->locals.count);
    IrLocal local = {0};
    if (!(local.name = irp_read_name(p, ":", "a local name")) || !irp_expect(p, ':') || !irp_read_type(p, &local.type))
        return false;
    if (local.type == IR_VOID)
        return irp_syntax_error(p, "a local cannot have type void");
    VEC_PUSH(p->arena, &p->f->locals, local);
    return irp_expect_eol(p);
}

/* values = 'values' [ type { ',' type } ] EOL */
static bool read_values_decl(Parser *p)
{
    if (p->has_values)
        return irp_syntax_error(p, "a function has one `values` line");
    p->has_values = true;
    p->declared_values.count = 0;
    irp_skip_blank(p);
    if (irp_at_end(p) || irp_peek(p) == '\n')
        return irp_expect_eol(p);
    do {
        IrType type = IR_VOID;
        if (!irp_read_type(p, &type))
            return false;
        if (p->declared_values.count >= IR_PARSE_MAX_ID)
            return irp_syntax_error(p, "too many value types");
        VEC_PUSH(p->scratch, &p->declared_values, type);
    } while (irp_accept(p, ','));
    return irp_expect_eol(p);
}

/* body = { local | values | label | inst } '}' */
static bool read_func_body(Parser *p)
{
    bool in_block = false;
    for (;;) {
        irp_skip_empty_lines(p);
        if (irp_at_end(p))
            return irp_syntax_error(p, "unexpected end of input: function `%s` has no closing `}`", p->f->symbol);
        if (irp_accept(p, '}'))
            return irp_expect_eol(p);
        if (irp_accept_word(p, "local")) {
            if (in_block)
                return irp_syntax_error(p, "locals come before the first block");
            if (!read_local_decl(p))
                return false;
        } else if (irp_accept_word(p, "values")) {
            if (in_block)
                return irp_syntax_error(p, "`values` comes before the first block");
            if (!read_values_decl(p))
                return false;
        } else if (irp_peek(p) == '@') {
            uint32_t id = 0;
            if (!irp_expect_prefix(p, "@b") || !irp_read_u32(p, IR_PARSE_MAX_ID, &id, "a block number"))
                return false;
            if (id != p->f->blocks.count)
                return irp_syntax_error(p, "expected block @b%" PRIu32 " next", p->f->blocks.count);
            if (!irp_expect(p, ':') || !irp_expect_eol(p))
                return false;
            ir_block_new(p->a, p->f);
            in_block = true;
        } else if (!in_block) {
            return irp_syntax_error(p, "expected a block label `@b%" PRIu32 ":`, found %s", p->f->blocks.count, irp_found(p));
        } else if (!read_inst(p, p->f->blocks.count - 1)) {
            return false;
        }
    }
}

/* func = 'func' '$' name '(' [ param { ',' param } ] ')' '->' type
 *        'kind=' kind 'name=' name 'qualified=' name ['public'] ['noreturn'] '{' EOL body
 * param = '%' digits ':' type */
static bool read_func(Parser *p, uint32_t start)
{
    if (!irp_expect(p, '$'))
        return false;
    const char *symbol = irp_read_name(p, "", "a function symbol");
    if (!symbol || !irp_expect(p, '('))
        return false;
    VEC(IrType) params = {0};
    if (!irp_accept(p, ')')) {
        do {
            uint32_t id = 0;
            if (!irp_expect(p, '%') || !irp_read_u32(p, IR_PARSE_MAX_ID, &id, "a parameter number"))
                return false;
            if (id != params.count)
                return irp_syntax_error(p, "expected parameter %%%" PRIu32 " next", params.count);
            IrType type = IR_VOID;
            if (!irp_expect(p, ':') || !irp_read_type(p, &type))
                return false;
            VEC_PUSH(p->scratch, &params, type);
        } while (irp_accept(p, ','));
        if (!irp_expect(p, ')'))
            return false;
    }
    IrType ret = IR_VOID;
    int kind = 0;
    if (!irp_expect_word(p, "->") || !irp_read_type(p, &ret) || !irp_expect_word(p, "kind=") ||
        !irp_read_choice(p, func_kinds, 5, &kind, "a function kind"))
        return false;
    p->func_index = p->a->funcs.count;
    if (p->func_index >= IR_PARSE_MAX_ID)
        return irp_syntax_error(p, "too many functions");
    IrFunc *f = ir_func_new(p->a, symbol, ret, params.items, params.count);
    p->f = f;
    f->kind = (IrFuncKind)kind;
    if (!irp_expect_word(p, "name=") || !(f->source_name = irp_read_name(p, "", "a name")) ||
        !irp_expect_word(p, "qualified=") || !(f->qualified_name = irp_read_name(p, "", "a qualified name")))
        return false;
    f->is_public = irp_accept_word(p, "public");
    f->is_noreturn = irp_accept_word(p, "noreturn");
    f->span = irp_span_at(p, start, p->pos);
    if (!irp_expect(p, '{') || !irp_expect_eol(p))
        return false;
    p->value_uses.count = p->block_uses.count = p->local_uses.count = 0;
    p->has_values = false;
    if (!read_func_body(p) || !check_uses(p))
        return false;
    fill_value_types(p);
    return true;
}

/* ---- artifact-level lines ---- */

static const char *const data_kinds[] = {"string", "descriptor", "offsets", "bytes", "strobject"};

/* data = 'data' '$' name '=' kind [ 'align' digits ] string
 *        [ 'reloc' reloc { ',' reloc } ] EOL
 * reloc = '+' digits '=' ( '$' name | 'funcaddr' '$' name ) */
static bool read_data(Parser *p)
{
    if (!irp_expect(p, '$'))
        return false;
    const char *symbol = irp_read_name(p, "", "a data symbol");
    int kind = 0;
    if (!symbol || !irp_expect(p, '=') || !irp_read_choice(p, data_kinds, 5, &kind, "a data kind"))
        return false;
    uint32_t align = 1;
    if (irp_accept_word(p, "align")) {
        if (!irp_read_u32(p, 4096, &align, "an alignment"))
            return false;
        if (align == 0 || (align & (align - 1)) != 0)
            return irp_syntax_error(p, "alignment %" PRIu32 " is not a power of two", align);
    }
    uint32_t size = 0;
    const uint8_t *bytes = irp_read_string(p, &size);
    if (!bytes)
        return false;
    if (p->a->data.count >= IR_PARSE_MAX_ID)
        return irp_syntax_error(p, "too many data items");
    uint32_t index = ir_data_new(p->a, symbol, (IrDataKind)kind, align, bytes, size);
    if (irp_accept_word(p, "reloc")) {
        do {
            IrReloc reloc = {0};
            if (!irp_expect(p, '+') || !irp_read_u32(p, UINT32_MAX, &reloc.offset, "a byte offset") || !irp_expect(p, '='))
                return false;
            reloc.is_function = irp_accept_word(p, "funcaddr");
            IrData *d = &p->a->data.items[index];
            Fixup fix = {.kind = FIX_RELOC, .is_function = reloc.is_function, .owner = index,
                         .index = d->relocs.count};
            if (!read_symbol_ref(p, fix, &reloc.target))
                return false;
            if (d->relocs.count >= IR_PARSE_MAX_ID)
                return irp_syntax_error(p, "too many relocations");
            VEC_PUSH(p->arena, &d->relocs, reloc);
        } while (irp_accept(p, ','));
    }
    return irp_expect_eol(p);
}

/* Declared and table signatures as text, for E2108. */
static const char *signature_text(Parser *p, const IrType *params, uint32_t count, IrType ret, bool noreturn)
{
    char buf[256];
    size_t n = 0;
    n += (size_t)snprintf(buf + n, sizeof buf - n, "(");
    for (uint32_t i = 0; i < count && n < sizeof buf - 32; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", i ? ", " : "", ir_type_name(params[i]));
    snprintf(buf + n, sizeof buf - n, ") -> %s%s", ir_type_name(ret), noreturn ? " noreturn" : "");
    return arena_strdup(p->arena, buf);
}

/* types = '(' [ type { ',' type } ] ')' '->' type */
static bool read_signature(Parser *p, IrType **params, uint32_t *count, IrType *ret)
{
    VEC(IrType) types = {0};
    if (!irp_expect(p, '('))
        return false;
    if (!irp_accept(p, ')')) {
        do {
            IrType type = IR_VOID;
            if (!irp_read_type(p, &type))
                return false;
            if (types.count >= IR_PARSE_MAX_ID)
                return irp_syntax_error(p, "too many parameters");
            VEC_PUSH(p->arena, &types, type);
        } while (irp_accept(p, ','));
        if (!irp_expect(p, ')'))
            return false;
    }
    *params = types.count ? types.items : ARENA_NEW(p->arena, IrType);
    *count = types.count;
    return irp_expect_word(p, "->") && irp_read_type(p, ret);
}

/* runtime = 'runtime' ( '?' digits | name signature [ 'noreturn' ] ) EOL */
static bool read_runtime(Parser *p)
{
    irp_skip_blank(p);
    uint32_t start = p->pos;
    IrRuntimeImport import = {IR_RT__COUNT};
    if (irp_accept(p, '?')) {
        uint32_t fn = 0;
        if (!irp_read_u32(p, IR_PARSE_MAX_ID, &fn, "a runtime function number"))
            return false;
        if (fn < IR_RT__COUNT)
            return irp_syntax_error(p, "`?%" PRIu32 "` names a known runtime function", fn);
        import.fn = IR_RT__COUNT; /* every unknown function reads back as the first one */
    } else {
        const char *name = irp_read_name(p, "", "a runtime function");
        if (!name)
            return false;
        Span span = irp_span_at(p, start, p->pos);
        for (int i = 0; i < IR_RT__COUNT && import.fn == IR_RT__COUNT; i++)
            if (strcmp(ir_runtime_symbol((IrRuntimeFn)i), name) == 0)
                import.fn = (IrRuntimeFn)i;
        if (import.fn == IR_RT__COUNT)
            return irp_fail_at(p, span, DIAG_E2107_IR_UNKNOWN_RUNTIME, name, NULL, NULL);
        IrType *params = NULL, ret = IR_VOID;
        uint32_t count = 0;
        if (!read_signature(p, &params, &count, &ret))
            return false;
        bool noreturn = irp_accept_word(p, "noreturn");
        IrRuntimeFn fn = import.fn;
        IrType table[8];
        uint32_t table_count = ir_runtime_param_count(fn);
        for (uint32_t i = 0; i < table_count && i < 8; i++)
            table[i] = ir_runtime_param(fn, i);
        const char *declared = signature_text(p, params, count, ret, noreturn);
        const char *expected = signature_text(p, table, table_count < 8 ? table_count : 8, ir_runtime_ret(fn),
                                              ir_runtime_noreturn(fn));
        if (strcmp(declared, expected) != 0)
            return irp_fail_at(p, irp_span_at(p, start, p->pos), DIAG_E2108_IR_RUNTIME_SIGNATURE, name, declared, expected);
    }
    if (p->a->runtime_imports.count >= IR_PARSE_MAX_ID)
        return irp_syntax_error(p, "too many runtime imports");
    VEC_PUSH(p->arena, &p->a->runtime_imports, import);
    return irp_expect_eol(p);
}

/* extern = 'extern' name signature [ 'abi=' name ] [ 'library=' name ] [ 'contract=' name ] EOL */
static bool read_extern(Parser *p)
{
    IrExternImport x = {0};
    if (!(x.symbol = irp_read_name(p, "", "an extern symbol")) || !read_signature(p, &x.params, &x.param_count, &x.ret))
        return false;
    if (irp_accept_word(p, "abi=") && !(x.abi = irp_read_name(p, "", "an ABI")))
        return false;
    if (irp_accept_word(p, "library=") && !(x.library = irp_read_name(p, "", "a library")))
        return false;
    if (irp_accept_word(p, "contract=") && !(x.contract = irp_read_name(p, "", "a contract")))
        return false;
    if (p->a->extern_imports.count >= IR_PARSE_MAX_ID)
        return irp_syntax_error(p, "too many extern imports");
    VEC_PUSH(p->arena, &p->a->extern_imports, x);
    return irp_expect_eol(p);
}

static const char *const result_kinds[] = {"unit", "never", "i64", "i32", "u8", "bool", "f64", "char", "string",
                                           "pointer"};

/* entry = 'entry' name [ 'qualified=' name ] '->' kind '$' name 'params=' digits
 *         'result=' result [ 'generic' ] [ 'tags=' name { ',' name } ]
 *         [ 'group=' name ] [ 'skip' [ '=' string ] ] [ 'dependency' ] EOL */
static bool read_entry(Parser *p)
{
    IrEntry e = {0};
    if (!(e.source_name = irp_read_name(p, "", "an entry name")))
        return false;
    e.qualified_name = e.source_name;
    if (irp_accept_word(p, "qualified=") && !(e.qualified_name = irp_read_name(p, "", "a qualified name")))
        return false;
    int kind = 0, result = 0;
    if (!irp_expect_word(p, "->") || !irp_read_choice(p, func_kinds, 5, &kind, "a function kind"))
        return false;
    e.kind = (IrFuncKind)kind;
    Fixup fix = {.kind = FIX_ENTRY, .is_function = true, .index = p->a->entries.count};
    if (!read_symbol_ref(p, fix, &e.func) || !irp_expect_word(p, "params=") ||
        !irp_read_u32(p, IR_PARSE_MAX_ID, &e.param_count, "a parameter count") || !irp_expect_word(p, "result=") ||
        !irp_read_choice(p, result_kinds, 10, &result, "a result kind"))
        return false;
    e.result = (IrResultKind)result;
    e.is_generic = irp_accept_word(p, "generic");
    if (irp_accept_word(p, "tags=")) {
        VEC(const char *) tags = {0};
        do {
            const char *tag = irp_read_name(p, "", "a tag");
            if (!tag)
                return false;
            if (tags.count >= IR_PARSE_MAX_ID)
                return irp_syntax_error(p, "too many tags");
            VEC_PUSH(p->arena, &tags, tag);
        } while (irp_accept(p, ','));
        e.tags = tags.items;
        e.tag_count = tags.count;
    }
    if (irp_accept_word(p, "group=") && !(e.group = irp_read_name(p, "", "a group")))
        return false;
    if (irp_accept_word(p, "skip")) {
        e.skip = true;
        if (irp_accept(p, '=')) {
            uint32_t size = 0;
            const uint8_t *reason = irp_read_string(p, &size);
            if (!reason)
                return false;
            e.skip_reason = (const char *)reason;
        }
    }
    e.is_dependency = irp_accept_word(p, "dependency");
    if (e.param_count > 0 && irp_accept_word(p, "args=")) {
        IrResultKind *args = ARENA_ARRAY(p->arena, IrResultKind, e.param_count);
        for (uint32_t i = 0; i < e.param_count; i++) {
            int arg = 0;
            if (i > 0 && !irp_accept(p, ','))
                return irp_syntax_error(p, "expected %u parameter classes after `args=`", e.param_count);
            if (!irp_read_choice(p, result_kinds, 10, &arg, "a parameter class"))
                return false;
            args[i] = (IrResultKind)arg;
        }
        e.args = args;
    }
    if (p->a->entries.count >= IR_PARSE_MAX_ID)
        return irp_syntax_error(p, "too many entries");
    VEC_PUSH(p->arena, &p->a->entries, e);
    return irp_expect_eol(p);
}

/* ---- symbol resolution ---- */

typedef struct SymbolTable {
    const char **names;
    uint32_t *indices;
    uint32_t mask;
} SymbolTable;

static uint32_t hash_name(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

/* The first definition of a name wins; duplicates are the verifier's (A4). */
static SymbolTable table_new(Parser *p, uint32_t count)
{
    uint32_t cap = 16;
    while (cap < count * 2)
        cap *= 2;
    SymbolTable t = {ARENA_ARRAY(p->scratch, const char *, cap), ARENA_ARRAY(p->scratch, uint32_t, cap), cap - 1};
    return t;
}

static void table_add(SymbolTable *t, const char *name, uint32_t index)
{
    if (!name)
        return;
    uint32_t slot = hash_name(name) & t->mask;
    while (t->names[slot] && strcmp(t->names[slot], name) != 0)
        slot = (slot + 1) & t->mask;
    if (!t->names[slot]) {
        t->names[slot] = name;
        t->indices[slot] = index;
    }
}

static bool table_find(const SymbolTable *t, const char *name, uint32_t *index)
{
    uint32_t slot = hash_name(name) & t->mask;
    for (; t->names[slot]; slot = (slot + 1) & t->mask)
        if (strcmp(t->names[slot], name) == 0) {
            *index = t->indices[slot];
            return true;
        }
    return false;
}

static bool resolve_symbols(Parser *p)
{
    Artifact *a = p->a;
    SymbolTable funcs = table_new(p, a->funcs.count), data = table_new(p, a->data.count);
    for (uint32_t i = 0; i < a->funcs.count; i++)
        table_add(&funcs, a->funcs.items[i]->symbol, i);
    for (uint32_t i = 0; i < a->data.count; i++)
        table_add(&data, a->data.items[i].symbol, i);
    for (uint32_t i = 0; i < p->fixups.count; i++) {
        const Fixup *fix = &p->fixups.items[i];
        uint32_t index = 0;
        if (!table_find(fix->is_function ? &funcs : &data, fix->symbol, &index))
            return irp_fail_at(p, fix->span, DIAG_E2106_IR_UNDEFINED_SYMBOL, fix->is_function ? "function" : "data",
                           fix->symbol, NULL);
        switch (fix->kind) {
        case FIX_INST: a->funcs.items[fix->owner]->blocks.items[fix->block].insts.items[fix->index].target = index; break;
        case FIX_RELOC: a->data.items[fix->owner].relocs.items[fix->index].target = index; break;
        case FIX_ENTRY: a->entries.items[fix->index].func = index; break;
        }
    }
    return true;
}

/* ---- the artifact ---- */

/* artifact = { data | runtime | extern | func | entry | empty line } */
static bool read_artifact(Parser *p)
{
    for (;;) {
        irp_skip_empty_lines(p);
        if (irp_at_end(p))
            return resolve_symbols(p);
        uint32_t start = p->pos;
        bool ok;
        if (irp_accept_word(p, "data"))
            ok = read_data(p);
        else if (irp_accept_word(p, "runtime"))
            ok = read_runtime(p);
        else if (irp_accept_word(p, "extern"))
            ok = read_extern(p);
        else if (irp_accept_word(p, "func"))
            ok = read_func(p, start);
        else if (irp_accept_word(p, "entry"))
            ok = read_entry(p);
        else
            ok = irp_syntax_error(p, "expected `data`, `runtime`, `extern`, `func` or `entry`, found %s", irp_found(p));
        if (!ok)
            return false;
    }
}

Artifact *ir_parse(Arena *arena, const SourceMap *map, uint32_t file, DiagList *diags)
{
    const SourceFile *source = source_file(map, file);
    Parser p = {.arena = arena, .scratch = arena_new(), .diags = diags, .file = file, .text = source->text,
                .len = source->len};
    p.a = ir_artifact_new(arena);
    bool ok = read_artifact(&p);
    arena_free(p.scratch);
    return ok ? p.a : NULL;
}
