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

/* Appends s (at most max bytes of it) to line at *n, within cap. */
static void put(char *line, size_t *n, size_t cap, const char *s, size_t max)
{
	size_t len = strnlen(s, max);
	if (len > cap - *n)
		len = cap - *n;
	memcpy(line + *n, s, len);
	*n += len;
}

/* Appends v in decimal, at least width digits. */
static void put_num(char *line, size_t *n, size_t cap, unsigned long long v, int width)
{
	char d[24];
	int k = 0;
	do
		d[k++] = (char)('0' + v % 10);
	while ((v /= 10) || k < width);
	while (k && *n < cap)
		line[(*n)++] = d[--k];
}

void alog_request(struct alog *l, const char *remote, const char *user, const char *method,
		  const char *uri, int status, size_t bytes, long long ns)
{
	static _Thread_local time_t when_sec = -1;
	static _Thread_local char when[32];
	char line[512];
	size_t n = 0, cap = sizeof(line) - 1; /* room for the line end */
	time_t now = time(NULL);

	if (now != when_sec) {
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		when_sec = now;
	}
	/* as "%s %s %s \"%s %.200s\" %d %zu %.2fms" would print it (truncated
	 * to hundredths), without printf's cost on every request */
	unsigned long long us = ns > 0 ? (unsigned long long)ns / 1000 : 0;
	put(line, &n, cap, when, sizeof(when));
	put(line, &n, cap, " ", 1);
	put(line, &n, cap, remote, 64);
	put(line, &n, cap, " ", 1);
	put(line, &n, cap, user, 128);
	put(line, &n, cap, " \"", 2);
	put(line, &n, cap, method, 16);
	put(line, &n, cap, " ", 1);
	put(line, &n, cap, uri, 200);
	put(line, &n, cap, "\" ", 2);
	put_num(line, &n, cap, status > 0 ? (unsigned long long)status : 0, 1);
	put(line, &n, cap, " ", 1);
	put_num(line, &n, cap, bytes, 1);
	put(line, &n, cap, " ", 1);
	put_num(line, &n, cap, us / 1000, 1);
	put(line, &n, cap, ".", 1);
	put_num(line, &n, cap, us % 1000 / 10, 2);
	put(line, &n, cap, "ms", 2);
	line[n++] = '\n';
	pthread_mutex_lock(&l->lock);
	assert(n <= JY_ACCESS_LOG_BUFFER_BYTES);
	if (l->len + n > JY_ACCESS_LOG_BUFFER_BYTES)
		write_locked(l);
	memcpy(l->buf + l->len, line, n);
	l->len += n;
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
