/* lower/lower_object.c: struct literals (field values in the order written,
 * then alloc and stores), field reads and writes, enum constructors (tag and
 * payload per layout.h) and method calls (receiver first, as argument 0,
 * evaluated before the arguments — language.md §3.4), direct or through a
 * contract value (lower_contract.c). */
#include "lower/layout.h"
#include "support/check.h"

static const SemaTypeDef *def_of(const Type *t)
{
    const SemaTypeDef *def = sema_typedef_of(t);
    BSK_ASSERT(def);
    return def;
}

uint32_t lower_struct_lit(Lowerer *lw, const AstExpr *e)
{
    const SemaTypeDef *def = def_of(lower_own_type(lw, e));
    uint32_t n = e->struct_lit.field_count;
    uint32_t values[n ? n : 1];
    int index[n ? n : 1];
    for (uint32_t i = 0; i < n; i++) {
        index[i] = sema_field_index(def, e->struct_lit.fields[i].name.name);
        values[i] = lower_expr(lw, e->struct_lit.fields[i].value);
    }
    lw->b.loc = e->span;
    const Layout *l = layout_of(lw, lower_own_type(lw, e));
    uint32_t obj = layout_alloc(lw, lower_own_type(lw, e));
    for (uint32_t i = 0; i < n; i++) {
        BSK_ASSERT(index[i] >= 0);
        layout_store(lw, obj, l->field_offsets[index[i]], def->fields[index[i]].type, values[i]);
    }
    return obj;
}

/* A field read; a field no assignment writes keeps the value of its struct
 * literal, so the read is final (codegen lets the optimiser reuse it across
 * calls: a comparator closure stored in a map is loaded once). Event slots
 * change under the runtime's hands and are never final. */
static uint32_t load_field(Lowerer *lw, uint32_t obj, const SemaTypeDef *def, uint32_t index)
{
    const SemaField *field = &def->fields[index];
    uint32_t offset = layout_of(lw, def->type)->field_offsets[index];
    IrType t = lower_ir_type(field->type);
    if (field->is_reassigned || field->is_event || t == IR_VOID)
        return layout_load(lw, obj, offset, field->type);
    return irb_load_final(&lw->b, t, obj, offset);
}

/* The value that the head local of the field path 'e' and its first 'count'
 * field reads produce. Each read is located at the path up to its field. */
static uint32_t path_prefix(Lowerer *lw, const AstExpr *e, uint32_t count)
{
    const SemaNodeFacts *n = lower_node(lw, e->id);
    const AstPathSegment *segments = e->path.path.segments;
    lw->b.loc = segments[0].span;
    uint32_t v = lower_local_get(lw, n->binding.local);
    uint32_t first = n->fields->implicit_this ? 0 : 1; /* step i reads segment i + first */
    for (uint32_t i = 0; i < count; i++) {
        lw->b.loc = span_join(segments[0].span, segments[i + first].span);
        v = load_field(lw, v, n->fields->steps[i].def, n->fields->steps[i].field);
    }
    return v;
}

uint32_t lower_field_path(Lowerer *lw, const AstExpr *e)
{
    return path_prefix(lw, e, lower_node(lw, e->id)->fields->count);
}

/* The object and the field of the place 'e': a member access, or a field
 * path whose last step is the field. */
static uint32_t field_of(Lowerer *lw, const AstExpr *e, uint32_t *index, const SemaTypeDef **def)
{
    if (e->kind == AST_EXPR_PATH) {
        const SemaFieldPath *fields = lower_node(lw, e->id)->fields;
        BSK_ASSERT(fields && fields->count > 0);
        uint32_t obj = path_prefix(lw, e, fields->count - 1);
        lw->b.loc = e->span;
        *def = fields->steps[fields->count - 1].def;
        *index = fields->steps[fields->count - 1].field;
        return obj;
    }
    uint32_t obj = lower_expr(lw, e->member.object);
    lw->b.loc = e->span;
    *def = def_of(lower_type(lw, e->member.object));
    int found = sema_field_index(*def, e->member.name.name);
    BSK_ASSERT(found >= 0);
    *index = (uint32_t)found;
    return obj;
}

