/*
 * args.c - the options of every command, as data, and their parsing with
 * getopt_long (see cmd.h). One table names each option once: its long and
 * short name, its value, where it goes in struct args and what it does (a
 * message id of base/msg.c, so that help reads in the user's language).
 */
#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "cmd.h"
#include "store/store.h"

struct opt_def {
	const char *name; /* long name, and its name in an `allowed` list */
	int short_name;	  /* 0: none */
	const char *arg;  /* the value's name in help; NULL for a flag */
	size_t off;	  /* where it goes in struct args */
	int many;	  /* may be repeated: off is an array, counted in n_measure */
	enum msg_id help;
};

#define STR(f) offsetof(struct args, f)

static const struct opt_def opts[] = {
	{"db", 0, "FILE", STR(db), 0, M_OPT_DB},
	{"package", 0, "ID", STR(package), 0, M_OPT_PACKAGE},
	{"format", 0, "FMT", STR(format), 0, M_OPT_FORMAT},
	{"output", 'o', "FILE", STR(output), 0, M_OPT_OUTPUT},
	{"as-of", 0, "DATE", STR(as_of), 0, M_OPT_AS_OF},
	{"seed", 0, "FILE", STR(seed), 0, M_OPT_SEED},
	{"min", 0, "PCT", STR(min), 0, M_OPT_MIN},
	{"json", 0, NULL, STR(json), 0, M_OPT_JSON},
	{"uncovered", 0, NULL, STR(uncovered), 0, M_OPT_UNCOVERED},
	{"excel", 0, NULL, STR(excel), 0, M_OPT_EXCEL},
	{"add", 0, NULL, STR(add), 0, M_OPT_ADD},
	{"delete", 0, NULL, STR(del), 0, M_OPT_DELETE},
	{"by", 0, "NAME", STR(by), 0, M_OPT_BY},
	{"reason", 0, "TEXT", STR(reason), 0, M_OPT_REASON},
	{"if-revision", 0, "N", STR(if_revision), 0, M_OPT_IF_REVISION},
	{"clean", 0, NULL, STR(clean), 0, M_OPT_CLEAN},
	{"severity", 0, "LEVEL", STR(severity), 0, M_OPT_SEVERITY},
	{"division", 0, "UNIT", STR(division), 0, M_OPT_DIVISION},
	{"table", 0, "TABLE", STR(table), 0, M_OPT_TABLE},
	{"measure", 0, "HEADER=ID", STR(measure), 1, M_OPT_MEASURE},
	{"dim", 0, "DIM", STR(dim), 0, M_OPT_DIM},
	{"period", 0, "PERIOD", STR(period), 0, M_OPT_PERIOD},
	{"kind", 0, "KIND", STR(kind), 0, M_OPT_KIND},
	{"sheet", 0, "NAME", STR(sheet), 0, M_OPT_SHEET},
	{"propose-rules", 0, NULL, STR(propose_rules), 0, M_OPT_PROPOSE_RULES},
	{"listen", 0, "ADDR:PORT", STR(listen), 0, M_OPT_LISTEN},
	{"public", 0, NULL, STR(public_mode), 0, M_OPT_PUBLIC},
	{"role", 0, "ROLE", STR(role), 0, M_OPT_ROLE},
	{"unit", 0, "UNIT", STR(unit), 0, M_OPT_UNIT},
};

/* getopt_long's values for the long options: past every short one */
enum { N_OPTS = sizeof(opts) / sizeof(opts[0]), OPT_BASE = 1000, OPT_HELP = OPT_BASE + N_OPTS };

static int allowed_has(const char *allowed, const char *name)
{
	size_t n = strlen(name);

	if (strcmp(name, "package") == 0) /* wherever --db is */
		name = "db", n = 2;
	for (const char *p = allowed; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && strncmp(p, name, n) == 0)
			return 1;
		p += len + (comma ? 1 : 0);
	}
	return 0;
}

/* One error line and the hint, exit 2. */
static int fail(const struct command *self, enum msg_id id, const char *what)
{
	msg_error(id, what);
	msg_hint(M_HINT_HELP, self->name);
	return 2;
}

/* Stores option k's value (or sets its flag); 2 after an error. */
static int take(const struct command *self, struct args *out, int k, const char *value,
		const char *spelled)
{
	const struct opt_def *o = &opts[k];
	char *at = (char *)out + o->off;

	if (!o->arg) {
		*(int *)at = 1;
		return 0;
	}
	if (o->many) {
		if (out->n_measure >= ARGS_MANY_MAX)
			return fail(self, M_TOO_MANY_ARGS, value);
		((const char **)at)[out->n_measure++] = value;
		return 0;
	}
	if (*(const char **)at) /* which one was meant? */
		return fail(self, M_OPTION_TWICE, spelled);
	*(const char **)at = value;
	return 0;
}

/* The option as the user wrote it, for messages ("--db", "-o", "--js"). */
static const char *spelled(char **av, int optind_after)
{
	/* a value given as the next argument: the option is the one before */
	int i = optarg && optind_after >= 2 && av[optind_after - 1] == optarg ? optind_after - 2
									      : optind_after - 1;
	const char *a = av[i];
	static char name[128];
	const char *eq = strchr(a, '=');
	size_t n = eq ? (size_t)(eq - a) : strlen(a);
	if (n >= sizeof(name))
		n = sizeof(name) - 1;
	memcpy(name, a, n);
	name[n] = '\0';
	return name;
}

/* An option getopt_long refused: a flag given a value, or one it does not
 * know (or a prefix of more than one). */
