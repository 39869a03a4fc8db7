/* support/timing.c: monotonic phase timings. */
#include "support/timing.h"

#include <time.h>

void timings_mark(Timings *t, const char *phase)
{
    if (!t || !t->out)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double now = (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
    if (phase)
        fprintf(t->out, "timing: %-12s %7.3f ms\n", phase, now - t->last_ms);
    t->last_ms = now;
}
