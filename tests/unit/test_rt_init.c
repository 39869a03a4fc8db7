/* test_rt_init.c: process-level behaviour (runtime/rt_init.c, rt_panic.c):
 * panic output and exit status, the stack-overflow panic, re-raised faults,
 * lazy and per-thread init. Each scenario runs in a fresh copy of this
 * program (re-executed with "--child NAME"), free of cmocka's own signal
 * handlers, and the parent checks its exit status and stderr. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "beskid_rt.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

/* ---- child scenarios ---- */

static volatile int64_t never_reached = -1; /* keeps recursion finite for the compiler */

static __attribute__((noinline)) int64_t recurse(int64_t depth)
{
    volatile char frame[256];
    frame[0] = (char)depth;
    if (depth == never_reached)
        return 0;
    return recurse(depth + 1) + frame[0]; /* not a tail call */
}

/* Uninstrumented so ASan's redzones do not inflate the frame. */
static __attribute__((noinline, no_sanitize_address)) int64_t recurse_limited(int64_t depth)
{
    volatile char frame[8];
    frame[0] = (char)depth;
    return depth == 0 ? 0 : recurse_limited(depth - 1) + frame[0];
}

static void *overflow_thread(void *arg)
{
    (void)arg;
    beskid_rt_init();
    recurse(0);
    return NULL;
}

static void *quiet_thread(void *arg)
{
    (void)arg;
    beskid_rt_init();
    BeskidStr *s = beskid_rt_str_from_i64(7);
    beskid_rt_shutdown();
    return s;
}

/* On the main stack: it is at least 1 GiB, and 1,000,000 frames of 256+
 * bytes (more than 8 MiB) fit; the result goes back through 'arg'. */
static void big_stack_body(void *arg)
{
    pthread_attr_t attr;
    void *base = NULL;
    size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        pthread_attr_getstack(&attr, &base, &size);
        pthread_attr_destroy(&attr);
    }
    int *status = arg;
    *status = size >= ((size_t)1 << 30) ? 0 : 6;
    if (*status == 0 && !UNDER_ASAN)
        *status = (int)recurse_limited(1000000) & 0;
}

static void overflow_body(void *arg)
{
    (void)arg;
    recurse(0);
}

static void returning_hook(const uint8_t *msg, size_t len)
{
    (void)msg;
    if (write(1, "hook saw it\n", 12) != 12 || len == 0)
        _exit(3);
}

static int run_child(const char *name)
{
    if (strcmp(name, "div_zero") == 0) {
        beskid_rt_panic_div_zero();
    } else if (strcmp(name, "hook_returns") == 0) {
        beskid_rt_set_panic_hook(returning_hook);
        beskid_rt_panic_index(5, 2);
    } else if (strcmp(name, "long_message") == 0) {
        static char text[200000];
        memset(text, 'x', sizeof text - 1);
        beskid_rt_panic_cstr(text);
    } else if (strcmp(name, "lazy_overflow") == 0) {
        (void)str_len(str_new((const uint8_t *)"x", 1)); /* first runtime call inits */
        recurse(0);
    } else if (strcmp(name, "deep_ok") == 0) {
        beskid_rt_init();
        return (int)recurse_limited(100000) & 0; /* 100,000 frames fit in 8 MiB */
    } else if (strcmp(name, "thread_overflow") == 0) {
        beskid_rt_init();
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, (size_t)8 << 20);
        pthread_t thread;
        pthread_create(&thread, &attr, overflow_thread, NULL);
        pthread_join(thread, NULL);
    } else if (strcmp(name, "main_stack") == 0) {
        int status = 7;
        beskid_rt_run_main(big_stack_body, &status);
        return status;
    } else if (strcmp(name, "main_stack_overflow") == 0) {
        beskid_rt_run_main(overflow_body, NULL);
    } else if (strcmp(name, "thread_shutdown") == 0) {
        beskid_rt_init();
        pthread_t thread;
        void *result = NULL;
        pthread_create(&thread, NULL, quiet_thread, NULL);
        pthread_join(thread, &result);
        return beskid_rt_str_eq(result, beskid_rt_str_from_i64(7)) ? 0 : 4;
    } else if (strcmp(name, "null_write") == 0) {
        beskid_rt_init();
        volatile int *volatile far_from_stacks = (int *)(uintptr_t)16;
        *far_from_stacks = 1;
    } else if (strcmp(name, "killed") == 0) {
        beskid_rt_init();
        raise(SIGSEGV); /* not a fault: must not look like an overflow */
    } else if (strcmp(name, "write_ok") == 0) {
        BeskidStr *s = str_new((const uint8_t *)"out\n", 4);
        return syscall_write(1, s) == 4 ? 0 : 5;
    }
    return 99;
}

/* ---- parent side ---- */

typedef struct {
    int status; /* raw wait status */
    char out[512];
    char err[512];
    size_t err_len;
} ChildResult;

static size_t drain(int fd, char *buf, size_t cap)
{
    size_t len = 0;
    char sink[4096];
    for (;;) {
        ssize_t n = read(fd, sink, sizeof sink);
        if (n <= 0)
            break;
        for (ssize_t i = 0; i < n; i++, len++) {
            if (len < cap - 1)
                buf[len] = sink[i];
        }
    }
    buf[len < cap - 1 ? len : cap - 1] = '\0';
    return len;
}

