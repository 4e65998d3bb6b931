/*
 * diag.c - printing input problems (see diag.h).
 */
#include "diag.h"

#include <stdarg.h>

void diag_add(struct diag *d, const char *file, long line, long col, const char *field,
	      const char *fmt, ...)
{
	va_list ap;

	d->count++;
	if (!d->out || d->count > JY_DIAG_MAX)
		return;
	if (file) {
		fputs(file, d->out);
		if (line > 0)
			fprintf(d->out, ":%ld", line);
		if (col > 0)
			fprintf(d->out, ":%ld", col);
		fputs(": ", d->out);
	}
	if (field && *field)
		fprintf(d->out, "%s: ", field);
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
	fputc('\n', d->out);
}
