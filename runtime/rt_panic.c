/* rt_panic.c: the single panic routine and every fixed-message panic.
 * Unless a test runner's hook takes control first (longjmp), a panic flushes
 * stdio, writes "panic: {message}\n" to fd 2 in one write, and _exits 101.
 * Global state: 'panic_hook', set by beskid_rt_set_panic_hook (NULL = none).
 * The stack-overflow panic lives in rt_init.c (it runs in a signal handler). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "rt_internal.h"

static BeskidPanicHook panic_hook;

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
    BeskidPanicHook hook = panic_hook;
    if (hook != NULL)
        hook(msg, len);
    /* A C host's buffered stdio output happened before the panic; keep that
     * order (the runtime's own writes are unbuffered). */
    fflush(NULL);
    struct iovec iov[3] = {
        {.iov_base = (void *)"panic: ", .iov_len = 7},
        {.iov_base = (void *)msg, .iov_len = len},
        {.iov_base = (void *)"\n", .iov_len = 1},
    };
    write_line(iov, 3);
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
