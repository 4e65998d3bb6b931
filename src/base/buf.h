/*
 * buf.h - a growable byte string, always NUL-terminated.
 *
 * The owner calls buf_release(); buf_detach() hands the bytes to the caller
 * (free() them). Appends abort on allocation failure, like xmalloc.
 */
#ifndef JY_BUF_H
#define JY_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data; /* never NULL after buf_init */
	size_t len;
	size_t cap;
};

void buf_init(struct buf *b);
void buf_release(struct buf *b);
void buf_reset(struct buf *b); /* keeps the storage */
char *buf_detach(struct buf *b);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* Appends s then pads with spaces to `width` terminal columns (see utf8.h). */
void buf_add_padded(struct buf *b, const char *s, int width, int align_right);

#endif
