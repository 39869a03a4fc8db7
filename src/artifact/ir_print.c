/* artifact/ir_print.c: the artifact's text form (`beskid ir`, `--dump=ir`).
 * QBE-like: sigils ($symbol, %value, %lN local, @bN block), one instruction a
 * line, the type at each definition. Output depends only on definition order,
 * so golden tests can compare it byte for byte. It must also print malformed
 * IR (the verifier quotes bad instructions), so no index is trusted here. */
#include "artifact/ir_print.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* Column where `; file:line:col` starts (after the 4-space indent). */
enum { LOC_COLUMN = 44 };

static const char *func_kind_name(IrFuncKind kind)
{
    switch (kind) {
    case IR_FUNC_FUNCTION: return "function";
    case IR_FUNC_METHOD: return "method";
    case IR_FUNC_TEST: return "test";
    case IR_FUNC_LAMBDA: return "lambda";
    case IR_FUNC_INSTANCE: return "instance";
    }
    return "?";
}

static const char *data_kind_name(IrDataKind kind)
{
    switch (kind) {
    case IR_DATA_STRING: return "string";
    case IR_DATA_DESCRIPTOR: return "descriptor";
    case IR_DATA_OFFSETS: return "offsets";
    case IR_DATA_OTHER: return "bytes";
    case IR_DATA_STRING_OBJECT: return "strobject";
    }
    return "?";
}

static const char *result_kind_name(IrResultKind kind)
{
    switch (kind) {
    case IR_RESULT_UNIT: return "unit";
    case IR_RESULT_NEVER: return "never";
    case IR_RESULT_I64: return "i64";
    case IR_RESULT_I32: return "i32";
    case IR_RESULT_U8: return "u8";
    case IR_RESULT_BOOL: return "bool";
    case IR_RESULT_F64: return "f64";
    case IR_RESULT_CHAR: return "char";
    case IR_RESULT_STRING: return "string";
    case IR_RESULT_POINTER: return "pointer";
    }
    return "?";
}

/* Type names tolerate garbage so a corrupted instruction can still be quoted. */
static const char *type_name(IrType type)
{
    return (unsigned)type <= IR_PTR ? ir_type_name(type) : "?type";
}

static void print_escaped(FILE *out, const uint8_t *bytes, uint32_t size)
{
    fputc('"', out);
    for (uint32_t i = 0; i < size; i++) {
        uint8_t c = bytes[i];
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\t': fputs("\\t", out); break;
        case '\r': fputs("\\r", out); break;
        default:
            if (c >= 0x20 && c < 0x7f)
                fputc(c, out);
            else
                fprintf(out, "\\x%02x", c);
        }
    }
    fputc('"', out);
}

static void print_cstr(FILE *out, const char *text)
{
    print_escaped(out, (const uint8_t *)text, (uint32_t)strlen(text));
}

/* A name bare when ir_parse reads it back as one word (printable, none of the
 * punctuation `"(),;={}`, nor any char of 'stops', not starting with the `?`
 * of a corrupt reference), else as a quoted string. */
static void print_name(FILE *out, const char *name, const char *stops)
{
    bool bare = name && name[0] && name[0] != '?';
    for (const char *c = name; bare && *c; c++) {
        unsigned char u = (unsigned char)*c;
        bare = u >= 0x80 || (u > 0x20 && u < 0x7f && !strchr("\"(),;={}", *c) && !strchr(stops, *c));
    }
    if (bare)
        fputs(name, out);
    else
        print_cstr(out, name ? name : "");
}

static void print_func_ref(FILE *out, const Artifact *a, uint32_t index)
{
    if (index < a->funcs.count && a->funcs.items[index])
        fprintf(out, "$%s", a->funcs.items[index]->symbol);
    else
        fprintf(out, "$?func%" PRIu32, index);
}

static void print_data_ref(FILE *out, const Artifact *a, uint32_t index)
{
    if (index < a->data.count)
        fprintf(out, "$%s", a->data.items[index].symbol);
    else
        fprintf(out, "$?data%" PRIu32, index);
}

static void print_types(FILE *out, const IrType *types, uint32_t count)
{
    fputc('(', out);
    for (uint32_t i = 0; i < count; i++)
        fprintf(out, "%s%s", i ? ", " : "", type_name(types[i]));
    fputc(')', out);
}

