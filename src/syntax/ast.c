/* syntax/ast.c: names of the AST's enumerations, as written in source
 * (shared by ast_print, the checker's messages and lowering). */
#include "syntax/ast.h"

#include "support/check.h"

const char *ast_primitive_name(AstPrimitive prim)
{
    switch (prim) {
    case AST_PRIM_BOOL: return "bool";
    case AST_PRIM_I32: return "i32";
    case AST_PRIM_I64: return "i64";
    case AST_PRIM_U8: return "u8";
    case AST_PRIM_F64: return "f64";
    case AST_PRIM_CHAR: return "char";
    case AST_PRIM_STRING: return "string";
    case AST_PRIM_UNIT: return "unit";
    }
    BSK_UNREACHABLE();
}

const char *ast_binary_op_text(AstBinaryOp op)
{
    switch (op) {
    case AST_BINARY_ADD: return "+";
    case AST_BINARY_SUB: return "-";
    case AST_BINARY_MUL: return "*";
    case AST_BINARY_DIV: return "/";
    case AST_BINARY_REM: return "%";
    case AST_BINARY_EQ: return "==";
    case AST_BINARY_NE: return "!=";
    case AST_BINARY_SAME: return "===";
    case AST_BINARY_NOTSAME: return "!==";
    case AST_BINARY_LT: return "<";
    case AST_BINARY_LE: return "<=";
    case AST_BINARY_GT: return ">";
    case AST_BINARY_GE: return ">=";
    case AST_BINARY_AND: return "&&";
    case AST_BINARY_OR: return "||";
    }
    BSK_UNREACHABLE();
}

const char *ast_assign_op_text(AstAssignOp op)
{
    switch (op) {
    case AST_ASSIGN: return "=";
    case AST_ASSIGN_ADD: return "+=";
    case AST_ASSIGN_SUB: return "-=";
    case AST_ASSIGN_MUL: return "*=";
    case AST_ASSIGN_DIV: return "/=";
    case AST_ASSIGN_REM: return "%=";
    }
    BSK_UNREACHABLE();
}
