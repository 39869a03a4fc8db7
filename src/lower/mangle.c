/* lower/mangle.c: symbol names (backends.md §2.6 [FIX]).
 *   symbol  = "_B" { seg } seg kind "_" { type } "r" type
 *   seg     = decimal length, then the identifier      (4main)
 *   kind    = F function | M method | T test | L lambda
 *           | I { type } (an instance of a generic function: its type arguments)
 *   type    = seg of the primitive's name (3i32, 6string, 4unit, 5never)
 *           | "A" type (array) | "P" type { type } "E" (function: return, params)
 *           | "N" { "S" seg } seg [ "G" { type } "E" ] (named item: its module
 *             path, its name, generic arguments)
 * e.g. `i32 main()` -> _B4mainF_r3i32; `i64 add(i64 a, i32 b)` -> _B3addF_3i643i32r3i64.
 * Every part is self-delimiting (a length, or a letter that cannot start a
 * length), so the scheme is injective; it only uses [A-Za-z0-9_]. */
#include "lower/mangle.h"

#include <string.h>

#include "support/check.h"
#include "support/strbuf.h"

static void put_seg(StrBuf *sb, const char *text)
{
    strbuf_printf(sb, "%zu%s", strlen(text), text);
}

static void put_type(StrBuf *sb, const Type *t)
{
    switch (t->kind) {
    case TYPE_BOOL: put_seg(sb, "bool"); return;
    case TYPE_U8: put_seg(sb, "u8"); return;
    case TYPE_I32: put_seg(sb, "i32"); return;
    case TYPE_I64: put_seg(sb, "i64"); return;
    case TYPE_F64: put_seg(sb, "f64"); return;
    case TYPE_CHAR: put_seg(sb, "char"); return;
    case TYPE_STRING: put_seg(sb, "string"); return;
    case TYPE_UNIT: put_seg(sb, "unit"); return;
    case TYPE_NEVER: put_seg(sb, "never"); return;
    case TYPE_ARRAY:
        strbuf_putc(sb, 'A');
        put_type(sb, t->element);
        return;
    case TYPE_FUNCTION:
        strbuf_putc(sb, 'P');
        put_type(sb, t->ret);
        for (uint32_t i = 0; i < t->arg_count; i++)
            put_type(sb, t->args[i]);
        strbuf_putc(sb, 'E');
        return;
    case TYPE_STRUCT:
    case TYPE_ENUM:
    case TYPE_CONTRACT:
    case TYPE_GENERIC_PARAM:
        strbuf_putc(sb, 'N');
        {
            const SemaModule *module = t->def ? t->def->module : t->contract ? t->contract->module : NULL;
            for (uint32_t i = 0; module && i < module->depth; i++) {
                strbuf_putc(sb, 'S');
                put_seg(sb, module->path[i]);
            }
        }
        put_seg(sb, t->name);
        if (t->arg_count) {
            strbuf_putc(sb, 'G');
            for (uint32_t i = 0; i < t->arg_count; i++)
                put_type(sb, t->args[i]);
            strbuf_putc(sb, 'E');
        }
        return;
    case TYPE_ERROR: break;
    }
    BSK_UNREACHABLE();
}

/* "_" { type } "r" type, then the symbol is done: copied into 'arena'. */
static const char *finish(Arena *arena, StrBuf *sb, Type *const *params, uint32_t param_count, const Type *ret)
{
    strbuf_putc(sb, '_');
    for (uint32_t i = 0; i < param_count; i++)
        put_type(sb, params[i]);
    strbuf_putc(sb, 'r');
    put_type(sb, ret);
    const char *out = arena_strdup(arena, strbuf_cstr(sb));
    strbuf_free(sb);
    return out;
}

const char *mangle_function(Arena *arena, const char *const *modules, uint32_t module_count, const char *name,
                            MangleKind kind, Type *const *params, uint32_t param_count, const Type *ret)
{
    StrBuf sb = {0};
    strbuf_puts(&sb, "_B");
    for (uint32_t i = 0; i < module_count; i++)
        put_seg(&sb, modules[i]);
    put_seg(&sb, name);
    strbuf_putc(&sb, (char)kind);
    return finish(arena, &sb, params, param_count, ret);
}

const char *mangle_instance(Arena *arena, const char *const *modules, uint32_t module_count, const char *name,
                            Type *const *type_args, uint32_t type_arg_count, Type *const *params, uint32_t param_count,
                            const Type *ret)
{
    StrBuf sb = {0};
    strbuf_puts(&sb, "_B");
    for (uint32_t i = 0; i < module_count; i++)
        put_seg(&sb, modules[i]);
    put_seg(&sb, name);
    strbuf_putc(&sb, (char)MANGLE_INSTANCE);
    for (uint32_t i = 0; i < type_arg_count; i++)
        put_type(&sb, type_args[i]);
    return finish(arena, &sb, params, param_count, ret);
}

const char *mangle_type(Arena *arena, const Type *type)
{
    StrBuf sb = {0};
    put_type(&sb, type);
    const char *out = arena_strdup(arena, strbuf_cstr(&sb));
    strbuf_free(&sb);
    return out;
}
