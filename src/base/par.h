/*
 * par.h - running work on several threads, and timing phases of a command.
 *
 * The machine Jipyo is measured on has two cores; `check` and `import`
 * split their biggest loops over par_threads() threads. Every split keeps
 * the output byte for byte what one thread produces (see docs/DESIGN.md).
 */
#ifndef JY_PAR_H
#define JY_PAR_H

#include <stddef.h>

/* Threads to use: JIPYO_THREADS when set to 1..64, else the online CPUs
 * (at most 64), less the threads marked busy (at least 1). JIPYO_THREADS=1
 * runs everything on the calling thread. */
int par_threads(void);
/* par_threads() for work over `rows` rows: 1 below JY_PAR_ROWS_MIN. */
int par_threads_for(size_t rows);
/* The same without subtracting the busy threads. */
int par_threads_total(void);
/* A thread started outside par_run marks itself busy (+1) while it works
 * and idle (-1) when done, so that work split meanwhile leaves it its core. */
void par_busy(int delta);

/* Calls fn(args + i * stride) for i in 0..n-1: n-1 new threads and the
 * calling thread, and returns when all are done. A thread that cannot be
 * created runs its share on the calling thread afterwards. */
void par_run(int n, void (*fn)(void *), void *args, size_t stride);

/* Calls fn(ctx, i) once for every i in 0..n_tasks-1, on par_threads()
 * threads taking the next task as each becomes free; returns when all are
 * done. fn must be safe to run on several tasks at once. */
void par_for(size_t n_tasks, void (*fn)(void *ctx, size_t task), void *ctx);

/* With JIPYO_TIMING set, prints "timing: WHAT W s wall C s cpu" to stderr:
 * wall-clock seconds and CPU seconds of the process (all threads) since the
 * previous call (what == NULL only restarts the clocks). That is how
 * benchmarks tell loading from checking. Otherwise does nothing. */
void par_timing(const char *what);

#endif
