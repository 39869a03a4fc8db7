/* rt_init.c: runtime start-up (collector, threads) and the stack-overflow panic.
 * A SIGSEGV/SIGBUS in or just below a known thread stack panics `stack overflow`
 * from an alternate signal stack; other faults go to the previous handler or
 * are re-raised. Not installed under AddressSanitizer, which owns SIGSEGV.
 * beskid_rt_run_main runs the program on a 1 GiB lazily committed stack.
 * Global state: 'rt_initialized', 'stacks' (read by the signal handler),
 * 'previous_segv'/'previous_bus', and the per-thread 'this_thread'. */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rt_internal.h"

#if defined(__SANITIZE_ADDRESS__)
#define RT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RT_ASAN 1
#endif
#endif
#ifndef RT_ASAN
#define RT_ASAN 0
#endif

bool rt_initialized;

/* A fault this far below a stack's lowest address still counts as overflow:
 * one frame with large locals can skip past the guard page or, on the main
 * thread, the kernel's 1 MiB stack guard gap. */
#define GUARD_SPAN ((uintptr_t)1 << 20)
#define ALT_STACK_SIZE ((size_t)64 * 1024)
#define MAX_STACKS 64
/* The main stack (beskid_rt_run_main): 1 GiB reserved, committed as used. The
 * guard below it is larger than a page so one big frame cannot step over it
 * into a neighbouring mapping. */
#define MAIN_STACK_SIZE ((size_t)1 << 30)
#define MAIN_GUARD_SIZE ((size_t)1 << 20)
#define INITIAL_HEAP_SIZE ((size_t)6 << 20) /* measured: docs/decisions.md */

/* Bounds of every thread prepared by beskid_rt_init; lo == 0 marks a free
 * entry. Plain words so the signal handler can read them without locks. */
static struct {
    volatile uintptr_t lo, hi;
} stacks[MAX_STACKS];
static pthread_mutex_t stacks_lock = PTHREAD_MUTEX_INITIALIZER;

static struct sigaction previous_segv, previous_bus;

static _Thread_local struct {
    bool ready;
    bool is_first;           /* ran the process-wide init: never undone */
    bool registered_with_gc; /* we registered it, so shutdown unregisters */
    int stack_index;         /* into 'stacks', or -1 */
    void *alt_stack;         /* mmap'd by us, or NULL */
    size_t alt_stack_size;
} this_thread = {.stack_index = -1};

static bool is_stack_fault(uintptr_t addr)
{
    for (int i = 0; i < MAX_STACKS; i++) {
        uintptr_t lo = stacks[i].lo, hi = stacks[i].hi;
        if (lo != 0 && addr < hi && addr + GUARD_SPAN >= lo)
            return true;
    }
    return false;
}

/* Async-signal-safe: only write, _exit, sigaction, raise. */
static void on_fatal_signal(int sig, siginfo_t *info, void *context)
{
    /* si_code > 0: raised by the kernel for a real fault, not by kill(2). */
    if (info != NULL && info->si_code > 0 && is_stack_fault((uintptr_t)info->si_addr)) {
        static const char message[] = "panic: stack overflow\n";
        ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
        (void)ignored;
        _exit(101);
    }
    const struct sigaction *previous = sig == SIGSEGV ? &previous_segv : &previous_bus;
    if ((previous->sa_flags & SA_SIGINFO) && previous->sa_sigaction != NULL) {
        previous->sa_sigaction(sig, info, context);
        return;
    }
    if (!(previous->sa_flags & SA_SIGINFO) && previous->sa_handler != SIG_DFL &&
        previous->sa_handler != SIG_IGN) {
        previous->sa_handler(sig);
        return;
    }
    /* Default action: pending until this handler returns, then fatal. */
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    raise(sig);
}

static void install_fault_handlers(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_fatal_signal;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    sigaction(SIGSEGV, &action, &previous_segv);
    sigaction(SIGBUS, &action, &previous_bus);
}

static void record_thread_stack(void)
{
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0)
        return;
    void *base = NULL;
    size_t size = 0;
    int rc = pthread_attr_getstack(&attr, &base, &size);
    pthread_attr_destroy(&attr);
    if (rc != 0 || base == NULL)
        return;
    pthread_mutex_lock(&stacks_lock);
    for (int i = 0; i < MAX_STACKS; i++) {
        if (stacks[i].lo == 0) {
            stacks[i].hi = (uintptr_t)base + size;
            stacks[i].lo = (uintptr_t)base;
            this_thread.stack_index = i;
            break;
        }
    }
    pthread_mutex_unlock(&stacks_lock);
}

/* The handler cannot run on the overflowed stack itself. A host's own
 * alternate stack is kept. */
static void ensure_alt_stack(void)
{
    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && !(current.ss_flags & SS_DISABLE))
        return;
    size_t size = ALT_STACK_SIZE;
    if ((size_t)SIGSTKSZ > size)
        size = (size_t)SIGSTKSZ;
    void *memory = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED)
        return;
    stack_t alt = {.ss_sp = memory, .ss_size = size, .ss_flags = 0};
    if (sigaltstack(&alt, NULL) != 0) {
        munmap(memory, size);
        return;
    }
    this_thread.alt_stack = memory;
    this_thread.alt_stack_size = size;
}

