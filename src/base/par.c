/*
 * par.c - threads and phase timing (see par.h).
 */
#include "par.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "limits.h"
#include "mem.h"

static atomic_int busy; /* threads working outside par_run (par_busy) */

static int configured_threads(void)
{
	const char *env = getenv("JIPYO_THREADS");
	long n;

	if (env && *env) {
		char *end;
		n = strtol(env, &end, 10);
		if (*end == '\0' && n >= 1 && n <= 64)
			return (int)n;
	}
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

int par_threads(void)
{
	int n = configured_threads() - atomic_load(&busy);
	return n < 1 ? 1 : n;
}

int par_threads_for(size_t rows)
{
	return rows < JY_PAR_ROWS_MIN ? 1 : par_threads();
}

int par_threads_total(void)
{
	return configured_threads();
}

void par_busy(int delta)
{
	atomic_fetch_add(&busy, delta);
}

struct job {
	void (*fn)(void *);
	void *arg;
};

static void *job_main(void *p)
{
	struct job *j = p;
	j->fn(j->arg);
	return NULL;
}

void par_run(int n, void (*fn)(void *), void *args, size_t stride)
{
	pthread_t *threads;
	struct job *jobs;
	int *started;

	if (n <= 1) {
		if (n == 1)
			fn(args);
		return;
	}
	threads = xcalloc((size_t)n, sizeof(*threads));
	jobs = xcalloc((size_t)n, sizeof(*jobs));
	started = xcalloc((size_t)n, sizeof(*started));
	for (int i = 1; i < n; i++) {
		jobs[i] = (struct job){fn, (char *)args + (size_t)i * stride};
		started[i] = pthread_create(&threads[i], NULL, job_main, &jobs[i]) == 0;
	}
	fn(args);
	for (int i = 1; i < n; i++) {
		if (started[i])
			pthread_join(threads[i], NULL);
		else
			fn(jobs[i].arg);
	}
	free(started);
	free(jobs);
	free(threads);
}

struct par_for_job {
	void (*fn)(void *ctx, size_t task);
	void *ctx;
	size_t n_tasks;
	atomic_size_t next;
};

static void par_for_worker(void *p)
{
	struct par_for_job *j = *(struct par_for_job **)p;

	for (size_t i; (i = atomic_fetch_add(&j->next, 1)) < j->n_tasks;)
		j->fn(j->ctx, i);
}

void par_for(size_t n_tasks, void (*fn)(void *ctx, size_t task), void *ctx)
{
	struct par_for_job job = {fn, ctx, n_tasks, 0};
	int n = par_threads();

	if ((size_t)n > n_tasks)
		n = n_tasks ? (int)n_tasks : 1;
	struct par_for_job **args = xmalloc(sizeof(*args) * (size_t)n);
	for (int i = 0; i < n; i++)
		args[i] = &job;
	par_run(n, par_for_worker, args, sizeof(*args));
	free(args);
}

static double seconds(clockid_t clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void par_timing(const char *what)
{
	static int enabled = -1;
	static double wall, cpu;
	double now_wall, now_cpu;

	if (enabled < 0) {
		const char *env = getenv("JIPYO_TIMING");
		enabled = env && *env;
	}
	if (!enabled)
		return;
	now_wall = seconds(CLOCK_MONOTONIC);
	now_cpu = seconds(CLOCK_PROCESS_CPUTIME_ID);
	if (what && wall > 0)
		fprintf(stderr, "timing: %-36s %7.3f s wall %7.3f s cpu\n", what, now_wall - wall,
			now_cpu - cpu);
	wall = now_wall;
	cpu = now_cpu;
}
