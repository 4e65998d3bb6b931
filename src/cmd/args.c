/*
 * args.c - option parsing shared by all commands (see cmd.h).
 */
#include <string.h>

#include "cmd.h"
#include "store/store.h"

static int allowed_has(const char *allowed, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = allowed; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && strncmp(p, name, n) == 0)
			return 1;
		p += len + (comma ? 1 : 0);
	}
	return 0;
}

int args_parse(int argc, char **argv, const char *allowed, const struct command *self,
	       struct args *out)
{
	int help = 0;

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		const char *name = NULL;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			help = 1;
			continue;
		}
		if (strcmp(a, "--json") == 0 && allowed_has(allowed, "json")) {
			out->json = 1;
			continue;
		}
		if (strcmp(a, "--uncovered") == 0 && allowed_has(allowed, "uncovered")) {
			out->uncovered = 1;
			continue;
		}
		if (strcmp(a, "--excel") == 0 && allowed_has(allowed, "excel")) {
			out->excel = 1;
			continue;
		}
		if (strcmp(a, "--add") == 0 && allowed_has(allowed, "add")) {
			out->add = 1;
			continue;
		}
		if (strcmp(a, "--delete") == 0 && allowed_has(allowed, "delete")) {
			out->del = 1;
			continue;
		}
		if (strcmp(a, "--db") == 0)
			slot = &out->db, name = "db";
		else if (strcmp(a, "--package") == 0) /* wherever --db is */
			slot = &out->package, name = "db";
		else if (strcmp(a, "--format") == 0)
			slot = &out->format, name = "format";
		else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)
			slot = &out->output, name = "output";
		else if (strcmp(a, "--as-of") == 0)
			slot = &out->as_of, name = "as-of";
		else if (strcmp(a, "--seed") == 0)
			slot = &out->seed, name = "seed";
		else if (strcmp(a, "--min") == 0)
			slot = &out->min, name = "min";
		else if (strcmp(a, "--by") == 0)
			slot = &out->by, name = "by";
		else if (strcmp(a, "--reason") == 0)
			slot = &out->reason, name = "reason";
		else if (strcmp(a, "--if-revision") == 0)
			slot = &out->if_revision, name = "if-revision";
		if (slot && allowed_has(allowed, name)) {
			if (*slot) { /* which one was meant? */
				fprintf(stderr, "error: option %s given twice\n", a);
				cmd_usage(self, stderr);
				return 2;
			}
			if (i + 1 >= argc) {
				fprintf(stderr, "error: option %s needs a value\n", a);
				cmd_usage(self, stderr);
				return 2;
			}
			*slot = argv[++i];
			continue;
		}
		if (a[0] == '-' && a[1]) {
			fprintf(stderr, "error: unknown option '%s'\n", a);
			cmd_usage(self, stderr);
			return 2;
		}
		if (out->n_positional >= JY_ARGS_POSITIONAL_MAX) {
			fprintf(stderr, "error: too many arguments\n");
			cmd_usage(self, stderr);
			return 2;
		}
		out->positional[out->n_positional++] = a;
	}
	if (help) {
		cmd_usage(self, stdout);
		return ARGS_HELP;
	}
	store_use_package(out->package); /* every store the command opens */
	return 0;
}

void cmd_usage(const struct command *c, FILE *out)
{
	fprintf(out, "usage: jipyo %s %s\n  %s\n", c->name, c->usage, c->summary);
}

int cmd_fail(const struct jy_err *err)
{
	fputs("error: ", stderr);
	jy_err_print(stderr, err);
	return jy_err_exit_code(err);
}
