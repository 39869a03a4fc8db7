/* backend/aot/aot_header.c: `build --emit-header PATH` (issue 14): the C
 * header of a shared or static library, declaring the C function of every
 * exportable entry (codegen/cg_export.c) with C types: i64 int64_t, i32
 * int32_t, u8 uint8_t, bool bool, f64 double, char uint32_t (a Unicode
 * scalar), string `const char *` (NUL-terminated UTF-8, in and out), unit
 * void. */
#include <string.h>

#include "backend/aot/aot_internal.h"
#include "codegen/codegen.h"
#include "support/strbuf.h"

static const char *c_name_of(IrResultKind kind)
{
    switch (kind) {
    case IR_RESULT_UNIT:
    case IR_RESULT_NEVER: return "void";
    case IR_RESULT_I64: return "int64_t";
    case IR_RESULT_I32: return "int32_t";
    case IR_RESULT_U8: return "uint8_t";
    case IR_RESULT_BOOL: return "bool";
    case IR_RESULT_F64: return "double";
    case IR_RESULT_CHAR: return "uint32_t";
    case IR_RESULT_STRING: return "const char *";
    case IR_RESULT_POINTER: break;
    }
    return "void *";
}

/* The include guard: the header's file name in capitals, other bytes `_`. */
static void put_guard(StrBuf *sb, const char *path)
{
    const char *base = strrchr(path, '/');
    strbuf_puts(sb, "BESKID_");
    for (const char *p = base ? base + 1 : path; *p; p++) {
        char ch = *p;
        strbuf_putc(sb, ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ? ch : '_');
    }
}

bool aot_write_header(const Artifact *a, const char *path, const char *library, DiagList *diags)
{
    StrBuf sb = {0}, guard = {0};
    put_guard(&guard, path);
    strbuf_printf(&sb,
                  "/* %s: the C interface of %s, written by `beskid build --emit-header`.\n"
                  " *\n"
                  " * Strings cross as NUL-terminated UTF-8: a `const char *` argument is copied\n"
                  " * (invalid UTF-8 panics); a returned `const char *` is a copy in memory the\n"
                  " * Beskid collector owns: it stays valid while the caller's stack or registers\n"
                  " * hold it, so copy it to keep it. The runtime initialises itself on the first\n"
                  " * call; a panic prints `panic: <message>` on stderr and exits with status 101.\n"
                  " * Linking the static library also needs: -lgc -lpthread -ldl -lm. */\n"
                  "#ifndef %s\n#define %s\n\n#include <stdbool.h>\n#include <stdint.h>\n\n"
                  "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
                  "/* Optional: start and stop the runtime explicitly (idempotent). */\n"
                  "void beskid_rt_init(void);\nvoid beskid_rt_shutdown(void);\n\n",
                  path, library, strbuf_cstr(&guard), strbuf_cstr(&guard));
    for (uint32_t i = 0; i < a->entries.count; i++) {
        const IrEntry *e = &a->entries.items[i];
        if (!cg_c_exportable(a, e))
            continue;
        const char *ret = c_name_of(e->result);
        strbuf_printf(&sb, "%s%s%s(", ret, ret[strlen(ret) - 1] == '*' ? "" : " ", cg_c_export_name(diags->arena, e));
        for (uint32_t p = 0; p < e->param_count; p++)
            strbuf_printf(&sb, "%s%s", p ? ", " : "", c_name_of(e->args[p]));
        strbuf_puts(&sb, e->param_count ? ");\n" : "void);\n");
    }
    strbuf_puts(&sb, "\n#ifdef __cplusplus\n}\n#endif\n#endif\n");
    bool ok = aot_make_parent(path, diags) && aot_write_file(path, sb.data, sb.len, diags);
    strbuf_free(&sb);
    strbuf_free(&guard);
    return ok;
}
