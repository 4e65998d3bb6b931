/*
 * cmd.h - the shape every command shares, and small argument helpers.
 *
 * A command gets argc/argv after its name and returns the process exit
 * code. src/jipyo.c holds the table of commands; src/cmd/<name>.c one each.
 */
#ifndef JY_CMD_H
#define JY_CMD_H

#include <stdio.h>

#include "base/err.h"
#include "base/limits.h"

typedef int (*cmd_fn)(int argc, char **argv);

struct command {
	const char *name;
	cmd_fn fn;
	const char *usage;   /* one line: arguments */
	const char *summary; /* one line: what it does */
};

int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_coverage(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_audit(int argc, char **argv);

/* Options of all commands, parsed in one place; unknown options are errors. */
struct args {
	const char *db;
	const char *package; /* --package: which package of the database (where --db is) */
	const char *format;
	const char *output;
	const char *as_of;
	const char *seed; /* coverage: the report text */
	const char *min;  /* coverage: the share required, in percent */
	int json;
	int uncovered;		 /* coverage: list only what no row carries */
	int excel;		 /* export: CSV for a spreadsheet */
	const char *by;		 /* set: who edits (default: the login name) */
	const char *reason;	 /* set: why, for the history */
	const char *if_revision; /* set: the revision the edit expects to change */
	int add, del;		 /* set: add a fact, delete one */
	const char *positional[JY_ARGS_POSITIONAL_MAX];
	int n_positional;
};

/* allowed: option names this command accepts ("db,json"). Returns 0 for
 * the command to go on. Otherwise it is done: 2 after bad arguments (the
 * error and the usage printed to stderr), ARGS_HELP after --help (the usage
 * printed to stdout; the command exits 0). */
enum { ARGS_HELP = -1 };
int args_parse(int argc, char **argv, const char *allowed, const struct command *self,
	       struct args *out);
void cmd_usage(const struct command *c, FILE *out);
const struct command *cmd_find(const char *name);

/* Prints an error the way every command does and returns its exit code. */
int cmd_fail(const struct jy_err *err);

#endif
