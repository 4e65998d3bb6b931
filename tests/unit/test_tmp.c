/*
 * test_tmp.c - unit tests of temporary files (src/base/tmp.c): names made
 * with O_EXCL beside the target, never through a planted link; locks that
 * tell a file in use from one a killed command left.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/tmp.h"

static char dir[] = "/tmp/jy-tmp-test-XXXXXX";

static void setup(void)
{
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static void touch(const char *name, char *path, size_t n)
{
	snprintf(path, n, "%s/%s", dir, name);
	int fd = open(path, O_CREAT | O_WRONLY | O_EXCL, 0644);
	cr_assert_geq(fd, 0);
	close(fd);
}

TestSuite(tmp, .init = setup, .fini = teardown);

Test(tmp, created_beside_target_locked_and_committed)
{
	char target[256];
	struct tmp_file t;
	snprintf(target, sizeof(target), "%s/x.db", dir);
	cr_assert_eq(tmp_create(&t, target, 0), 0);
	cr_assert_eq(strncmp(t.path, target, strlen(target)), 0);
	cr_assert_eq(strncmp(t.path + strlen(target), ".tmp-", 5), 0);
	/* another descriptor cannot take the lock: the file is in use */
	int fd = open(t.path, O_RDONLY);
	cr_assert_geq(fd, 0);
	cr_assert_neq(flock(fd, LOCK_EX | LOCK_NB), 0);
	tmp_clean_stale(target);
	cr_assert(exists(t.path), "a file in use was removed");
	char was[256];
	snprintf(was, sizeof(was), "%s", t.path);
	cr_assert_eq(tmp_commit(&t, target, 0), 0);
	cr_assert(exists(target));
	cr_assert(!exists(was));
	cr_assert_null(t.path);
	/* committed: its lock is released */
	cr_assert_eq(flock(fd, LOCK_EX | LOCK_NB), 0);
	close(fd);
}

Test(tmp, stale_files_removed_others_kept)
{
	char stale[256], wal[256], notes[256], other[256], target[256];
	touch("x.db.tmp-12-abcDEF", stale, sizeof(stale));
	touch("x.db.tmp-12-abcDEF-wal", wal, sizeof(wal));
	touch("x.db.tmp-notes", notes, sizeof(notes));
	touch("y.db.tmp-12-abcDEF", other, sizeof(other));
	snprintf(target, sizeof(target), "%s/x.db", dir);
	tmp_clean_stale(target);
	cr_assert(!exists(stale), "a stale file was kept");
	cr_assert(!exists(wal), "a stale file's -wal was kept");
	cr_assert(exists(notes), "a file not named as a temporary one was removed");
	cr_assert(exists(other), "another target's file was removed");
}

Test(tmp, planted_link_not_followed_and_discard_removes)
{
	char target[256], victim[256], link_path[300];
	struct tmp_file t;
	touch("victim", victim, sizeof(victim));
	snprintf(target, sizeof(target), "%s/r.md", dir);
	snprintf(link_path, sizeof(link_path), "%s.tmp-%ld-AAAAAA", target, (long)getpid());
	cr_assert_eq(symlink(victim, link_path), 0);
	cr_assert_eq(tmp_create(&t, target, 0), 0);
	cr_assert_str_neq(t.path, link_path);
	cr_assert_eq(write(t.fd, "x", 1), 1);
	char was[300];
	snprintf(was, sizeof(was), "%s", t.path);
	tmp_discard(&t);
	cr_assert(!exists(was));
	struct stat st;
	cr_assert_eq(stat(victim, &st), 0);
	cr_assert_eq(st.st_size, 0, "the planted link's target was written");
}

Test(tmp, folder_exchanged_and_old_removed)
{
	char target[256], file[300];
	struct tmp_file t;
	snprintf(target, sizeof(target), "%s/out", dir);
	cr_assert_eq(mkdir(target, 0755), 0);
	snprintf(file, sizeof(file), "%s/old.csv", target);
	close(open(file, O_CREAT | O_WRONLY, 0644));
	cr_assert_eq(tmp_create(&t, target, 1), 0);
	snprintf(file, sizeof(file), "%s/new.csv", t.path);
	close(open(file, O_CREAT | O_WRONLY, 0644));
	cr_assert_eq(tmp_commit(&t, target, RENAME_EXCHANGE), 0);
	snprintf(file, sizeof(file), "%s/new.csv", target);
	cr_assert(exists(file));
	snprintf(file, sizeof(file), "%s/old.csv", target);
	cr_assert(!exists(file));
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "test $(ls -A '%s' | wc -l) -eq 1", dir);
	cr_assert_eq(system(cmd), 0, "the old folder was left");
}