/* Operand 'i' as %N; `%?` when the operand list is missing (corrupt IR). */
static void print_value(FILE *out, const IrInst *inst, uint32_t i)
{
    if (inst->args)
        fprintf(out, "%%%" PRIu32, inst->args[i]);
    else
        fputs("%?", out);
}

static void print_args(FILE *out, const IrInst *inst, uint32_t first)
{
    fputc('(', out);
    for (uint32_t i = first; i < inst->arg_count; i++) {
        fputs(i > first ? ", " : "", out);
        print_value(out, inst, i);
    }
    fputc(')', out);
}

static void print_operands(FILE *out, const IrInst *inst)
{
    for (uint32_t i = 0; i < inst->arg_count; i++) {
        fputs(i ? ", " : " ", out);
        print_value(out, inst, i);
    }
}

/* Shortest of %.15g/%.17g that reads back exactly, so constants round-trip. */
static void print_double(FILE *out, double value)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.15g", value);
    if (strtod(buf, NULL) != value)
        snprintf(buf, sizeof buf, "%.17g", value);
    fputs(buf, out);
}

static void print_mem(FILE *out, const IrInst *inst, uint32_t index)
{
    fputc(' ', out);
    if (index < inst->arg_count)
        print_value(out, inst, index);
    else
        fputs("%?", out);
    fprintf(out, "%+" PRId64, inst->imm);
}

void ir_print_inst(FILE *out, const Artifact *a, const IrFunc *f, const IrInst *inst)
{
    if (inst->op >= IR_OP__COUNT) {
        fprintf(out, "?op%d", (int)inst->op);
        return;
    }
    if (inst->result != IR_NO_VALUE)
        fprintf(out, "%%%" PRIu32 ": %s = ", inst->result, type_name(inst->type));
    else if (inst->type != IR_VOID)
        fprintf(out, "_: %s = ", type_name(inst->type)); /* a typed instruction without a result (corrupt) */
    fputs(ir_op_name(inst->op), out);
    switch (inst->op) {
    case IR_OP_ICONST: fprintf(out, " %" PRId64, inst->imm); break;
    case IR_OP_FCONST:
        fputc(' ', out);
        print_double(out, inst->fimm);
        break;
    case IR_OP_ICMP:
    case IR_OP_FCMP:
        fprintf(out, " %s", (unsigned)inst->cond <= IR_COND_FGE ? ir_cond_name(inst->cond) : "?cond");
        print_operands(out, inst);
        break;
    case IR_OP_LOCAL_GET: fprintf(out, " %%l%" PRIu32, inst->target); break;
    case IR_OP_LOCAL_SET:
        fprintf(out, " %%l%" PRIu32 ",", inst->target);
        print_operands(out, inst);
        break;
    case IR_OP_LOAD:
    case IR_OP_LOAD_FINAL: print_mem(out, inst, 0); break;
    case IR_OP_STORE:
        print_mem(out, inst, 0);
        for (uint32_t i = 1; i < inst->arg_count; i++) {
            fputs(", ", out);
            print_value(out, inst, i);
        }
        break;
    case IR_OP_DATA_ADDR:
        fputc(' ', out);
        print_data_ref(out, a, inst->target);
        break;
    case IR_OP_FUNC_ADDR:
        fputc(' ', out);
        print_func_ref(out, a, inst->target);
        break;
    case IR_OP_CALL:
        fputc(' ', out);
        print_func_ref(out, a, inst->target);
        print_args(out, inst, 0);
        break;
    case IR_OP_CALL_RT:
        if (inst->target < a->runtime_imports.count && a->runtime_imports.items[inst->target].fn < IR_RT__COUNT)
            fprintf(out, " %s", ir_runtime_symbol(a->runtime_imports.items[inst->target].fn));
        else
            fprintf(out, " ?runtime%" PRIu32, inst->target);
        print_args(out, inst, 0);
        break;
    case IR_OP_CALL_EXTERN:
        if (inst->target < a->extern_imports.count) {
            fputc(' ', out);
            print_name(out, a->extern_imports.items[inst->target].symbol, "");
        } else {
            fprintf(out, " ?extern%" PRIu32, inst->target);
        }
        print_args(out, inst, 0);
        break;
    case IR_OP_CALL_INDIRECT:
        fputc(' ', out);
        if (inst->arg_count > 0)
            print_value(out, inst, 0);
        else
            fputs("%?", out);
        print_args(out, inst, 1);
        break;
    case IR_OP_JMP: fprintf(out, " @b%" PRIu32, inst->target); break;
    case IR_OP_BR:
        print_operands(out, inst);
        fprintf(out, "%s@b%" PRIu32 ", @b%" PRIu32, inst->arg_count ? ", " : " ", inst->target, inst->target2);
        break;
    default: print_operands(out, inst); break;
    }
    (void)f;
}