static ChildResult spawn(const char *name)
{
    ChildResult r;
    memset(&r, 0, sizeof r);
    int out[2], err[2];
    assert_int_equal(pipe(out), 0);
    assert_int_equal(pipe(err), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(out[1], 1);
        dup2(err[1], 2);
        close(out[0]);
        close(err[0]);
        char *argv[] = {(char *)"test_rt_init", (char *)"--child", (char *)name, NULL};
        execv("/proc/self/exe", argv);
        _exit(127);
    }
    close(out[1]);
    close(err[1]);
    /* stderr first: the long-message child blocks until it is read. */
    r.err_len = drain(err[0], r.err, sizeof r.err);
    drain(out[0], r.out, sizeof r.out);
    close(out[0]);
    close(err[0]);
    assert_int_equal(waitpid(pid, &r.status, 0), pid);
    return r;
}

static void assert_exit(const ChildResult *r, int code)
{
    if (!WIFEXITED(r->status))
        fail_msg("child did not exit (status %#x), stderr: %s", r->status, r->err);
    assert_int_equal(WEXITSTATUS(r->status), code);
}

static void test_panic_prints_and_exits_101(void **state)
{
    (void)state;
    ChildResult r = spawn("div_zero");
    assert_exit(&r, 101);
    assert_string_equal(r.err, "panic: division by zero\n");
    assert_string_equal(r.out, "");
}

static void test_returning_hook_still_panics(void **state)
{
    (void)state;
    ChildResult r = spawn("hook_returns");
    assert_exit(&r, 101);
    assert_string_equal(r.out, "hook saw it\n");
    assert_string_equal(r.err, "panic: index out of bounds: index 5, length 2\n");
}

static void test_long_message_is_complete(void **state)
{
    (void)state;
    ChildResult r = spawn("long_message");
    assert_exit(&r, 101);
    assert_int_equal(r.err_len, 7 + 199999 + 1);
    assert_memory_equal(r.err, "panic: xxx", 10);
}

static void test_stack_overflow(void **state)
{
    (void)state;
    if (UNDER_ASAN)
        skip(); /* AddressSanitizer owns SIGSEGV and reports overflow itself */
    ChildResult r = spawn("lazy_overflow");
    assert_exit(&r, 101);
    assert_string_equal(r.err, "panic: stack overflow\n");

    r = spawn("thread_overflow");
    assert_exit(&r, 101);
    assert_string_equal(r.err, "panic: stack overflow\n");

    r = spawn("main_stack_overflow"); /* through the guard of the 1 GiB stack */
    assert_exit(&r, 101);
    assert_string_equal(r.err, "panic: stack overflow\n");
}

static void test_main_stack_is_large(void **state)
{
    (void)state;
    ChildResult r = spawn("main_stack");
    assert_exit(&r, 0);
    assert_string_equal(r.err, "");
}

static void test_deep_recursion_fits(void **state)
{
    (void)state;
    ChildResult r = spawn("deep_ok");
    assert_exit(&r, 0);
    assert_string_equal(r.err, "");
}

static void test_other_faults_are_reraised(void **state)
{
    (void)state;
    if (UNDER_ASAN)
        skip();
    ChildResult r = spawn("null_write");
    assert_true(WIFSIGNALED(r.status));
    assert_int_equal(WTERMSIG(r.status), SIGSEGV);
    assert_string_equal(r.err, "");

    r = spawn("killed");
    assert_true(WIFSIGNALED(r.status));
    assert_int_equal(WTERMSIG(r.status), SIGSEGV);
}

static void test_threads_and_lazy_init(void **state)
{
    (void)state;
    ChildResult r = spawn("thread_shutdown");
    assert_exit(&r, 0);
    r = spawn("write_ok");
    assert_exit(&r, 0);
    assert_string_equal(r.out, "out\n");
}

static void test_version_and_interop_hooks(void **state)
{
    (void)state;
    assert_int_equal(beskid_runtime_abi_version(), 2);
    assert_int_equal(BESKID_RUNTIME_ABI_VERSION, 2);
    assert_int_equal(sizeof(BeskidTypeDesc), 40);
    assert_int_equal(sizeof(BeskidStr), 16);
    assert_int_equal(sizeof(BeskidArray), 24);
    assert_int_equal(test_bytes_len(), 22);
    assert_memory_equal((const void *)(uintptr_t)test_bytes_ptr(), "Hello from libc.write\n", 22);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--child") == 0)
        return run_child(argv[2]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_panic_prints_and_exits_101),
        cmocka_unit_test(test_returning_hook_still_panics),
        cmocka_unit_test(test_long_message_is_complete),
        cmocka_unit_test(test_stack_overflow),
        cmocka_unit_test(test_deep_recursion_fits),
        cmocka_unit_test(test_main_stack_is_large),
        cmocka_unit_test(test_other_faults_are_reraised),
        cmocka_unit_test(test_threads_and_lazy_init),
        cmocka_unit_test(test_version_and_interop_hooks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
