/* rt_event.c: event handler lists (ABI event_*).
 * An EventState is a fixed-capacity vector of closure pointers on the scanned
 * heap, created by the first subscription. Duplicates are allowed, order is
 * kept, and removal takes the first pointer-equal entry. */
#include <stddef.h>
#include <string.h>

#include "abi/abi_layout.h"
#include "rt_internal.h"

struct EventState {
    size_t len;
    size_t cap;
    void *handlers[];
};
_Static_assert(offsetof(EventState, len) == ABI_EVENT_LEN, "event len");
_Static_assert(offsetof(EventState, cap) == ABI_EVENT_CAP, "event cap");
_Static_assert(offsetof(EventState, handlers) == ABI_EVENT_HANDLERS, "event handlers");

size_t event_subscribe(EventState **slot, void *handler, size_t capacity)
{
    rt_ensure_init();
    if (slot == NULL)
        beskid_rt_panic_cstr("null event slot");
    if (handler == NULL)
        beskid_rt_panic_cstr("null event handler");
    EventState *state = *slot;
    if (state == NULL) {
        if (capacity == 0)
            beskid_rt_panic_cstr("event capacity must be positive");
        if (capacity > (PTRDIFF_MAX - sizeof(EventState)) / sizeof(void *))
            beskid_rt_panic_cstr("out of memory");
        state = rt_alloc_scanned(sizeof(EventState) + capacity * sizeof(void *));
        state->cap = capacity;
        *slot = state;
    }
    if (state->len >= state->cap)
        beskid_rt_panic_cstr("event capacity exceeded");
    state->handlers[state->len++] = handler;
    return state->len;
}

size_t event_unsubscribe_first(EventState **slot, void *handler)
{
    rt_ensure_init();
    if (slot == NULL || handler == NULL || *slot == NULL)
        return 0;
    EventState *state = *slot;
    for (size_t i = 0; i < state->len; i++) {
        if (state->handlers[i] == handler) {
            memmove(&state->handlers[i], &state->handlers[i + 1],
                    (state->len - i - 1) * sizeof(void *));
            state->handlers[--state->len] = NULL;
            return 1;
        }
    }
    return 0;
}

size_t event_len(EventState *state)
{
    rt_ensure_init();
    return state ? state->len : 0;
}

void *event_get_handler(EventState *state, size_t idx)
{
    rt_ensure_init();
    if (state == NULL || idx >= state->len)
        return NULL;
    return state->handlers[idx];
}
