/* rt_panic.c: the single panic routine and every fixed-message panic.
 * Unless a test runner's hook takes control first (longjmp), a panic flushes
 * stdio, writes "panic: {message}\n" to fd 2 in one write, followed by
 * " --> file:line:col\n" when generated code named the failing operation's
 * location, and _exits 101.
 * Global state: 'panic_hook', set by beskid_rt_set_panic_hook (NULL = none),
 * and 'panic_loc', set by beskid_rt_panic_location just before a panic.
 * The stack-overflow panic lives in rt_init.c (it runs in a signal handler). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "rt_internal.h"

static BeskidPanicHook panic_hook;
/* Thread-local: each thread's next panic is its own. */
static _Thread_local const BeskidSourceLoc *panic_loc;

void beskid_rt_panic_location(const BeskidSourceLoc *loc)
{
    panic_loc = loc;
}

void beskid_rt_set_panic_hook(BeskidPanicHook hook)
{
    panic_hook = hook;
}

/* writev is one system call for the whole line (so concurrent writers do not
 * split it); only a partial write falls back to writing the remainder. */
static void write_line(struct iovec *iov, int count)
{
    while (count > 0) {
        ssize_t n = writev(STDERR_FILENO, iov, count);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        size_t done = (size_t)n;
        while (count > 0 && done >= iov->iov_len) {
            done -= iov->iov_len;
            iov++;
            count--;
        }
        if (count > 0) {
            iov->iov_base = (char *)iov->iov_base + done;
            iov->iov_len -= done;
        }
    }
}

_Noreturn void beskid_rt_panic_bytes(const uint8_t *msg, size_t len)
{
    if (msg == NULL) {
        msg = (const uint8_t *)"";
        len = 0;
    }
    /* Consumed here, so a hook that longjmps away leaves none behind. */
    const BeskidSourceLoc *loc = panic_loc;
    panic_loc = NULL;
    BeskidPanicHook hook = panic_hook;
    if (hook != NULL)
        hook(msg, len);
    /* A C host's buffered stdio output happened before the panic; keep that
     * order (the runtime's own writes are unbuffered). */
    fflush(NULL);
    char where[64];
    int where_len = 0;
    if (loc != NULL && loc->file != NULL) {
        where_len = snprintf(where, sizeof where, ":%" PRIu32 ":%" PRIu32 "\n", loc->line, loc->col);
        if (where_len < 0 || (size_t)where_len >= sizeof where)
            where_len = 0;
    }
    struct iovec iov[6] = {
        {.iov_base = (void *)"panic: ", .iov_len = 7},
        {.iov_base = (void *)msg, .iov_len = len},
        {.iov_base = (void *)"\n", .iov_len = 1},
        {.iov_base = (void *)" --> ", .iov_len = 5},
        {.iov_base = (void *)(loc ? loc->file : ""), .iov_len = loc && loc->file ? strlen(loc->file) : 0},
        {.iov_base = where, .iov_len = (size_t)where_len},
    };
    write_line(iov, where_len > 0 ? 6 : 3);
    if (beskid_rt_backtrace_enabled())
        rt_backtrace_print();
    _exit(101);
}

_Noreturn void beskid_rt_panic_cstr(const char *msg)
{
    beskid_rt_panic_bytes((const uint8_t *)msg, msg ? strlen(msg) : 0);
}

_Noreturn void beskid_rt_panic_div_zero(void)
{
    beskid_rt_panic_cstr("division by zero");
}

_Noreturn void beskid_rt_panic_overflow(void)
{
    beskid_rt_panic_cstr("arithmetic overflow");
}

_Noreturn void beskid_rt_panic_no_match(void)
{
    beskid_rt_panic_cstr("no match arm matched");
}

_Noreturn void beskid_rt_panic_uninit(void)
{
    beskid_rt_panic_cstr("uninitialized array element");
}

_Noreturn void beskid_rt_panic_index(int64_t index, int64_t len)
{
    char text[96];
    int n = snprintf(text, sizeof text, "index out of bounds: index %" PRId64 ", length %" PRId64,
                     index, len);
    beskid_rt_panic_bytes((const uint8_t *)text, (size_t)n);
}

_Noreturn void panic(const uint8_t *msg, size_t len)
{
    if (msg == NULL)
        beskid_rt_panic_cstr("null string data");
    if (!rt_utf8_valid(msg, len))
        beskid_rt_panic_cstr("<invalid utf8>");
    beskid_rt_panic_bytes(msg, len);
}

_Noreturn void panic_str(const BeskidStr *msg)
{
    if (msg == NULL)
        beskid_rt_panic_cstr("null string handle");
    panic(msg->ptr, msg->len);
}
