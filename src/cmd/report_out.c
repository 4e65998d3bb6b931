/*
 * report_out.c - the revision on a clean copy's cover, and the report
 * formats written through a temporary file: XLSX (libxlsxwriter only writes
 * files) and PDF (Chromium prints a file to a file). See report_out.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/mem.h"
#include "base/tmp.h"
#include "report_out.h"

extern char **environ;

static void add_kdate(struct buf *out, time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	buf_addf(out, "’%02d.%d.%d.", tm.tm_year % 100, tm.tm_mon + 1, tm.tm_mday);
}

void report_today(struct buf *out)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t t = epoch && *epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
	add_kdate(out, t);
}

/* FNV-1a over every cell, a separator after each so that moving text from
 * one cell to the next changes the hash. */
static uint64_t model_hash(const struct model *m)
{
	uint64_t h = 14695981039346656037ULL;
	for (int r = 0; r < RES_COUNT; r++) {
		const struct table *t = &m->tables[r];
		if (!t->def)
			continue;
		size_t n = t->n_rows * (size_t)t->def->n_fields;
		for (size_t i = 0; i < n; i++) {
			const unsigned char *s = (const unsigned char *)table_cell(
				t, i / (size_t)t->def->n_fields,
				(int)(i % (size_t)t->def->n_fields));
			for (; *s; s++)
				h = (h ^ *s) * 1099511628211ULL;
			h = (h ^ 0x1f) * 1099511628211ULL;
		}
		h = (h ^ 0x1e) * 1099511628211ULL;
	}
	return h;
}

void report_revision(const struct model *m, const char *db, struct buf *out)
{
	json_t *meta = m->meta_json ? json_loads(m->meta_json, 0, NULL) : NULL;
	const char *name = meta ? json_string_value(json_object_get(meta, "name")) : NULL;
	struct stat st;

	buf_addf(out, "%s · rev %012llx", name ? name : "package",
		 (unsigned long long)(model_hash(m) >> 16));
	if (db && stat(db, &st) == 0) {
		buf_adds(out, " · 입력 imported ");
		add_kdate(out, st.st_mtime);
	}
	json_decref(meta);
}

/* ---- temporary files ------------------------------------------------------ */

/* A file in a temporary folder of its own (base/tmp.c: made where nobody
 * can plant it, removed on a signal), so that it can have the suffix the
 * program reading it wants (Chromium tells HTML by ".html"). */
struct tmpfile {
	struct tmp_file dir;
	char *path;
};

static int tmp_make(struct tmpfile *t, const char *suffix, struct jy_err *err)
{
	const char *tmpdir = getenv("TMPDIR");
	char target[4096];

	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	snprintf(target, sizeof target, "%s/jipyo-report", tmpdir);
	t->path = NULL;
	t->dir = (struct tmp_file){.fd = -1, .slot = -1};
	if (tmp_create(&t->dir, target, 1) != 0)
		return jy_err_msg(err, JY_EIO, NULL, 0, 0, NULL, M_TMPDIR_FAILED, tmpdir,
				  msg_errno(errno));
	size_t n = strlen(t->dir.path) + strlen(suffix) + sizeof("/report");
	t->path = xmalloc(n);
	snprintf(t->path, n, "%s/report%s", t->dir.path, suffix);
	return 0;
}

static void tmp_drop(struct tmpfile *t)
{
	tmp_discard(&t->dir);
	free(t->path);
	t->path = NULL;
}

static int slurp(const char *path, struct buf *out, struct jy_err *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (!f)
		return jy_err_msg(err, JY_EIO, path, 0, 0, NULL, M_CANNOT_READ, msg_errno(errno));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(out, chunk, n);
	int bad = ferror(f);
	fclose(f);
	return bad ? jy_err_msg(err, JY_EIO, path, 0, 0, NULL, M_CANNOT_READ_ALL) : 0;
}

int report_file_bytes(const char *suffix,
		      int (*write)(void *ctx, const char *path, struct jy_err *err), void *ctx,
		      struct buf *out, struct jy_err *err)
{
	struct tmpfile t;
	int rc = tmp_make(&t, suffix, err);
	if (rc)
		return rc;
	rc = write(ctx, t.path, err);
	if (!rc)
		rc = slurp(t.path, out, err);
	tmp_drop(&t);
	return rc;
}

