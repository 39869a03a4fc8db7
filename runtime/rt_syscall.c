/* rt_syscall.c: raw fd I/O (ABI syscall_write, syscall_read).
 * Unbuffered write(2)/read(2), so program output interleaves correctly with
 * the JIT's result line and with panics. Failures are values (-1, ""), never
 * panics, except bad string handles and non-UTF-8 input. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "rt_internal.h"

/* One read never allocates more than this: read(2) may return fewer bytes
 * than asked anyway, and a huge 'max_bytes' must not reserve huge memory. */
#define READ_CHUNK_MAX ((size_t)1 << 20)

int64_t syscall_write(int64_t fd, const BeskidStr *s)
{
    rt_ensure_init();
    if (s == NULL)
        beskid_rt_panic_cstr("null string handle");
    if (s->ptr == NULL)
        beskid_rt_panic_cstr("null string data");
    if (s->len == 0)
        return 0;
    if (fd < 0 || fd > INT_MAX)
        return -1;
    size_t done = 0;
    while (done < s->len) {
        ssize_t n = write((int)fd, s->ptr + done, s->len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        done += (size_t)n;
    }
    return (int64_t)done;
}

BeskidStr *syscall_read(int64_t fd, int64_t max_bytes)
{
    rt_ensure_init();
    static const uint8_t empty[1] = {0};
    if (max_bytes <= 0 || fd < 0 || fd > INT_MAX)
        return rt_str_wrap(empty, 0);
    size_t capacity = (uint64_t)max_bytes < READ_CHUNK_MAX ? (size_t)max_bytes : READ_CHUNK_MAX;
    BeskidStr *s = rt_str_alloc(capacity);
    uint8_t *buffer = (uint8_t *)(s + 1);
    ssize_t n;
    do
        n = read((int)fd, buffer, capacity);
    while (n < 0 && errno == EINTR);
    if (n <= 0)
        return rt_str_wrap(empty, 0);
    size_t len = (size_t)n;
    if (!rt_utf8_valid(buffer, len))
        beskid_rt_panic_cstr("invalid utf-8 string data");
    /* Do not let a short line pin a large buffer. */
    if (len < capacity / 2)
        return rt_str_copy(buffer, len);
    s->len = len;
    return s;
}
