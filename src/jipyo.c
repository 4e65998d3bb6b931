/*
 * jipyo.c - the command table and nothing else.
 *
 * Exit codes: 0 success (for check: no error-level findings), 1 findings at
 * error level or a failure of the program's environment, 2 bad input or
 * bad arguments.
 */
#include <stdio.h>
#include <string.h>

#include "base/tmp.h"
#include "cmd/cmd.h"

static const struct command commands[] = {
	{"import", cmd_import, "DIR... --db DB",
	 "load a data package into the database (atomic: all or nothing)"},
	{"export", cmd_export, "--db FILE DIR [--excel]",
	 "write the database back as a data package (--excel: CSV with a BOM and CRLF, for Excel)"},
	{"check", cmd_check, "(DIR | --db FILE) [--json]",
	 "evaluate every rule; exit 0 no errors, 1 errors found, 2 bad input"},
	{"report", cmd_report, "--db FILE [--format md|html] [-o FILE]",
	 "render the report with its findings (Markdown, or print-ready HTML)"},
	{"coverage", cmd_coverage,
	 "--seed FILE (DIR | --db FILE) [--min PCT] [--uncovered] [--json]",
	 "list every printed figure of the report text with what carries it or why nothing does; "
	 "exit 0 when the share >= --min (97) and none is unexplained"},
	{"set", cmd_set,
	 "--db FILE [--add | --delete] REF [VALUE] [--by NAME] [--reason TEXT] "
	 "[--if-revision N] [--json]",
	 "change one fact, milestone, text or field (REF as check prints it), validated as an "
	 "import; prints the findings after it, exit codes as check's"},
	{"log", cmd_log, "--db FILE [REF] [--json]", "the history of changes, newest first"},
	{"audit", cmd_audit, "verify --db FILE",
	 "check the history's hash chain; exit 1 naming the first entry changed by another "
	 "program"},
};

const struct command *cmd_find(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void usage(FILE *out)
{
	fputs("usage: jipyo COMMAND [ARGS]\n\n지표 Jipyo: policy programs as checked facts.\n\n"
	      "commands:\n",
	      out);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %-40s %s\n", commands[i].name, commands[i].usage,
			commands[i].summary);
	fputs("\n`jipyo COMMAND --help` for one command.\n", out);
}

int main(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	c = cmd_find(argv[1]);
	if (!c) {
		fprintf(stderr, "error: unknown command '%s'\n", argv[1]);
		usage(stderr);
		return 2;
	}
	tmp_install_handlers();
	return c->fn(argc - 2, argv + 2);
}
