/* syntax/ast_print.c: `beskid parse` output. One node per line, two spaces
 * of indentation per level; types are printed inline in source syntax;
 * literals are printed with their decoded values, strings quoted and escaped.
 * No pointers and no spans, so the text is deterministic. */
#include "syntax/ast_print.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "support/arena.h"
#include "support/strbuf.h"
#include "support/vec.h"

typedef struct Printer {
    FILE *out;
    const SourceMap *map;
    Arena *arena; /* scratch: the spines of operator chains */
} Printer;

static void print_expr(Printer *pr, const AstExpr *expr, int depth);
static void print_block(Printer *pr, const AstBlock *block, int depth);
static void print_stmt(Printer *pr, const AstStmt *stmt, int depth);
static void print_item(Printer *pr, const AstItem *item, int depth);

static void line(Printer *pr, int depth, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void line(Printer *pr, int depth, const char *fmt, ...)
{
    for (int i = 0; i < depth; i++)
        fputs("  ", pr->out);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(pr->out, fmt, ap);
    va_end(ap);
    fputc('\n', pr->out);
}

/* ---- text helpers ------------------------------------------------------------------ */

static void escape_bytes(StrBuf *sb, const char *bytes, size_t len, char quote)
{
    strbuf_putc(sb, quote);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)bytes[i];
        switch (c) {
        case '\n': strbuf_puts(sb, "\\n"); break;
        case '\t': strbuf_puts(sb, "\\t"); break;
        case '\r': strbuf_puts(sb, "\\r"); break;
        case '\0': strbuf_puts(sb, "\\0"); break;
        case '\\': strbuf_puts(sb, "\\\\"); break;
        default:
            if (c == (unsigned char)quote)
                strbuf_printf(sb, "\\%c", quote);
            else if (c < 0x20 || c == 0x7F)
                strbuf_printf(sb, "\\x%02X", c);
            else
                strbuf_putc(sb, (char)c);
        }
    }
    strbuf_putc(sb, quote);
}

void ast_path_text(StrBuf *sb, const AstPath *path, const char *absent)
{
    for (uint32_t i = 0; i < path->count; i++) {
        const AstPathSegment *seg = &path->segments[i];
        if (i > 0)
            strbuf_putc(sb, '.');
        strbuf_puts(sb, seg->name);
        if (seg->has_generic_args) {
            strbuf_putc(sb, '<');
            for (uint32_t j = 0; j < seg->generic_count; j++) {
                if (j > 0)
                    strbuf_puts(sb, ", ");
                ast_type_text(sb, seg->generic_args[j], absent);
            }
            strbuf_putc(sb, '>');
        }
    }
}

void ast_type_text(StrBuf *sb, const AstType *type, const char *absent)
{
    if (!type) {
        strbuf_puts(sb, absent);
        return;
    }
    switch (type->kind) {
    case AST_TYPE_PRIMITIVE:
        strbuf_puts(sb, ast_primitive_name(type->primitive));
        break;
    case AST_TYPE_PATH:
        ast_path_text(sb, &type->path, absent);
        break;
    case AST_TYPE_ARRAY:
        ast_type_text(sb, type->element, absent);
        strbuf_puts(sb, "[]");
        break;
    case AST_TYPE_REF:
        strbuf_puts(sb, "ref ");
        ast_type_text(sb, type->element, absent);
        break;
    case AST_TYPE_FUNCTION:
        if (!type->function.is_arrow)
            ast_type_text(sb, type->function.ret, absent);
        strbuf_putc(sb, '(');
        for (uint32_t i = 0; i < type->function.param_count; i++) {
            if (i > 0)
                strbuf_puts(sb, ", ");
            ast_type_text(sb, type->function.params[i], absent);
        }
        strbuf_putc(sb, ')');
        if (type->function.is_arrow) {
            strbuf_puts(sb, " => ");
            ast_type_text(sb, type->function.ret, absent);
        }
        break;
    }
}

/* Returns a malloc'ed string the caller frees (via the StrBuf). */
static const char *type_str(StrBuf *sb, const AstType *type)
{
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
    ast_type_text(sb, type, "?");
    return strbuf_cstr(sb);
}

static void print_doc(Printer *pr, const char *doc, int depth)
{
    if (!doc)
        return;
    StrBuf sb = {0};
    escape_bytes(&sb, doc, strlen(doc), '"');
    line(pr, depth, "Doc %s", strbuf_cstr(&sb));
    strbuf_free(&sb);
}