/* Prints "file:line:col" for 'loc' when it names a file of 'map'. */
static bool location_text(const SourceMap *map, Span loc, char *buf, size_t size)
{
    if (!map || loc.file == SPAN_NO_FILE || loc.file >= map->count)
        return false;
    const SourceFile *file = source_file(map, loc.file);
    if (loc.start > file->len)
        return false;
    uint32_t line, col;
    source_line_col(file, loc.start, &line, &col);
    snprintf(buf, size, "%s:%" PRIu32 ":%" PRIu32, file->path, line, col);
    return true;
}

static void print_inst_line(FILE *out, const Artifact *a, const IrFunc *f, const IrInst *inst, const SourceMap *map,
                            IrPrintFlags flags)
{
    char where[512];
    if (!(flags & IR_PRINT_LOCATIONS) || !location_text(map, inst->loc, where, sizeof where)) {
        fputs("    ", out);
        ir_print_inst(out, a, f, inst);
        fputc('\n', out);
        return;
    }
    /* Align the comment: format the instruction first to know its width. */
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    ir_print_inst(mem, a, f, inst);
    fclose(mem);
    int pad = LOC_COLUMN - 4 - (int)len;
    fprintf(out, "    %s%*s; %s\n", text, pad > 2 ? pad : 2, "", where);
    free(text);
}

/* Whether the value types follow from the text alone: the parameters, then
 * each result's type at its id (first definition wins, ids never defined
 * are void). Lowering always builds them so; otherwise (hand-built or
 * corrupt IR) a `values` line spells them out, and ir_parse uses the same rule. */
static bool value_types_derivable(const IrFunc *f)
{
    uint32_t count = ir_func_value_bound(f);
    if (count != f->value_types.count)
        return false;
    Arena *scratch = arena_new();
    bool *set = ARENA_ARRAY(scratch, bool, count + 1);
    bool same = true;
    for (uint32_t i = 0; i < f->param_count && same; i++) {
        set[i] = true;
        same = f->value_types.items[i] == f->params[i];
    }
    for (uint32_t b = 0; b < f->blocks.count && same; b++)
        for (uint32_t i = 0; i < f->blocks.items[b].insts.count && same; i++) {
            const IrInst *inst = &f->blocks.items[b].insts.items[i];
            if (inst->result != IR_NO_VALUE && !set[inst->result]) {
                set[inst->result] = true;
                same = f->value_types.items[inst->result] == inst->type;
            }
        }
    for (uint32_t i = 0; i < count && same; i++)
        same = set[i] || f->value_types.items[i] == IR_VOID;
    arena_free(scratch);
    return same;
}

void ir_print_func(FILE *out, const Artifact *a, const IrFunc *f, const SourceMap *map, IrPrintFlags flags)
{
    fprintf(out, "func $%s(", f->symbol);
    for (uint32_t i = 0; i < f->param_count; i++)
        fprintf(out, "%s%%%" PRIu32 ": %s", i ? ", " : "", i, type_name(f->params[i]));
    fprintf(out, ") -> %s kind=%s name=", type_name(f->ret), func_kind_name(f->kind));
    print_name(out, f->source_name, "");
    fputs(" qualified=", out);
    print_name(out, f->qualified_name, "");
    if (f->is_public)
        fputs(" public", out);
    if (f->is_noreturn)
        fputs(" noreturn", out);
    fputs(" {\n", out);
    for (uint32_t i = 0; i < f->locals.count; i++) {
        const IrLocal *local = &f->locals.items[i];
        fprintf(out, "    local %%l%" PRIu32 " ", i);
        print_name(out, local->name, ":");
        fprintf(out, ": %s\n", type_name(local->type));
    }
    if (!value_types_derivable(f)) {
        fputs("    values", out);
        for (uint32_t i = 0; i < f->value_types.count; i++)
            fprintf(out, "%s%s", i ? ", " : " ", type_name(f->value_types.items[i]));
        fputc('\n', out);
    }
    for (uint32_t b = 0; b < f->blocks.count; b++) {
        fprintf(out, "@b%" PRIu32 ":\n", b);
        const IrBlock *block = &f->blocks.items[b];
        for (uint32_t i = 0; i < block->insts.count; i++)
            print_inst_line(out, a, f, &block->insts.items[i], map, flags);
    }
    fputs("}\n", out);
}