static void prepare_thread(void)
{
    if (!GC_thread_is_registered()) {
        struct GC_stack_base base;
        if (GC_get_stack_base(&base) == GC_SUCCESS && GC_register_my_thread(&base) == GC_SUCCESS)
            this_thread.registered_with_gc = true;
    }
    if (!RT_ASAN) {
        ensure_alt_stack();
        record_thread_stack();
    }
    rt_alloc_thread_start();
    this_thread.ready = true;
}

void beskid_rt_init(void)
{
    if (!rt_initialized) {
        GC_INIT();
        rt_alloc_init();
        /* Boehm starts with a heap under 1 MiB and collects after every
         * ~100 KiB of allocation; a few MiB more cut collections ~30x
         * (6 MiB, not 8: the heap is most of a small program's peak RSS).
         * GC_INITIAL_HEAP_SIZE (read by Boehm itself) overrides this. */
        if (getenv("GC_INITIAL_HEAP_SIZE") == NULL)
            GC_expand_hp(INITIAL_HEAP_SIZE);
        /* Grow the heap more eagerly than Boehm's default (3): fewer
         * collections, each of which marks every live object (the collector
         * is not generational). Measured (docs/decisions.md, "Collector
         * divisor 2"): 10-20 % less time where a large structure stays live
         * while garbage churns (trees of node objects, persistent maps),
         * peak RSS of trees still under C's. GC_FREE_SPACE_DIVISOR overrides
         * it. */
        if (getenv("GC_FREE_SPACE_DIVISOR") == NULL)
            GC_set_free_space_divisor(2);
        /* Lets later threads register themselves (prepare_thread). */
        GC_allow_register_threads();
        /* Boehm's warnings (e.g. about large blocks) would corrupt a
         * program's stderr; BESKID_GC_WARNINGS=1 keeps them for debugging. */
        const char *warnings = getenv("BESKID_GC_WARNINGS");
        if (warnings == NULL || warnings[0] == '\0' || warnings[0] == '0')
            GC_set_warn_proc(GC_ignore_warn_proc);
        rt_roots_install();
        /* After GC_INIT: the collector probes memory with its own temporary
         * SIGSEGV handlers while it starts. */
        if (!RT_ASAN)
            install_fault_handlers();
        rt_initialized = true;
        this_thread.is_first = true;
    }
    if (!this_thread.ready)
        prepare_thread();
}

void beskid_rt_shutdown(void)
{
    /* The first thread keeps its set-up: code after the entry (atexit
     * handlers, a C host) may still panic or overflow. */
    if (!this_thread.ready || this_thread.is_first)
        return;
    if (this_thread.stack_index >= 0) {
        pthread_mutex_lock(&stacks_lock);
        stacks[this_thread.stack_index].lo = 0;
        stacks[this_thread.stack_index].hi = 0;
        pthread_mutex_unlock(&stacks_lock);
        this_thread.stack_index = -1;
    }
    if (this_thread.alt_stack != NULL) {
        stack_t off = {.ss_sp = NULL, .ss_size = 0, .ss_flags = SS_DISABLE};
        if (sigaltstack(&off, NULL) == 0)
            munmap(this_thread.alt_stack, this_thread.alt_stack_size);
        this_thread.alt_stack = NULL;
    }
    rt_alloc_thread_end();
    if (this_thread.registered_with_gc) {
        GC_unregister_my_thread();
        this_thread.registered_with_gc = false;
    }
    this_thread.ready = false;
}

typedef struct MainCall {
    BeskidMainBody body;
    void *arg;
} MainCall;

static void *main_thread(void *p)
{
    const MainCall *call = p;
    beskid_rt_init(); /* this thread: collector, alternate stack, bounds */
    call->body(call->arg);
    beskid_rt_shutdown();
    return NULL;
}

void beskid_rt_run_main(BeskidMainBody body, void *arg)
{
    beskid_rt_init();
    /* Reserved, not committed: MAP_NORESERVE asks for no swap up front, and
     * untouched pages cost nothing. The guard is PROT_NONE at the low end,
     * where the stack grows to. */
    size_t total = MAIN_STACK_SIZE + MAIN_GUARD_SIZE;
    char *memory = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK,
                        -1, 0);
    if (memory == MAP_FAILED) {
        body(arg);
        return;
    }
    pthread_attr_t attr;
    pthread_t thread;
    MainCall call = {body, arg};
    bool started = mprotect(memory, MAIN_GUARD_SIZE, PROT_NONE) == 0 && pthread_attr_init(&attr) == 0;
    if (started) {
        started = pthread_attr_setstack(&attr, memory + MAIN_GUARD_SIZE, MAIN_STACK_SIZE) == 0 &&
                  pthread_create(&thread, &attr, main_thread, &call) == 0;
        pthread_attr_destroy(&attr);
    }
    if (!started) {
        munmap(memory, total);
        body(arg);
        return;
    }
    pthread_join(thread, NULL);
    munmap(memory, total);
}