static int bad_option(const struct command *self, const char *allowed, const char *a)
{
	char name[128];
	const char *eq = strchr(a, '=');

	if (strncmp(a, "--", 2) != 0) {
		snprintf(name, sizeof(name), "-%c", optopt ? optopt : a[1]);
		return fail(self, M_UNKNOWN_OPTION, name);
	}
	snprintf(name, sizeof(name), "%.*s", (int)(eq ? eq - a : (long)strlen(a)), a);
	if (eq && allowed_has(allowed, name + 2))
		return fail(self, M_OPTION_NO_VALUE, name);
	for (int k = 0, hits = 0; k < N_OPTS; k++)
		if (allowed_has(allowed, opts[k].name) &&
		    strncmp(opts[k].name, name + 2, strlen(name + 2)) == 0 && ++hits > 1)
			return fail(self, M_AMBIGUOUS_OPTION, name);
	return fail(self, M_UNKNOWN_OPTION, name);
}

int args_parse(int argc, char **argv, const char *allowed, const struct command *self,
	       struct args *out)
{
	struct option longopts[N_OPTS + 2];
	char shorts[2 * N_OPTS + 8] = ":h"; /* ':' first: a missing value is told apart */
	char **av = xcalloc((size_t)argc + 2, sizeof(*av));
	int n = 0, help = 0, rc = 0, c;

	memset(out, 0, sizeof(*out));
	if (!allowed)
		allowed = self->options ? self->options : "";
	for (int k = 0; k < N_OPTS; k++) {
		if (!allowed_has(allowed, opts[k].name))
			continue;
		longopts[n++] =
			(struct option){opts[k].name, opts[k].arg ? required_argument : no_argument,
					NULL, OPT_BASE + k};
		if (opts[k].short_name) {
			size_t l = strlen(shorts);
			shorts[l] = (char)opts[k].short_name;
			shorts[l + 1] = opts[k].arg ? ':' : '\0';
			shorts[l + 2] = '\0';
		}
	}
	longopts[n++] = (struct option){"help", no_argument, NULL, OPT_HELP};
	longopts[n] = (struct option){NULL, 0, NULL, 0};
	av[0] = (char *)self->name;
	memcpy(av + 1, argv, sizeof(*argv) * (size_t)argc);
	optind = 0; /* GNU: start afresh (a program may parse more than once) */
	opterr = 0;
	while (!rc && (c = getopt_long(argc + 1, av, shorts, longopts, NULL)) != -1) {
		if (c == OPT_HELP || c == 'h')
			help = 1;
		else if (c >= OPT_BASE && c < OPT_HELP)
			rc = take(self, out, c - OPT_BASE, optarg, spelled(av, optind));
		else if (c == ':')
			rc = fail(self, M_OPTION_NEEDS_VALUE, spelled(av, optind));
		else if (c == '?')
			rc = bad_option(self, allowed, av[optind - 1]);
		else { /* a short option of the table */
			for (int k = 0; k < N_OPTS; k++)
				if (opts[k].short_name == c)
					rc = take(self, out, k, optarg, spelled(av, optind));
		}
	}
	for (int i = optind; !rc && i < argc + 1; i++) {
		if (out->n_positional >=
		    (int)(sizeof(out->positional) / sizeof(out->positional[0])))
			rc = fail(self, M_TOO_MANY_ARGS, av[i]);
		else
			out->positional[out->n_positional++] = av[i];
	}
	free(av);
	if (!rc && help) {
		cmd_help(self, allowed, stdout);
		return ARGS_HELP;
	}
	if (!rc)
		store_use_package(out->package); /* every store the command opens */
	return rc;
}

void cmd_usage(const struct command *c, FILE *out)
{
	if (out == stderr) {
		msg_error(M_WRONG_ARGS);
		fprintf(out, "%s: jipyo %s %s\n", msg(M_USAGE), c->name, c->usage);
		msg_hint(M_HINT_HELP, c->name);
		return;
	}
	fprintf(out, "%s: jipyo %s %s\n  %s\n", msg(M_USAGE), c->name, c->usage,
		msg_korean() && c->summary_ko ? c->summary_ko : c->summary);
}

int cmd_bad_args(const struct command *c)
{
	cmd_usage(c, stderr);
	return 2;
}

void cmd_help(const struct command *c, const char *allowed, FILE *out)
{
	char left[64];

	cmd_usage(c, out);
	if (!allowed)
		allowed = c->options ? c->options : "";
	fprintf(out, "\n%s:\n", msg(M_OPTIONS));
	for (int k = 0; k < N_OPTS; k++) {
		const struct opt_def *o = &opts[k];
		if (!allowed_has(allowed, o->name))
			continue;
		if (o->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name, o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "--%s%s%s", o->name, o->arg ? " " : "",
				 o->arg ? o->arg : "");
		fprintf(out, "  %-22s %s\n", left, msg(o->help));
	}
	fprintf(out, "  %-22s %s\n", "-h, --help", msg(M_OPT_HELP));
	if (c->example)
		fprintf(out, "\n%s:\n  %s\n", msg(M_EXAMPLE), c->example);
}

int cmd_fail(const struct jy_err *err)
{
	fprintf(stderr, "%s: ", msg(M_ERROR));
	jy_err_print(stderr, err);
	if (err->hint)
		msg_hint((enum msg_id)err->hint);
	return jy_err_exit_code(err);
}

int cmd_close_stdout(int rc)
{
	/* stdio keeps the error of any failed write in ferror(); fclose flushes
	 * what is left and reports the error of that last write */
	int failed = ferror(stdout);
	errno = 0;
	if (fclose(stdout) != 0)
		failed = 1;
	if (!failed)
		return rc;
	msg_error(M_STDOUT_FAILED, errno ? strerror(errno) : msg(M_WRITE_FAILED_BEFORE));
	return rc == JY_EXIT_INPUT ? rc : jy_exit_of(JY_EIO);
}