/* ---- patterns ------------------------------------------------------------------------- */

static void print_pattern(Printer *pr, const AstPattern *pat, int depth)
{
    switch (pat->kind) {
    case AST_PAT_WILDCARD:
        line(pr, depth, "PatWildcard");
        break;
    case AST_PAT_BINDING:
        line(pr, depth, "PatBinding %s", pat->binding.name.name);
        break;
    case AST_PAT_LITERAL:
        line(pr, depth, "PatLiteral");
        print_expr(pr, pat->literal, depth + 1);
        break;
    case AST_PAT_ENUM: {
        StrBuf prefix = {0};
        for (uint32_t i = 0; i < pat->enum_pat.module_count; i++)
            strbuf_printf(&prefix, "%s.", pat->enum_pat.modules[i].name);
        line(pr, depth, "PatEnum %s%s::%s%s", strbuf_cstr(&prefix), pat->enum_pat.enum_name.name,
             pat->enum_pat.variant.name, pat->enum_pat.has_parens ? "()" : "");
        strbuf_free(&prefix);
        for (uint32_t i = 0; i < pat->enum_pat.sub_count; i++)
            print_pattern(pr, pat->enum_pat.subpatterns[i], depth + 1);
        break;
    }
    }
}

/* ---- expressions ------------------------------------------------------------------------ */

static void print_float(Printer *pr, double value, int depth)
{
    char buf[64];
    for (int precision = 1; precision <= 17; precision++) {
        snprintf(buf, sizeof buf, "%.*g", precision, value);
        if (strtod(buf, NULL) == value)
            break;
    }
    line(pr, depth, "Float %s", buf);
}

static void print_char(Printer *pr, uint32_t c, int depth)
{
    StrBuf sb = {0};
    if (c >= 0x80) {
        strbuf_printf(&sb, "'\\u{%04" PRIX32 "}'", c);
    } else {
        char byte = (char)c;
        escape_bytes(&sb, &byte, 1, '\'');
    }
    line(pr, depth, "Char %s", strbuf_cstr(&sb));
    strbuf_free(&sb);
}

static void print_args(Printer *pr, AstExpr *const *args, uint32_t count, int depth)
{
    for (uint32_t i = 0; i < count; i++)
        print_expr(pr, args[i], depth);
}

static void print_lambda(Printer *pr, const AstExpr *expr, int depth)
{
    StrBuf sb = {0}, tb = {0};
    if (expr->lambda.has_parens)
        strbuf_putc(&sb, '(');
    for (uint32_t i = 0; i < expr->lambda.param_count; i++) {
        const AstLambdaParam *param = &expr->lambda.params[i];
        if (i > 0)
            strbuf_puts(&sb, ", ");
        if (param->type)
            strbuf_printf(&sb, "%s ", type_str(&tb, param->type));
        strbuf_puts(&sb, param->name.name);
    }
    if (expr->lambda.has_parens)
        strbuf_putc(&sb, ')');
    line(pr, depth, "Lambda %s", strbuf_cstr(&sb));
    strbuf_free(&sb);
    strbuf_free(&tb);
    print_expr(pr, expr->lambda.body, depth + 1);
}

static void print_match(Printer *pr, const AstExpr *expr, int depth)
{
    line(pr, depth, "Match");
    print_expr(pr, expr->match.scrutinee, depth + 1);
    for (uint32_t i = 0; i < expr->match.arm_count; i++) {
        const AstMatchArm *arm = &expr->match.arms[i];
        line(pr, depth + 1, "Arm");
        print_pattern(pr, arm->pattern, depth + 2);
        if (arm->guard) {
            line(pr, depth + 2, "Guard");
            print_expr(pr, arm->guard, depth + 3);
        }
        print_expr(pr, arm->value, depth + 2);
    }
}

