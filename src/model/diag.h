/*
 * diag.h - collecting input problems with their locations.
 *
 * Validation reports every problem it finds (up to a limit) rather than
 * stopping at the first, each as "file:line:column: field: message".
 */
#ifndef JY_DIAG_H
#define JY_DIAG_H

#include <stdio.h>

#ifndef JY_DIAG_MAX
#define JY_DIAG_MAX 50 /* enough to fix a batch; more is noise */
#endif

struct diag {
	FILE *out; /* may be NULL: count only */
	int count;
};

void diag_add(struct diag *d, const char *file, long line, long col, const char *field,
	      const char *fmt, ...) __attribute__((format(printf, 6, 7)));

#endif
