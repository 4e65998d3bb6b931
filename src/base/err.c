/*
 * err.c - filling and printing struct jy_err (see err.h).
 */
#include "err.h"

#include <stdarg.h>
#include <string.h>

void jy_err_clear(struct jy_err *e)
{
	memset(e, 0, sizeof(*e));
}

int jy_err_set(struct jy_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	jy_err_clear(e);
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return code;
}

int jy_err_at(struct jy_err *e, int code, const char *file, long line, long col, const char *field,
	      const char *fmt, ...)
{
	va_list ap;

	jy_err_clear(e);
	e->code = code;
	if (file)
		snprintf(e->file, sizeof(e->file), "%s", file);
	e->line = line;
	e->col = col;
	if (field)
		snprintf(e->field, sizeof(e->field), "%s", field);
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return code;
}

void jy_err_print(FILE *out, const struct jy_err *e)
{
	if (e->file[0]) {
		fputs(e->file, out);
		if (e->line > 0)
			fprintf(out, ":%ld", e->line);
		if (e->col > 0)
			fprintf(out, ":%ld", e->col);
		fputs(": ", out);
	}
	if (e->field[0])
		fprintf(out, "%s: ", e->field);
	fprintf(out, "%s\n", e->msg[0] ? e->msg : "unknown error");
}

int jy_exit_of(int code)
{
	if (code == JY_OK)
		return JY_EXIT_OK;
	return code == JY_EINPUT || code == JY_ENOTFOUND ? JY_EXIT_INPUT : JY_EXIT_ENV;
}

int jy_err_exit_code(const struct jy_err *e)
{
	return jy_exit_of(e->code);
}
