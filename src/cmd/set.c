/*
 * set.c - `jipyo set --db FILE [--add | --delete] REF [VALUE] [--by NAME]
 * [--reason TEXT] [--if-revision N] [--json]`: one row changed, the way a
 * person corrects a figure.
 *
 * REF names the row as check prints it (model/ref.h); VALUE is typed as
 * printed and, for a fact, read in its measure's unit (the printed form is
 * kept, the fact becomes entered: by whom, when, at which revision). The
 * edited model is validated as an import validates it and checked; only
 * then is the row written, with one history entry and one revision, in one
 * transaction. Bad input writes nothing and exits 2; otherwise the exit
 * code is check's.
 */
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check/edit.h"
#include "cmd.h"
#include "describe.h"
#include "store/store.h"

struct set_cmd {
	struct args a;
	struct edit_req q;
};

/* Bad input: the message, and exit 2. */
static int bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int bad(const char *fmt, ...)
{
	va_list ap;
	fputs("error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

/* A test's way to let another writer come between two steps: JIPYO_FAULT=name
 * waits 3 s there. */
static void fault_wait(const char *name)
{
	const char *fault = getenv("JIPYO_FAULT");
	if (fault && strcmp(fault, name) == 0)
		sleep(3);
}

static void print_change(struct model *m, const struct set_cmd *c, struct edit *e)
{
	const char *before_value = e->row >= 0 ? describe_value(e->r, e->before, e->ref.field) : "";
	struct buf b;
	buf_init(&b);
	describe_row(m, &e->fs, e->r, e->cells, &b);
	if (c->a.del)
		fprintf(stderr, "삭제 deleted: %s %s (revision %ld)\n", b.data, before_value,
			e->revision);
	else if (e->r == RES_FACTS)
		fprintf(stderr, "%s: %s %s → %s (revision %ld)\n",
			e->row < 0 ? "추가 added" : "정정 changed", b.data,
			e->row < 0 ? "" : before_value,
			describe_value(e->r, e->cells, e->ref.field), e->revision);
	else
		fprintf(stderr, "정정 changed: %s %s: %s → %s (revision %ld)\n", b.data,
			e->ref.field, *before_value ? before_value : "(없음)",
			describe_value(e->r, e->cells, e->ref.field), e->revision);
	buf_release(&b);
}

static int parse_options(int argc, char **argv, struct set_cmd *c)
{
	const struct command *self = cmd_find("set");
	int rc = args_parse(argc, argv, "db,json,by,reason,if-revision,add,delete", self, &c->a);
	char *end;

	if (rc)
		return rc == ARGS_HELP ? -1 : rc;
	if (!c->a.db || c->a.n_positional != (c->a.del ? 1 : 2) || (c->a.add && c->a.del)) {
		cmd_usage(self, stderr);
		return 2;
	}
	c->q.if_revision = -1;
	if (c->a.if_revision) {
		errno = 0;
		long n = strtol(c->a.if_revision, &end, 10);
		if (errno || *end || end == c->a.if_revision || n < 0)
			return bad("--if-revision %s: not a revision number", c->a.if_revision);
		c->q.if_revision = n;
	}
	c->q.ref = c->a.positional[0];
	c->q.op = c->a.add ? EDIT_ADD : c->a.del ? EDIT_DELETE : EDIT_CHANGE;
	c->q.value = c->a.del ? NULL : c->a.positional[1];
	c->q.by = c->a.by && *c->a.by ? c->a.by : store_login_name();
	c->q.reason = c->a.reason;
	c->q.store = c->a.db;
	c->q.diag = stderr;
	return 0;
}

int cmd_set(int argc, char **argv)
{
	struct set_cmd c = {0};
	struct edit e;
	struct model m;
	struct store *s = NULL;
	struct jy_err err;
	long revision;
	int rc = parse_options(argc, argv, &c);

	if (rc)
		return rc < 0 ? 0 : rc;
	if (edit_parse(&c.q, &e, &err)) {
		edit_release(&e);
		return cmd_fail(&err);
	}
	model_init(&m);
	rc = store_open_existing(c.a.db, &s, &err);
	/* the revision first: a change committed after it, even before the rows
	 * are read, makes the write refuse (read after the rows, a change in
	 * between would pass for the rows' revision and be written over) */
	if (!rc)
		rc = store_revision(s, &revision, &err);
	if (!rc)
		rc = store_load(s, &m, &err);
	fault_wait("set-after-load");
	if (!rc)
		rc = edit_run(s, &m, revision, &c.q, &e, &err);
	if (rc) {
		rc = cmd_fail(&err);
	} else {
		print_change(&m, &c, &e);
		if (c.a.json) {
			printf("{\"revision\":%ld,\"resource\":\"%s\",\"key\":%s,\"before\":%s,"
			       "\"after\":%s}\n",
			       e.revision, schema_resources[e.r].name, e.key,
			       e.before_json ? e.before_json : "null",
			       e.after_json ? e.after_json : "null");
			check_print_json(&e.res, stdout);
		} else {
			check_print_table(&e.res, stdout);
		}
		rc = e.res.errors ? 1 : 0;
	}
	edit_release(&e);
	store_close(s);
	model_release(&m);
	return rc;
}
