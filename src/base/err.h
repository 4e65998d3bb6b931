/*
 * err.h - the error every fallible function fills.
 *
 * Functions return an int: 0 on success, a negative JY_E* code on failure,
 * having written a human message and, where input is involved, the location
 * (file, line, column, field) into a struct jy_err. jy_err_exit_code() is the
 * one place that maps an error to a process exit code.
 */
#ifndef JY_ERR_H
#define JY_ERR_H

#include <stdio.h>

#include "limits.h"

enum jy_code {
	JY_OK = 0,
	JY_EINPUT = -1, /* the user's input is malformed: exit 2 / HTTP 4xx */
	JY_EIO = -2,	/* a file could not be read or written */
	JY_ESTORE = -3, /* the database refused an operation */
	JY_ENOTFOUND = -4,
	JY_EINTERNAL = -5, /* a bug: an invariant did not hold */
	JY_EFULL = -6,	   /* no space left to write (a full disk, a quota) */
	JY_ENOMEM = -7,	   /* memory ran out (mem.c ends the process) */
	JY_ECONN = -8	   /* the store's server cannot be reached or went away */
};

/* The process's exit codes (README, "Exit codes"). */
enum jy_exit {
	JY_EXIT_OK = 0,
	JY_EXIT_FINDINGS = 1, /* findings at error level (or another "no" answer) */
	JY_EXIT_INPUT = 2,    /* bad input or bad arguments */
	JY_EXIT_ENV = 3	      /* the environment failed: disk, database, memory */
};

struct jy_err {
	int code;
	char file[256];
	long line; /* 1-based; 0 when not known */
	long col;  /* 1-based; 0 when not known */
	char field[64];
	char msg[JY_ERR_MSG_BYTES];
	int hint; /* a msg_id (msg.h) printed as "hint:" after it; 0: none */
};

void jy_err_clear(struct jy_err *e);

/* Records code and message; returns code so that `return jy_err_set(...)`
 * reads naturally. */
int jy_err_set(struct jy_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Same, with a location in an input file. file may be NULL, field may be NULL. */
int jy_err_at(struct jy_err *e, int code, const char *file, long line, long col, const char *field,
	      const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* "file:line:col: field: message" (parts that are unknown are left out). */
void jy_err_print(FILE *out, const struct jy_err *e);

/* The one place an error code becomes an exit code: JY_EXIT_INPUT for bad
 * input (a missing input file or database included), JY_EXIT_ENV for the
 * rest (a disk, the database, memory, a database server that cannot be
 * reached or went away, or a bug, which is no finding either). */
int jy_exit_of(int code);
/* jy_exit_of(e->code). */
int jy_err_exit_code(const struct jy_err *e);

#endif