static void print_expr(Printer *pr, const AstExpr *expr, int depth)
{
    StrBuf sb = {0};
    switch (expr->kind) {
    case AST_EXPR_INT:
        if (expr->int_lit.overflowed) {
            const SourceFile *src = source_file(pr->map, expr->span.file);
            line(pr, depth, "Int %.*s overflowed", (int)(expr->span.end - expr->span.start),
                 src->text + expr->span.start);
        } else {
            line(pr, depth, "Int %" PRIu64, expr->int_lit.value);
        }
        break;
    case AST_EXPR_FLOAT:
        print_float(pr, expr->float_lit, depth);
        break;
    case AST_EXPR_BOOL:
        line(pr, depth, "Bool %s", expr->bool_lit ? "true" : "false");
        break;
    case AST_EXPR_CHAR:
        print_char(pr, expr->char_lit, depth);
        break;
    case AST_EXPR_STRING:
        escape_bytes(&sb, expr->string_lit.bytes, expr->string_lit.len, '"');
        line(pr, depth, "String %s", strbuf_cstr(&sb));
        break;
    case AST_EXPR_INTERPOLATION:
        line(pr, depth, "Interpolation");
        print_args(pr, expr->interpolation.parts, expr->interpolation.count, depth + 1);
        break;
    case AST_EXPR_PATH:
        ast_path_text(&sb, &expr->path.path, "?");
        line(pr, depth, "Path %s", strbuf_cstr(&sb));
        break;
    case AST_EXPR_UNARY:
        line(pr, depth, "Unary %s", expr->unary.op == AST_UNARY_NEG ? "-" : "!");
        print_expr(pr, expr->unary.operand, depth + 1);
        break;
    case AST_EXPR_BINARY: {
        /* The left spine of a chain `a + b + …` iteratively: its lines first,
         * then the innermost left operand, then the right operands upwards. */
        VEC(const AstExpr *) spine = {0};
        const AstExpr *leaf = expr;
        for (; leaf->kind == AST_EXPR_BINARY; leaf = leaf->binary.lhs) {
            line(pr, depth + (int)spine.count, "Binary %s", ast_binary_op_text(leaf->binary.op));
            VEC_PUSH(pr->arena, &spine, leaf);
        }
        print_expr(pr, leaf, depth + (int)spine.count);
        for (uint32_t k = spine.count; k-- > 0;)
            print_expr(pr, spine.items[k]->binary.rhs, depth + (int)k + 1);
        break;
    }
    case AST_EXPR_ASSIGN:
        line(pr, depth, "Assign %s", ast_assign_op_text(expr->assign.op));
        print_expr(pr, expr->assign.target, depth + 1);
        print_expr(pr, expr->assign.value, depth + 1);
        break;
    case AST_EXPR_CALL:
        line(pr, depth, "Call");
        print_expr(pr, expr->call.callee, depth + 1);
        print_args(pr, expr->call.args, expr->call.arg_count, depth + 1);
        break;
    case AST_EXPR_MEMBER:
        line(pr, depth, "Member %s", expr->member.name.name);
        print_expr(pr, expr->member.object, depth + 1);
        break;
    case AST_EXPR_INDEX:
        line(pr, depth, "Index");
        print_expr(pr, expr->index.object, depth + 1);
        print_expr(pr, expr->index.index, depth + 1);
        break;
    case AST_EXPR_TRY:
        line(pr, depth, "Try");
        print_expr(pr, expr->try_.operand, depth + 1);
        break;
    case AST_EXPR_CAST:
        line(pr, depth, "Cast %s", type_str(&sb, expr->cast.target));
        print_expr(pr, expr->cast.operand, depth + 1);
        break;
    case AST_EXPR_BLOCK:
        print_block(pr, expr->block, depth);
        break;
    case AST_EXPR_ENUM_CTOR:
        if (expr->enum_ctor.module_count) {
            StrBuf prefix = {0};
            for (uint32_t i = 0; i < expr->enum_ctor.module_count; i++)
                strbuf_printf(&prefix, "%s.", expr->enum_ctor.modules[i].name);
            line(pr, depth, "EnumCtor %s%s::%s", strbuf_cstr(&prefix), expr->enum_ctor.enum_name.name,
                 expr->enum_ctor.variant.name);
            strbuf_free(&prefix);
        } else {
            line(pr, depth, "EnumCtor %s::%s", expr->enum_ctor.enum_name.name, expr->enum_ctor.variant.name);
        }
        print_args(pr, expr->enum_ctor.args, expr->enum_ctor.arg_count, depth + 1);
        break;
    case AST_EXPR_STRUCT_LIT:
        ast_path_text(&sb, &expr->struct_lit.type_path, "?");
        line(pr, depth, "StructLit %s", strbuf_cstr(&sb));
        for (uint32_t i = 0; i < expr->struct_lit.field_count; i++) {
            line(pr, depth + 1, "Field %s", expr->struct_lit.fields[i].name.name);
            print_expr(pr, expr->struct_lit.fields[i].value, depth + 2);
        }
        break;
    case AST_EXPR_ARRAY_LIT:
        line(pr, depth, "ArrayLit");
        print_args(pr, expr->array_lit.elements, expr->array_lit.count, depth + 1);
        break;
    case AST_EXPR_LAMBDA:
        print_lambda(pr, expr, depth);
        break;
    case AST_EXPR_MATCH:
        print_match(pr, expr, depth);
        break;
    }
    strbuf_free(&sb);
}

