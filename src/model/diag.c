/*
 * diag.c - input problems as items, printed and/or kept (see diag.h).
 */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

void diag_init(struct diag *d, FILE *out, int keep)
{
	memset(d, 0, sizeof(*d));
	d->out = out;
	d->keep = keep;
}

void diag_release(struct diag *d)
{
	for (size_t i = 0; i < d->n_items; i++)
		free(d->items[i].message);
	free(d->items);
	d->items = NULL;
	d->n_items = d->cap_items = 0;
}

void diag_print_item(const struct diag_item *it, FILE *out)
{
	if (it->file) {
		fputs(it->file, out);
		if (it->line > 0)
			fprintf(out, ":%ld", it->line);
		if (it->col > 0)
			fprintf(out, ":%ld", it->col);
		fputs(": ", out);
	}
	if (it->field && *it->field)
		fprintf(out, "%s: ", it->field);
	fputs(it->message, out);
	fputc('\n', out);
}

static void add(struct diag *d, const char *code, const char *file, long line, long col,
		const char *field, const char *fmt, va_list ap)
{
	d->count++;
	if ((!d->out && !d->keep) || d->count > JY_DIAG_MAX)
		return;
	struct diag_item it = {file, line, col, field, code, NULL};
	va_list again;
	va_copy(again, ap);
	int len = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	it.message = xmalloc(len > 0 ? (size_t)len + 1 : 1);
	if (len > 0)
		vsnprintf(it.message, (size_t)len + 1, fmt, ap);
	else
		it.message[0] = '\0';
	if (d->out)
		diag_print_item(&it, d->out);
	if (!d->keep) {
		free(it.message);
		return;
	}
	XGROW(d->items, d->cap_items, d->n_items + 1);
	d->items[d->n_items++] = it;
}

void diag_add(struct diag *d, const char *file, long line, long col, const char *field,
	      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, "invalid", file, line, col, field, fmt, ap);
	va_end(ap);
}

void diag_add_code(struct diag *d, const char *code, const char *file, long line, long col,
		   const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, code, file, line, col, field, fmt, ap);
	va_end(ap);
}

void diag_msg(struct diag *d, const char *code, const char *file, long line, long col,
	      const char *field, enum msg_id id, ...)
{
	va_list ap;
	va_start(ap, id);
	add(d, code ? code : "invalid", file, line, col, field, msg(id), ap);
	va_end(ap);
}
