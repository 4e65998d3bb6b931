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
#include "base/msg.h"

/* Values of an option given more than once (--measure). */
#define ARGS_MANY_MAX 16

typedef int (*cmd_fn)(int argc, char **argv);

/* A command as data (git's cmd_struct, Redis's command table): what
 * `jipyo help CMD` and `CMD --help` print comes from here and from the
 * options' table in args.c, nothing else. Fields after summary may be left
 * out (NULL): a command without `options` passes its own list to args_parse. */
struct command {
	const char *name;
	cmd_fn fn;
	const char *usage;	/* one line: arguments */
	const char *summary;	/* one line: what it does */
	const char *options;	/* the options it takes, by long name ("db,json") */
	const char *example;	/* one command line (lines joined by \n) */
	const char *summary_ko; /* the summary in Korean */
};

int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_coverage(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_ledger(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_table(int argc, char **argv);

/* Options of all commands, parsed in one place; unknown options are errors. */
struct args {
	const char *db;
	const char *format;
	const char *output;
	const char *as_of;
	const char *seed; /* coverage: the report text */
	const char *min;  /* coverage: the share required, in percent */
	int json;
	int uncovered;			    /* coverage: list only what no row carries */
	int excel;			    /* export: CSV for a spreadsheet */
	const char *by;			    /* set: who edits (default: the login name) */
	const char *reason;		    /* set: why, for the history */
	const char *if_revision;	    /* set: the revision the edit expects to change */
	int add, del;			    /* set: add a fact, delete one */
	int clean;			    /* report: no finding marks, no findings list */
	const char *severity;		    /* check: error or warning and worse */
	const char *division;		    /* check: one unit's findings */
	const char *table;		    /* check: one table's; table import: the facts' table */
	const char *dim;		    /* table import: the row labels' dimension */
	const char *period;		    /* table import: the facts' period */
	const char *kind;		    /* table import: the facts' kind */
	const char *sheet;		    /* table import: the sheet of a workbook */
	int propose_rules;		    /* table import: print the rules the layout implies */
	const char *measure[ARGS_MANY_MAX]; /* table import: HEADER=MEASURE, repeated */
	int n_measure;
	const char *listen;	 /* serve: ADDR:PORT */
	int public_mode;	 /* serve: read-only for anybody */
	const char *role, *unit; /* user add */
	const char *positional[4];
	int n_positional;
};

/* Parses argv (after the command's name) with getopt_long: long options
 * take their value as `--db FILE` or `--db=FILE`, a unique prefix stands for
 * the option (`--js`), options and arguments mix, `--` ends the options.
 * allowed: the long names of the options the command accepts ("db,json"),
 * or NULL for self->options. Returns 0 for the command to go on. Otherwise
 * it is done: 2 after bad arguments (one line `error: …` and one `hint: …`
 * to stderr), ARGS_HELP after --help or -h (the help printed to stdout; the
 * command exits 0). */
enum { ARGS_HELP = -1 };
int args_parse(int argc, char **argv, const char *allowed, const struct command *self,
	       struct args *out);
/* Wrong arguments found by the command itself (a missing --db, one argument
 * too many): the usage line and the hint on stderr; returns 2. */
int cmd_bad_args(const struct command *c);
/* The usage line and summary (stderr after an error). */
void cmd_usage(const struct command *c, FILE *out);
/* The full help: usage, summary, every option with what it does, an example. */
void cmd_help(const struct command *c, const char *allowed, FILE *out);
const struct command *cmd_find(const char *name);

/* Prints an error the way every command does and returns its exit code
 * (base/err.c's jy_exit_of: 2 bad input, 3 the environment). */
int cmd_fail(const struct jy_err *err);

/* Closes standard output after a command that returned rc: a write that
 * failed on the way (a full disk, a closed pipe) or in the final flush is an
 * error of the environment, reported here once, so that commands print with
 * plain fprintf and need not check each call. Returns the exit code. */
int cmd_close_stdout(int rc);

#endif