/* ---- statements ------------------------------------------------------------------------- */

static void print_block(Printer *pr, const AstBlock *block, int depth)
{
    line(pr, depth, "Block");
    for (uint32_t i = 0; i < block->count; i++)
        print_stmt(pr, block->stmts[i], depth + 1);
}

static void print_stmt(Printer *pr, const AstStmt *stmt, int depth)
{
    StrBuf sb = {0};
    switch (stmt->kind) {
    case AST_STMT_LET:
        if (stmt->let.type)
            line(pr, depth, "Let %s: %s%s%s", stmt->let.name.name, type_str(&sb, stmt->let.type),
                 stmt->let.is_mutable ? " mut" : "", stmt->let.mut_first ? " (mut first)" : "");
        else
            line(pr, depth, "Let %s", stmt->let.name.name);
        print_doc(pr, stmt->doc, depth + 1);
        print_expr(pr, stmt->let.init, depth + 1);
        break;
    case AST_STMT_RETURN:
        line(pr, depth, "Return");
        print_doc(pr, stmt->doc, depth + 1);
        if (stmt->return_.value)
            print_expr(pr, stmt->return_.value, depth + 1);
        break;
    case AST_STMT_BREAK:
        line(pr, depth, "Break");
        print_doc(pr, stmt->doc, depth + 1);
        break;
    case AST_STMT_CONTINUE:
        line(pr, depth, "Continue");
        print_doc(pr, stmt->doc, depth + 1);
        break;
    case AST_STMT_WHILE:
        line(pr, depth, "While");
        print_doc(pr, stmt->doc, depth + 1);
        print_expr(pr, stmt->while_.cond, depth + 1);
        print_block(pr, stmt->while_.body, depth + 1);
        break;
    case AST_STMT_FOR:
        line(pr, depth, "For %s", stmt->for_.var.name);
        print_doc(pr, stmt->doc, depth + 1);
        print_expr(pr, stmt->for_.iterable, depth + 1);
        print_block(pr, stmt->for_.body, depth + 1);
        break;
    case AST_STMT_IF:
        line(pr, depth, "If");
        print_doc(pr, stmt->doc, depth + 1);
        print_expr(pr, stmt->if_.cond, depth + 1);
        print_block(pr, stmt->if_.then_block, depth + 1);
        if (stmt->if_.else_block) {
            line(pr, depth + 1, "Else");
            print_block(pr, stmt->if_.else_block, depth + 2);
        } else if (stmt->if_.else_if) {
            /* an `else if` chain is flat: a loop, not recursion */
            const AstStmt *next = stmt->if_.else_if;
            for (depth += 2;; depth += 2) {
                line(pr, depth - 1, "Else");
                line(pr, depth, "If");
                print_doc(pr, next->doc, depth + 1);
                print_expr(pr, next->if_.cond, depth + 1);
                print_block(pr, next->if_.then_block, depth + 1);
                if (next->if_.else_block) {
                    line(pr, depth + 1, "Else");
                    print_block(pr, next->if_.else_block, depth + 2);
                }
                if (!next->if_.else_if)
                    break;
                next = next->if_.else_if;
            }
        }
        break;
    case AST_STMT_EXPR:
        line(pr, depth, "ExprStmt%s", stmt->expr.has_semicolon ? "" : " (no semicolon)");
        print_doc(pr, stmt->doc, depth + 1);
        print_expr(pr, stmt->expr.expr, depth + 1);
        break;
    }
    strbuf_free(&sb);
}

/* ---- items ------------------------------------------------------------------------------- */

static const char *pub_text(AstVisibility visibility)
{
    return visibility == AST_PUBLIC ? "pub " : "";
}

static void print_params(Printer *pr, const AstParam *params, uint32_t count, int depth)
{
    StrBuf sb = {0};
    for (uint32_t i = 0; i < count; i++) {
        const AstParam *param = &params[i];
        const char *modifier = param->modifier == AST_PARAM_REF ? "ref " : param->modifier == AST_PARAM_OUT ? "out " : "";
        line(pr, depth, "Param %s%s %s", modifier, type_str(&sb, param->type), param->name.name);
        print_doc(pr, param->doc, depth + 1);
    }
    strbuf_free(&sb);
}