struct xlsx_job {
	struct model *m;
	const struct check_result *res;
	const struct report_opts *opt;
};

static int write_xlsx(void *ctx, const char *path, struct jy_err *err)
{
	struct xlsx_job *j = ctx;
	return report_xlsx(j->m, j->res, j->opt, path, err);
}

int report_xlsx_bytes(struct model *m, const struct check_result *res,
		      const struct report_opts *opt, struct buf *out, struct jy_err *err)
{
	struct xlsx_job j = {m, res, opt};
	return report_file_bytes(".xlsx", write_xlsx, &j, out, err);
}

/* ---- PDF ------------------------------------------------------------------ */

/* The browser: JIPYO_CHROMIUM, or the first of the usual names on PATH. */
static char *find_chromium(void)
{
	static const char *const names[] = {"chromium", "chromium-browser", "google-chrome"};
	const char *env = getenv("JIPYO_CHROMIUM");
	const char *path = getenv("PATH");

	if (env && *env)
		return access(env, X_OK) == 0 ? strdup(env) : NULL;
	for (size_t k = 0; path && k < sizeof names / sizeof *names; k++)
		for (const char *p = path; *p;) {
			size_t len = strcspn(p, ":");
			size_t n = len + strlen(names[k]) + 2;
			char *cand = xmalloc(n);
			snprintf(cand, n, "%.*s/%s", (int)len, p, names[k]);
			if (len && access(cand, X_OK) == 0)
				return cand;
			free(cand);
			p += len + (p[len] == ':');
		}
	return NULL;
}

static int run_chromium(const char *exe, const char *html, const char *pdf, struct jy_err *err)
{
	size_t n = strlen(pdf) + 32, u = strlen(html) + 16;
	char *print = xmalloc(n), *url = xmalloc(u);
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status = 0, rc;

	snprintf(print, n, "--print-to-pdf=%s", pdf);
	snprintf(url, u, "file://%s", html);
	/* as root the sandbox will not start; the page is our own file */
	char *argv[] = {(char *)exe,
			"--headless",
			"--no-sandbox",
			"--disable-gpu",
			"--no-pdf-header-footer",
			"--disable-extensions",
			print,
			url,
			NULL};
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	rc = posix_spawn(&pid, exe, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc == 0 && waitpid(pid, &status, 0) < 0)
		rc = errno;
	free(print);
	free(url);
	if (rc)
		return jy_err_msg(err, JY_EIO, exe, 0, 0, NULL, M_CANNOT_RUN, msg_errno(rc));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return jy_err_msg(err, JY_EIO, NULL, 0, 0, NULL, M_PDF_FAILED, exe,
				  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}

int report_pdf_bytes(const struct buf *html, struct buf *out, struct jy_err *err)
{
	struct tmpfile h = {.dir = {.fd = -1, .slot = -1}}, p = h;
	char *exe = find_chromium();
	int rc;

	if (!exe)
		return jy_err_msg(err, JY_EIO, /* the environment, not the input */
				  NULL, 0, 0, NULL, M_PDF_NO_CHROMIUM);
	if (!(rc = tmp_make(&h, ".html", err)) && !(rc = tmp_make(&p, ".pdf", err))) {
		FILE *f = fopen(h.path, "wb");
		int bad = !f;
		if (f) {
			bad = fwrite(html->data, 1, html->len, f) != html->len;
			bad |= fclose(f) != 0;
		}
		if (bad)
			rc = jy_err_msg(err, JY_EIO, h.path, 0, 0, NULL, M_CANNOT_WRITE,
					msg_errno(errno));
		if (!rc)
			rc = run_chromium(exe, h.path, p.path, err);
		if (!rc)
			rc = slurp(p.path, out, err);
		if (!rc && (out->len < 5 || memcmp(out->data, "%PDF-", 5) != 0))
			rc = jy_err_msg(err, JY_EIO, NULL, 0, 0, NULL, M_PDF_NONE, exe);
	}
	tmp_drop(&h);
	tmp_drop(&p);
	free(exe);
	return rc;
}
