/*
 * diag.h - collecting input problems with their locations.
 *
 * Validation reports every problem it finds (up to a limit) rather than
 * stopping at the first. Each is an item: file, line, column, field, a code
 * a program can match and a message people read. A diag prints each item
 * as "file:line:column: field: message" as it is found (the command line),
 * keeps the items for a caller that sends them elsewhere (a JSON or HTTP
 * answer), or both.
 */
#ifndef JY_DIAG_H
#define JY_DIAG_H

#include <stddef.h>
#include <stdio.h>

#include "base/msg.h"

#ifndef JY_DIAG_MAX
#define JY_DIAG_MAX 50 /* enough to fix a batch; more is noise */
#endif

struct diag_item {
	const char *file;  /* borrowed from the model; NULL when none */
	long line, col;	   /* 0 when not known */
	const char *field; /* the column's name, or NULL */
	const char *code;  /* stable: "invalid", "value-digits", "parent-cycle", … */
	char *message;	   /* malloc'd */
};

struct diag {
	FILE *out; /* each item printed as it comes; may be NULL */
	int count; /* every problem, also those past JY_DIAG_MAX */
	int keep;  /* keep the first JY_DIAG_MAX items */
	struct diag_item *items;
	size_t n_items, cap_items;
};

/* `struct diag d = {.out = out}` is a diag that prints and keeps nothing. */
void diag_init(struct diag *d, FILE *out, int keep);
void diag_release(struct diag *d);

/* A problem of code "invalid" (a value that does not fit its column). */
void diag_add(struct diag *d, const char *file, long line, long col, const char *field,
	      const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void diag_add_code(struct diag *d, const char *code, const char *file, long line, long col,
		   const char *field, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* The same with message id of the catalogue (base/msg.h), in the locale's
 * language; code NULL is "invalid". */
void diag_msg(struct diag *d, const char *code, const char *file, long line, long col,
	      const char *field, enum msg_id id, ...);

/* "file:line:column: field: message\n" */
void diag_print_item(const struct diag_item *it, FILE *out);

#endif
