/* backend/jit/jit_entry.c: the entry's call and its printed result. */
#include "backend/jit/jit_entry.h"

#include <inttypes.h>

#include "beskid_rt.h"

/* The entry's call on the program's main stack: its result, by kind. */
typedef struct EntryCall {
    uint64_t address;
    IrResultKind kind;
    union {
        int64_t i64;
        int32_t i32;
        uint8_t u8;
        double f64;
        uint32_t c;
        const BeskidStr *s;
        uint64_t p;
    } result;
} EntryCall;

/* Runs on the main stack's thread (beskid_rt_run_main). */
static void call_entry(void *arg)
{
    EntryCall *call = arg;
    void *fn = (void *)(uintptr_t)call->address;
    switch (call->kind) {
    case IR_RESULT_UNIT:
    case IR_RESULT_NEVER: ((void (*)(void))fn)(); break;
    case IR_RESULT_I64: call->result.i64 = ((int64_t (*)(void))fn)(); break;
    case IR_RESULT_I32: call->result.i32 = ((int32_t (*)(void))fn)(); break;
    case IR_RESULT_U8:
    case IR_RESULT_BOOL: call->result.u8 = ((uint8_t (*)(void))fn)(); break;
    case IR_RESULT_F64: call->result.f64 = ((double (*)(void))fn)(); break;
    case IR_RESULT_CHAR: call->result.c = ((uint32_t (*)(void))fn)(); break;
    case IR_RESULT_STRING: call->result.s = ((const BeskidStr *(*)(void))fn)(); break;
    case IR_RESULT_POINTER: call->result.p = ((uint64_t (*)(void))fn)(); break;
    }
}

/* Calls the entry with the C type of its result kind, on the program's main
 * stack as an executable does (backends.md §0a item 15), and prints the
 * result. */
void jit_entry_call_and_print(uint64_t address, IrResultKind kind, FILE *out, Timings *timings)
{
    EntryCall call = {.address = address, .kind = kind};
    fflush(out); /* the program writes to fd 1 directly */
    beskid_rt_init();
    timings_mark(timings, "rt-init");
    beskid_rt_run_main(call_entry, &call);
    switch (kind) {
    case IR_RESULT_UNIT: fputs("ok", out); break;
    case IR_RESULT_NEVER: beskid_rt_shutdown(); return;
    case IR_RESULT_I64: fprintf(out, "%" PRId64, call.result.i64); break;
    case IR_RESULT_I32: fprintf(out, "%" PRId32, call.result.i32); break;
    case IR_RESULT_U8: fprintf(out, "%u", (unsigned)call.result.u8); break;
    case IR_RESULT_BOOL: fputs(call.result.u8 ? "true" : "false", out); break;
    case IR_RESULT_F64: {
        char buf[BESKID_RT_F64_TEXT_MAX];
        beskid_rt_format_f64(call.result.f64, buf, sizeof buf);
        fputs(buf, out);
        break;
    }
    case IR_RESULT_CHAR: {
        char buf[4];
        size_t len = beskid_rt_format_char(call.result.c, buf);
        fwrite(buf, 1, len, out);
        break;
    }
    case IR_RESULT_STRING: {
        const BeskidStr *s = call.result.s;
        if (s && s->len)
            fwrite(s->ptr, 1, s->len, out);
        break;
    }
    case IR_RESULT_POINTER: fprintf(out, "0x%016" PRIx64, call.result.p); break;
    }
    beskid_rt_shutdown();
    fputc('\n', out);
    fflush(out);
}

void jit_entry_call_unit(uint64_t address)
{
    EntryCall call = {.address = address, .kind = IR_RESULT_UNIT};
    beskid_rt_init();
    beskid_rt_run_main(call_entry, &call);
}
