/* support/check.h: assertions for compiler bugs (never for user input).
 * A failed check prints file:line and aborts, like QBE's die(). These are
 * the only functions below the CLI that write to stderr or stop the process. */
#ifndef BESKID_SUPPORT_CHECK_H
#define BESKID_SUPPORT_CHECK_H

_Noreturn void bsk_die(const char *file, int line, const char *what);
/* malloc failed: not a bug, but nothing below the CLI can go on either. */
_Noreturn void bsk_out_of_memory(void);

#define BSK_ASSERT(cond) ((cond) ? (void)0 : bsk_die(__FILE__, __LINE__, "assertion failed: " #cond))
#define BSK_UNREACHABLE() bsk_die(__FILE__, __LINE__, "unreachable")
#endif