static void print_data(FILE *out, const Artifact *a, const IrData *d)
{
    fprintf(out, "data $%s = %s ", d->symbol, data_kind_name(d->kind));
    if (d->kind != IR_DATA_STRING || d->align != 1)
        fprintf(out, "align %" PRIu32 " ", d->align);
    print_escaped(out, d->bytes, d->size);
    for (uint32_t i = 0; i < d->relocs.count; i++) {
        const IrReloc *r = &d->relocs.items[i];
        fprintf(out, "%s+%" PRIu32 " = ", i ? ", " : " reloc ", r->offset);
        if (r->is_function) {
            fputs("funcaddr ", out);
            print_func_ref(out, a, r->target);
        } else {
            print_data_ref(out, a, r->target);
        }
    }
    fputc('\n', out);
}

static void print_entry(FILE *out, const Artifact *a, const IrEntry *e)
{
    fputs("entry ", out);
    print_name(out, e->source_name, "");
    if (e->qualified_name && strcmp(e->qualified_name, e->source_name) != 0) {
        fputs(" qualified=", out);
        print_name(out, e->qualified_name, "");
    }
    fprintf(out, " -> %s ", func_kind_name(e->kind));
    print_func_ref(out, a, e->func);
    fprintf(out, " params=%" PRIu32 " result=%s", e->param_count, result_kind_name(e->result));
    if (e->is_generic)
        fputs(" generic", out);
    for (uint32_t i = 0; i < e->tag_count; i++) {
        fputs(i ? "," : " tags=", out);
        print_name(out, e->tags[i], "");
    }
    if (e->group) {
        fputs(" group=", out);
        print_name(out, e->group, "");
    }
    if (e->skip) {
        fputs(" skip", out);
        if (e->skip_reason) {
            fputc('=', out);
            print_cstr(out, e->skip_reason);
        }
    }
    if (e->is_dependency)
        fputs(" dependency", out);
    for (uint32_t i = 0; e->args && i < e->param_count; i++)
        fprintf(out, "%s%s", i ? "," : " args=", result_kind_name(e->args[i]));
    fputc('\n', out);
}

void ir_print(FILE *out, const Artifact *a, const SourceMap *map, IrPrintFlags flags)
{
    fputs("; beskid artifact v1\n", out);
    for (uint32_t i = 0; i < a->data.count; i++)
        print_data(out, a, &a->data.items[i]);
    for (uint32_t i = 0; i < a->runtime_imports.count; i++) {
        IrRuntimeFn fn = a->runtime_imports.items[i].fn;
        if (fn >= IR_RT__COUNT) {
            fprintf(out, "runtime ?%d\n", (int)fn);
            continue;
        }
        fprintf(out, "runtime %s", ir_runtime_symbol(fn));
        uint32_t count = ir_runtime_param_count(fn);
        fputc('(', out);
        for (uint32_t p = 0; p < count; p++)
            fprintf(out, "%s%s", p ? ", " : "", ir_type_name(ir_runtime_param(fn, p)));
        fprintf(out, ") -> %s%s\n", ir_type_name(ir_runtime_ret(fn)), ir_runtime_noreturn(fn) ? " noreturn" : "");
    }
    for (uint32_t i = 0; i < a->extern_imports.count; i++) {
        const IrExternImport *x = &a->extern_imports.items[i];
        fputs("extern ", out);
        print_name(out, x->symbol, "");
        print_types(out, x->params, x->param_count);
        fprintf(out, " -> %s", type_name(x->ret));
        static const char *const keys[] = {" abi=", " library=", " contract="};
        const char *values[] = {x->abi, x->library, x->contract};
        for (int k = 0; k < 3; k++)
            if (values[k]) {
                fputs(keys[k], out);
                print_name(out, values[k], "");
            }
        fputc('\n', out);
    }
    for (uint32_t i = 0; i < a->funcs.count; i++) {
        fputc('\n', out);
        ir_print_func(out, a, a->funcs.items[i], map, flags);
    }
    if (a->entries.count)
        fputc('\n', out);
    for (uint32_t i = 0; i < a->entries.count; i++)
        print_entry(out, a, &a->entries.items[i]);
}