static void generics_text(StrBuf *sb, const AstGenericParams *generics)
{
    if (!generics->present)
        return;
    strbuf_putc(sb, '<');
    for (uint32_t i = 0; i < generics->count; i++) {
        if (i > 0)
            strbuf_puts(sb, ", ");
        strbuf_puts(sb, generics->names[i].name);
    }
    strbuf_putc(sb, '>');
}

static void print_function(Printer *pr, const char *label, AstVisibility visibility, const AstFunction *fn, int depth)
{
    StrBuf sb = {0}, tb = {0};
    generics_text(&sb, &fn->generics);
    line(pr, depth, "%s %s%s%s -> %s", label, pub_text(visibility), fn->name.name, strbuf_cstr(&sb),
         type_str(&tb, fn->ret));
    strbuf_free(&sb);
    strbuf_free(&tb);
}

static void print_fields(Printer *pr, const AstField *fields, uint32_t count, int depth)
{
    StrBuf sb = {0};
    for (uint32_t i = 0; i < count; i++) {
        const AstField *field = &fields[i];
        if (field->is_event) {
            if (field->has_capacity)
                line(pr, depth, "Event{%" PRIu64 "} %s", field->capacity, field->name.name);
            else
                line(pr, depth, "Event %s", field->name.name);
            print_doc(pr, field->doc, depth + 1);
            print_params(pr, field->params, field->param_count, depth + 1);
        } else {
            line(pr, depth, "Field %s %s", type_str(&sb, field->type), field->name.name);
            print_doc(pr, field->doc, depth + 1);
        }
    }
    strbuf_free(&sb);
}

static void print_methods(Printer *pr, const AstMethod *methods, uint32_t count, int depth)
{
    for (uint32_t i = 0; i < count; i++) {
        print_function(pr, "Method", methods[i].visibility, &methods[i].fn, depth);
        print_doc(pr, methods[i].doc, depth + 1);
        print_params(pr, methods[i].fn.params, methods[i].fn.param_count, depth + 1);
        print_block(pr, methods[i].fn.body, depth + 1);
    }
}

static void print_attributes(Printer *pr, const AstAttributes *attrs, int depth)
{
    for (uint32_t i = 0; i < attrs->count; i++) {
        const AstAttribute *attr = &attrs->items[i];
        line(pr, depth, "Attribute %s%s", attr->name.name, attr->has_parens ? "()" : "");
        for (uint32_t j = 0; j < attr->arg_count; j++) {
            line(pr, depth + 1, "Arg %s", attr->args[j].name.name);
            print_expr(pr, attr->args[j].value, depth + 2);
        }
    }
}

static void print_meta(Printer *pr, const char *label, const AstMetaEntry *entries, uint32_t count, int depth)
{
    line(pr, depth, "%s", label);
    for (uint32_t i = 0; i < count; i++) {
        line(pr, depth + 1, "Entry %s", entries[i].key.name);
        print_expr(pr, entries[i].value, depth + 2);
    }
}

static void print_type_def(Printer *pr, const AstItem *item, int depth)
{
    StrBuf sb = {0};
    generics_text(&sb, &item->type_def.generics);
    for (uint32_t i = 0; i < item->type_def.conformance_count; i++) {
        strbuf_puts(&sb, i == 0 ? " : " : ", ");
        ast_path_text(&sb, &item->type_def.conformances[i], "?");
    }
    line(pr, depth, "Type %s%s%s", pub_text(item->visibility), item->name.name, strbuf_cstr(&sb));
    strbuf_free(&sb);
}

