/*
 * accesslog.h - `jipyo serve`'s access log: a line per request (UTC time,
 * client address, user, method and URI, status, bytes, milliseconds),
 * kept in a buffer and written in blocks: when the buffer is full, at least
 * once a second by a thread of its own, and when the log is stopped. A
 * write(2) per request was a tenth of a cached read's time (bench/RESULTS.md).
 * Lines of several threads never mix: a line is copied whole under a lock.
 * What is lost if the process dies: at most the last second's lines.
 */
#ifndef JY_WEB_ACCESSLOG_H
#define JY_WEB_ACCESSLOG_H

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

struct alog {
	FILE *out;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t flusher;
	int running, stopping;
	char *buf;
	size_t len;
};

/* Starts the log on out (which stays the caller's) and its flusher. */
void alog_start(struct alog *l, FILE *out);
/* Adds a line; the time is now's, ns the nanoseconds the request took. */
void alog_request(struct alog *l, const char *remote, const char *user, const char *method,
		  const char *uri, int status, size_t bytes, long long ns);
/* Writes what is buffered now. */
void alog_flush(struct alog *l);
/* Writes what is left and stops the flusher. */
void alog_stop(struct alog *l);

#endif