uint32_t lower_field_place(Lowerer *lw, const AstExpr *e, uint32_t *index, const SemaTypeDef **def)
{
    return field_of(lw, e, index, def);
}

uint32_t lower_member(Lowerer *lw, const AstExpr *e)
{
    uint32_t index;
    const SemaTypeDef *def;
    uint32_t obj = field_of(lw, e, &index, &def);
    return load_field(lw, obj, def, index);
}

uint32_t lower_field_assign(Lowerer *lw, const AstExpr *e)
{
    uint32_t index;
    const SemaTypeDef *def;
    uint32_t obj = field_of(lw, e->assign.target, &index, &def);
    uint32_t offset = layout_of(lw, def->type)->field_offsets[index];
    const Type *ft = def->fields[index].type;
    if (def->fields[index].is_event) /* `obj.E += f` (lower_event.c) */
        return lower_event_assign(lw, e, obj, offset, &def->fields[index]);
    if (e->assign.op == AST_ASSIGN) {
        uint32_t v = lower_expr(lw, e->assign.value);
        lw->b.loc = e->span;
        layout_store(lw, obj, offset, ft, v);
        return v;
    }
    static const AstBinaryOp ops[] = {
        [AST_ASSIGN_ADD] = AST_BINARY_ADD, [AST_ASSIGN_SUB] = AST_BINARY_SUB, [AST_ASSIGN_MUL] = AST_BINARY_MUL,
        [AST_ASSIGN_DIV] = AST_BINARY_DIV, [AST_ASSIGN_REM] = AST_BINARY_REM,
    };
    uint32_t current = layout_load(lw, obj, offset, ft);
    uint32_t v = lower_expr(lw, e->assign.value);
    lw->b.loc = e->span;
    uint32_t result = lower_arithmetic(lw, ops[e->assign.op], ft, current, v);
    layout_store(lw, obj, offset, ft, result);
    return result;
}

uint32_t lower_enum_ctor(Lowerer *lw, const AstExpr *e)
{
    const SemaTypeDef *def = def_of(lower_own_type(lw, e));
    int v = sema_variant_index(def, e->enum_ctor.variant.name);
    BSK_ASSERT(v >= 0);
    uint32_t n = e->enum_ctor.arg_count;
    uint32_t values[n ? n : 1];
    for (uint32_t i = 0; i < n; i++)
        values[i] = lower_expr(lw, e->enum_ctor.args[i]);
    lw->b.loc = e->span;
    return layout_enum_new(lw, lower_own_type(lw, e), (uint32_t)v, values);
}

uint32_t lower_method_call(Lowerer *lw, const AstExpr *e)
{
    const SemaBinding *binding = &lower_node(lw, e->id)->binding;
    uint32_t count = e->call.arg_count + 1;
    uint32_t args[count];
    const AstExpr *callee = e->call.callee;
    if (callee->kind == AST_EXPR_PATH) /* `a.b.m(…)`: the path up to the method */
        args[0] = path_prefix(lw, callee, lower_node(lw, callee->id)->fields->count);
    else
        args[0] = lower_expr(lw, callee->member.object);
    for (uint32_t i = 1; i < count; i++)
        args[i] = lower_expr(lw, e->call.args[i - 1]);
    lw->b.loc = e->span;
    uint32_t result = binding->kind == SEMA_BIND_DISPATCH ? lower_contract_call(lw, e, args, count) /* lower_contract.c */
                                                          : irb_call(&lw->b, binding->function->index, args, count);
    if (lower_own_type(lw, e)->kind == TYPE_NEVER) {
        irb_unreachable(&lw->b);
        lower_reopen(lw);
        return IR_NO_VALUE;
    }
    return result;
}
