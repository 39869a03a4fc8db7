/* support/timing.h: phase timings for profiling start-up (`BESKID_TIMINGS=1
 * beskid run …`). The CLI owns the Timings and passes it down; a NULL or
 * disabled Timings makes every mark a no-op. */
#ifndef BESKID_SUPPORT_TIMING_H
#define BESKID_SUPPORT_TIMING_H
#include <stdio.h>

typedef struct Timings {
    FILE *out; /* NULL: disabled */
    double last_ms;
} Timings;

/* Prints `timing: {phase} {ms}` (time since the previous mark) on t->out;
 * a NULL 'phase' only sets the mark. */
void timings_mark(Timings *t, const char *phase);
#endif
