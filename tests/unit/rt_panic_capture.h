/* tests/unit/rt_panic_capture.h: ASSERT_PANICS(stmt, "message") for runtime
 * unit tests — installs a panic hook that records the message and longjmps
 * back, so a test can pin the exact panic text without the process exiting.
 * Include after <setjmp.h>, <string.h>, <cmocka.h> and "beskid_rt.h". */
#ifndef BESKID_TESTS_RT_PANIC_CAPTURE_H
#define BESKID_TESTS_RT_PANIC_CAPTURE_H

static jmp_buf panic_jump;
static char panic_message[256];

static void catch_panic(const uint8_t *msg, size_t len)
{
    if (len >= sizeof panic_message)
        len = sizeof panic_message - 1;
    memcpy(panic_message, msg, len);
    panic_message[len] = '\0';
    longjmp(panic_jump, 1);
}

/* Runs 'stmt', which must panic with exactly 'expected'. */
#define ASSERT_PANICS(stmt, expected)                                   \
    do {                                                                \
        panic_message[0] = '\0';                                        \
        beskid_rt_set_panic_hook(catch_panic);                          \
        if (setjmp(panic_jump) == 0) {                                  \
            stmt;                                                       \
            beskid_rt_set_panic_hook(NULL);                             \
            fail_msg("no panic from: %s", #stmt);                       \
        }                                                               \
        beskid_rt_set_panic_hook(NULL);                                 \
        assert_string_equal(panic_message, expected);                   \
    } while (0)
#endif
