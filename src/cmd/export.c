/*
 * export.c - `jipyo export --db FILE DIR [--excel]`: write the stored package
 * back, plain (what import reproduces byte for byte) or for a spreadsheet.
 *
 * The package is written into a new folder beside DIR, which then takes
 * DIR's place at once (renameat2 RENAME_EXCHANGE): an interrupted export
 * leaves the old package or the new one, never some files of each. Other
 * files in DIR are carried over (hard links); a subfolder is refused
 * before anything is written.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"
#include "base/tmp.h"
#include "cmd.h"
#include "model/model.h"
#include "pkg/pkg.h"
#include "store/store.h"

/* Is name a file the export writes? */
static int is_package_file(const char *name)
{
	if (strcmp(name, "datapackage.json") == 0 || strcmp(name, PKG_BOOK_NAME) == 0)
		return 1;
	for (int r = 0; r < RES_COUNT; r++)
		if (strcmp(name, schema_resources[r].path) == 0)
			return 1;
	return 0;
}

/* Carries the files of old that are not the package's over into new (a
 * hard link; a symbolic link made again); with new NULL, only checks that
 * old holds nothing else (a subfolder), before anything is written. */
static int carry_over(const char *old, const char *new, struct jy_err *err)
{
	DIR *dp = opendir(old);
	struct dirent *e;
	struct stat st;
	char a[4096], b[4096], to[4096];
	int rc = 0;
	ssize_t n;

	if (!dp)
		return jy_err_msg(err, JY_EIO, old, 0, 0, NULL, M_CANNOT_READ, msg_errno(errno));
	while (!rc && (e = readdir(dp))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(a, sizeof(a), "%s/%s", old, e->d_name);
		snprintf(b, sizeof(b), "%s/%s", new ? new : "", e->d_name);
		if (lstat(a, &st) != 0 ||
		    !(S_ISREG(st.st_mode) || (S_ISLNK(st.st_mode) && !is_package_file(e->d_name))))
			rc = jy_err_msg(err, JY_EINPUT, a, 0, 0, NULL, M_EXPORT_NOT_FILE);
		else if (!new || is_package_file(e->d_name))
			continue;
		else if (S_ISREG(st.st_mode) ? link(a, b) != 0
					     : ((n = readlink(a, to, sizeof(to) - 1)) < 0 ||
						(to[n] = '\0', symlink(to, b) != 0)))
			rc = jy_err_msg(err, JY_EIO, b, 0, 0, NULL, M_CANNOT_CREATE,
					msg_errno(errno));
	}
	closedir(dp);
	return rc;
}

/* Where the file system cannot exchange two folders (or DIR is a mount
 * point): each file takes its place alone. */
static int move_files(const char *from, const char *to, struct jy_err *err)
{
	DIR *dp = opendir(from);
	struct dirent *e;
	char a[4096], b[4096];
	int rc = 0;

	if (!dp)
		return jy_err_msg(err, JY_EIO, from, 0, 0, NULL, M_CANNOT_READ, msg_errno(errno));
	while (!rc && (e = readdir(dp))) {
		if (!is_package_file(e->d_name))
			continue;
		snprintf(a, sizeof(a), "%s/%s", from, e->d_name);
		snprintf(b, sizeof(b), "%s/%s", to, e->d_name);
		if (rename(a, b) != 0)
			rc = jy_err_msg(err, JY_EIO, b, 0, 0, NULL, M_CANNOT_RENAME,
					msg_errno(errno));
	}
	closedir(dp);
	return rc;
}

static int export_package(const struct model *m, const char *arg, enum pkg_csv_style style,
			  struct jy_err *err)
{
	/* a symbolic link keeps pointing where it did: the folder it names is
	 * the one replaced */
	char *dir = realpath(arg, NULL);
	struct tmp_file t;
	struct stat st;
	int rc, exists;

	if (!dir) {
		size_t n = strlen(arg);
		dir = xstrdup(arg);
		while (n > 1 && dir[n - 1] == '/')
			dir[--n] = '\0';
	}
	exists = stat(dir, &st) == 0;
	tmp_clean_stale(dir);
	if (exists && !S_ISDIR(st.st_mode))
		rc = jy_err_msg(err, JY_EINPUT, dir, 0, 0, NULL, M_NOT_FOLDER);
	else if (exists && (rc = carry_over(dir, NULL, err)))
		;
	else if (tmp_create(&t, dir, 1) != 0)
		rc = jy_err_msg(err, JY_EIO, dir, 0, 0, NULL, M_MKDIR_FAILED, msg_errno(errno));
	else {
		rc = pkg_write(m, t.path, style, err);
		if (!rc && style == PKG_CSV_EXCEL) {
			char book[4096];
			snprintf(book, sizeof(book), "%s/%s", t.path, PKG_BOOK_NAME);
			rc = pkg_write_book(m, book, err);
		}
		if (!rc && exists) {
			fchmod(t.fd, st.st_mode & 07777);
			rc = carry_over(dir, t.path, err);
		}
		if (!rc && tmp_commit(&t, dir, exists ? RENAME_EXCHANGE : RENAME_NOREPLACE) != 0) {
			if (exists && (errno == EINVAL || errno == EBUSY || errno == ENOSYS))
				rc = move_files(t.path, dir, err);
			else
				rc = jy_err_msg(err, JY_EIO, dir, 0, 0, NULL, M_CANNOT_CREATE,
						msg_errno(errno));
		}
		tmp_discard(&t);
	}
	free(dir);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	const struct command *self = cmd_find("export");
	struct args a;
	struct model m;
	struct store *s = NULL;
	struct jy_err err;
	int rc;

	if ((rc = args_parse(argc, argv, NULL, self, &a)))
		return rc == ARGS_HELP ? 0 : rc;
	if (a.n_positional != 1 || !a.db) {
		cmd_usage(self, stderr);
		return 2;
	}
	model_init(&m);
	rc = store_open_existing(a.db, &s, &err);
	if (!rc)
		rc = store_load(s, &m, &err);
	if (!rc)
		rc = export_package(&m, a.positional[0], a.excel ? PKG_CSV_EXCEL : PKG_CSV_PLAIN,
				    &err);
	store_close(s);
	model_release(&m);
	return rc ? cmd_fail(&err) : 0;
}