static void print_item_children(Printer *pr, const AstItem *item, int depth)
{
    StrBuf sb = {0};
    switch (item->kind) {
    case AST_ITEM_FUNCTION:
        print_params(pr, item->function.params, item->function.param_count, depth);
        print_block(pr, item->function.body, depth);
        break;
    case AST_ITEM_IMPL:
        print_methods(pr, item->impl.methods, item->impl.method_count, depth);
        break;
    case AST_ITEM_TYPE: /* fields, then the methods of the body (§5a item 7) */
        print_fields(pr, item->type_def.fields, item->type_def.field_count, depth);
        print_methods(pr, item->type_def.methods, item->type_def.method_count, depth);
        break;
    case AST_ITEM_ENUM:
        for (uint32_t i = 0; i < item->enum_def.variant_count; i++) {
            const AstVariant *variant = &item->enum_def.variants[i];
            line(pr, depth, "Variant %s%s", variant->name.name, variant->has_parens ? "()" : "");
            print_doc(pr, variant->doc, depth + 1);
            print_fields(pr, variant->fields, variant->field_count, depth + 1);
        }
        break;
    case AST_ITEM_CONTRACT:
        for (uint32_t i = 0; i < item->contract.member_count; i++) {
            const AstContractMember *member = &item->contract.members[i];
            if (member->is_embedded)
                line(pr, depth, "Embed %s", member->embedded.name);
            else
                line(pr, depth, "MethodSig %s -> %s", member->name.name, type_str(&sb, member->ret));
            print_doc(pr, member->doc, depth + 1);
            print_params(pr, member->params, member->param_count, depth + 1);
        }
        break;
    case AST_ITEM_TEST:
        if (item->test.has_meta)
            print_meta(pr, "Meta", item->test.meta, item->test.meta_count, depth);
        if (item->test.has_skip)
            print_meta(pr, "Skip", item->test.skip, item->test.skip_count, depth);
        print_block(pr, item->test.body, depth);
        break;
    case AST_ITEM_ATTRIBUTE_DECL:
        for (uint32_t i = 0; i < item->attribute_decl.param_count; i++) {
            const AstAttrParam *param = &item->attribute_decl.params[i];
            line(pr, depth, "AttrParam %s: %s", param->name.name, type_str(&sb, param->type));
            if (param->default_value)
                print_expr(pr, param->default_value, depth + 1);
        }
        break;
    case AST_ITEM_INLINE_MODULE:
        for (uint32_t i = 0; i < item->inline_module.count; i++)
            print_item(pr, item->inline_module.items[i], depth);
        break;
    case AST_ITEM_MODULE_DECL:
    case AST_ITEM_USE:
        break;
    }
    strbuf_free(&sb);
}

static void print_item(Printer *pr, const AstItem *item, int depth)
{
    StrBuf sb = {0};
    const char *pub = pub_text(item->visibility);
    switch (item->kind) {
    case AST_ITEM_FUNCTION:
        print_function(pr, "Function", item->visibility, &item->function, depth);
        break;
    case AST_ITEM_IMPL:
        line(pr, depth, "Impl %s", type_str(&sb, item->impl.target));
        break;
    case AST_ITEM_TYPE:
        print_type_def(pr, item, depth);
        break;
    case AST_ITEM_ENUM:
        generics_text(&sb, &item->enum_def.generics);
        line(pr, depth, "Enum %s%s%s", pub, item->name.name, strbuf_cstr(&sb));
        break;
    case AST_ITEM_CONTRACT:
        line(pr, depth, "Contract %s%s", pub, item->name.name);
        break;
    case AST_ITEM_TEST:
        line(pr, depth, "Test %s%s", pub, item->name.name);
        break;
    case AST_ITEM_ATTRIBUTE_DECL:
        if (item->attribute_decl.has_targets) {
            strbuf_putc(&sb, '(');
            for (uint32_t i = 0; i < item->attribute_decl.target_count; i++) {
                if (i > 0)
                    strbuf_puts(&sb, ", ");
                strbuf_puts(&sb, item->attribute_decl.targets[i].name);
            }
            strbuf_putc(&sb, ')');
        }
        line(pr, depth, "AttributeDecl %s%s%s", pub, item->name.name, strbuf_cstr(&sb));
        break;
    case AST_ITEM_MODULE_DECL:
        ast_path_text(&sb, &item->module_decl.path, "?");
        line(pr, depth, "ModDecl %s%s", pub, strbuf_cstr(&sb));
        break;
    case AST_ITEM_INLINE_MODULE:
        line(pr, depth, "Mod %s%s", pub, item->name.name);
        break;
    case AST_ITEM_USE:
        ast_path_text(&sb, &item->use.path, "?");
        if (item->use.has_alias)
            strbuf_printf(&sb, " as %s", item->use.alias.name);
        line(pr, depth, "Use %s%s", pub, strbuf_cstr(&sb));
        break;
    }
    strbuf_free(&sb);
    print_doc(pr, item->doc, depth + 1);
    print_attributes(pr, &item->attributes, depth + 1);
    print_item_children(pr, item, depth + 1);
}

void ast_print(FILE *out, const AstFile *file, const SourceMap *map)
{
    Printer pr = {out, map, arena_new()};
    line(&pr, 0, "File");
    for (uint32_t i = 0; i < file->count; i++)
        print_item(&pr, file->items[i], 1);
    arena_free(pr.arena);
}
