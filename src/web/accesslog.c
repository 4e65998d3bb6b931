/*
 * accesslog.c - the access log in blocks (see accesslog.h).
 *
 * A line is formatted on the request's thread, outside the lock, with the
 * date string kept per thread for the second it names (strftime per line
 * was a measurable part of a read); only the copy into the buffer, and a
 * write when the buffer is full, happen under the lock.
 */
#include "accesslog.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/limits.h"
#include "base/mem.h"

static void write_locked(struct alog *l)
{
	if (l->len) {
		/* a failed write of the log does not stop the server: the lines
		 * are dropped, as a full disk would drop them */
		fwrite(l->buf, 1, l->len, l->out);
		fflush(l->out);
		l->len = 0;
	}
}

static void *flusher(void *arg)
{
	struct alog *l = arg;
	pthread_mutex_lock(&l->lock);
	while (!l->stopping) {
		struct timespec at;
		clock_gettime(CLOCK_MONOTONIC, &at);
		at.tv_sec += 1;
		int rc;
		do
			rc = pthread_cond_timedwait(&l->wake, &l->lock, &at);
		while (rc != ETIMEDOUT && !l->stopping);
		write_locked(l);
	}
	pthread_mutex_unlock(&l->lock);
	return NULL;
}

void alog_start(struct alog *l, FILE *out)
{
	pthread_condattr_t ca;

	memset(l, 0, sizeof(*l));
	l->out = out;
	l->buf = xmalloc(JY_ACCESS_LOG_BUFFER_BYTES);
	pthread_mutex_init(&l->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&l->wake, &ca);
	pthread_condattr_destroy(&ca);
	/* without the thread the log is still written, when the buffer fills
	 * and at the end */
	l->running = pthread_create(&l->flusher, NULL, flusher, l) == 0;
}

void alog_request(struct alog *l, const char *remote, const char *user, const char *method,
		  const char *uri, int status, size_t bytes, long long ns)
{
	static _Thread_local time_t when_sec = -1;
	static _Thread_local char when[32];
	char line[512];
	time_t now = time(NULL);

	if (now != when_sec) {
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		when_sec = now;
	}
	long long us = ns / 1000;
	int n = snprintf(line, sizeof(line), "%s %s %s \"%s %.200s\" %d %zu %lld.%02lldms\n", when,
			 remote, user, method, uri, status, bytes, us / 1000, us % 1000 / 10);
	if (n < 0)
		return;
	size_t len = (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1;
	if (len == sizeof(line) - 1)
		line[len - 1] = '\n'; /* cut, but still a line */
	pthread_mutex_lock(&l->lock);
	assert(len <= JY_ACCESS_LOG_BUFFER_BYTES);
	if (l->len + len > JY_ACCESS_LOG_BUFFER_BYTES)
		write_locked(l);
	memcpy(l->buf + l->len, line, len);
	l->len += len;
	pthread_mutex_unlock(&l->lock);
}

void alog_flush(struct alog *l)
{
	pthread_mutex_lock(&l->lock);
	write_locked(l);
	pthread_mutex_unlock(&l->lock);
}

void alog_stop(struct alog *l)
{
	pthread_mutex_lock(&l->lock);
	l->stopping = 1;
	pthread_cond_signal(&l->wake);
	pthread_mutex_unlock(&l->lock);
	if (l->running)
		pthread_join(l->flusher, NULL);
	alog_flush(l);
	pthread_cond_destroy(&l->wake);
	pthread_mutex_destroy(&l->lock);
	free(l->buf);
	l->buf = NULL;
}
