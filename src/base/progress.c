/*
 * progress.c - the progress line (see progress.h): one thread that sleeps
 * on a condition variable, so that progress_end returns at once.
 */
#include "progress.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	int running, stop, shown;
	const char *what;
	struct timespec t0;
} pg = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

static double since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void *run(void *unused)
{
	(void)unused;
	pthread_mutex_lock(&pg.lock);
	while (!pg.stop) {
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += 250000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&pg.wake, &pg.lock, &until);
		double s = since(&pg.t0);
		if (pg.stop || s < 1.0)
			continue;
		fputs("\r\033[K", stderr);
		msg_print(stderr, M_PROGRESS, pg.what, s);
		fflush(stderr);
		pg.shown = 1;
	}
	pthread_mutex_unlock(&pg.lock);
	return NULL;
}

static int wanted(void)
{
	const char *v = getenv("JIPYO_PROGRESS");
	if (v && *v)
		return v[0] != '0';
	return isatty(STDERR_FILENO);
}

void progress_start(const char *what)
{
	pthread_condattr_t ca;

	if (pg.running || !wanted())
		return;
	pg.what = what;
	pg.stop = pg.shown = 0;
	clock_gettime(CLOCK_MONOTONIC, &pg.t0);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&pg.wake, &ca);
	pthread_condattr_destroy(&ca);
	pg.running = pthread_create(&pg.thread, NULL, run, NULL) == 0;
}

void progress_phase(const char *what)
{
	pthread_mutex_lock(&pg.lock);
	pg.what = what;
	pthread_mutex_unlock(&pg.lock);
}

void progress_end(void)
{
	if (!pg.running)
		return;
	pthread_mutex_lock(&pg.lock);
	pg.stop = 1;
	pthread_cond_signal(&pg.wake);
	pthread_mutex_unlock(&pg.lock);
	pthread_join(pg.thread, NULL);
	pg.running = 0;
	if (pg.shown)
		fputs("\r\033[K", stderr);
}
