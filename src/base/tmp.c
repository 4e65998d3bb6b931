/*
 * tmp.c - temporary files: unpredictable names, locks that outlive no
 * process, removal on a signal (tmp.h).
 */
#include "tmp.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "limits.h"
#include "mem.h"

static _Atomic(const char *) slots[JY_TMP_FILES_MAX];
static atomic_int slot_dir[JY_TMP_FILES_MAX];
static atomic_int creating;	/* registered files whose creation is under way */
static mode_t umask_bits = 022; /* read at start: umask(2) can only be read by setting it */

/* Empties a folder and removes it, with system calls alone (a signal
 * handler may run this). Only files: a temporary folder holds no other. */
static void remove_folder(const char *path)
{
	char ents[4096];
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	long n;

	if (fd >= 0) {
		while ((n = syscall(SYS_getdents64, fd, ents, sizeof(ents))) > 0) {
			for (long off = 0; off < n;) {
				struct dirent64 *e = (struct dirent64 *)(ents + off);
				if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
					unlinkat(fd, e->d_name, 0);
				off += e->d_reclen;
			}
		}
		close(fd);
	}
	rmdir(path);
}

static void on_signal(int sig)
{
	/* other threads go on while this runs: let one that is creating a
	 * registered file finish (for at most 0.2 s), so that it is removed */
	struct timespec ms = {0, 1000000};
	for (int i = 0; i < 200 && atomic_load(&creating) > 0; i++)
		nanosleep(&ms, NULL);
	tmp_remove_all();
	/* end as the signal would: its default action, raised while it is still
	 * blocked here, is taken when the handler returns */
	struct sigaction dfl = {0};
	dfl.sa_handler = SIG_DFL;
	sigaction(sig, &dfl, NULL);
	raise(sig);
}

void tmp_remove_all(void)
{
	for (int i = 0; i < JY_TMP_FILES_MAX; i++) {
		const char *p = atomic_load(&slots[i]);
		if (p && atomic_load(&slot_dir[i]))
			remove_folder(p);
		else if (p)
			unlink(p);
	}
}

void tmp_install_handlers(void)
{
	/* The handler stays in place and blocks all three while it runs: a
	 * second signal (timeout(1) sends one to the command and one to its
	 * process group) must not end the process before the files are gone. */
	struct sigaction sa = {0};
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaddset(&sa.sa_mask, SIGHUP);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	umask_bits = umask(022);
	umask(umask_bits);
}

/* Registers path just before the file is created (the string lives until
 * tmp_forget). Returns a slot, or -1 when every slot is taken (the file is
 * then only not removed by a signal). */
static int tmp_register(const char *path, int dir)
{
	atomic_fetch_add(&creating, 1);
	for (int i = 0; i < JY_TMP_FILES_MAX; i++) {
		const char *none = NULL;
		if (atomic_compare_exchange_strong(&slots[i], &none, path)) {
			/* before the file exists: a signal in between has nothing to miss */
			atomic_store(&slot_dir[i], dir);
			return i;
		}
	}
	return -1;
}

/* Right after the attempt to create a registered file, whatever its
 * outcome: a signal that came in between waited for it (a little), so that
 * a file another thread is creating is removed too. */
static void tmp_created(void)
{
	atomic_fetch_sub(&creating, 1);
}

static void tmp_forget(int slot)
{
	if (slot >= 0 && slot < JY_TMP_FILES_MAX) {
		atomic_store(&slots[slot], NULL);
		atomic_store(&slot_dir[slot], 0);
	}
}

/* One attempt: creates the file under a new random name, locks it, and
 * checks that the name still is the locked file (tmp_clean_stale of another
 * command may have found it in the instant before the lock). Returns 1 to
 * try again. */
static int create_once(struct tmp_file *t, const char *target, int dir)
{
	size_t n = strlen(target) + 48;
	struct stat a, b;
	int fd;

	t->path = xmalloc(n);
	snprintf(t->path, n, "%s.tmp-%ld-XXXXXX", target, (long)getpid());
	t->slot = tmp_register(t->path, dir);
	if (dir)
		fd = mkdtemp(t->path) ? open(t->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	else
		fd = mkostemp(t->path, O_CLOEXEC);
	tmp_created();
	if (fd < 0) {
		int e = errno;
		if (dir && errno != EEXIST)
			rmdir(t->path); /* created, then not opened */
		tmp_forget(t->slot);
		free(t->path);
		t->path = NULL;
		errno = e;
		return -1;
	}
	t->fd = fd;
	t->dir = dir;
	if (flock(fd, LOCK_EX) != 0 || fstat(fd, &a) != 0 || lstat(t->path, &b) != 0 ||
	    a.st_ino != b.st_ino || a.st_dev != b.st_dev) {
		close(fd);
		t->fd = -1;
		tmp_forget(t->slot);
		free(t->path);
		t->path = NULL;
		return 1;
	}
	/* the mode a file created by open(2) or mkdir(2) gets, not mkstemp's 0600 */
	fchmod(fd, (dir ? 0777 : 0666) & ~umask_bits);
	return 0;
}

int tmp_create(struct tmp_file *t, const char *target, int dir)
{
	int rc = 1;

	t->path = NULL;
	t->fd = -1;
	t->slot = -1;
	t->dir = dir;
	for (int i = 0; i < 8 && rc == 1; i++)
		rc = create_once(t, target, dir);
	if (rc == 1) {
		errno = EAGAIN;
		rc = -1;
	}
	return rc;
}

/* Forgets a file that has its name, releasing its lock. */
static void release(struct tmp_file *t)
{
	tmp_forget(t->slot);
	t->slot = -1;
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	free(t->path);
	t->path = NULL;
}

int tmp_commit(struct tmp_file *t, const char *target, unsigned flags)
{
	if (!t->path) {
		errno = ENOENT;
		return -1;
	}
	if (renameat2(AT_FDCWD, t->path, AT_FDCWD, target, flags) != 0) {
		if (flags != RENAME_NOREPLACE || (errno != EINVAL && errno != ENOSYS))
			return -1;
		/* a file system without RENAME_NOREPLACE: a hard link cannot replace either */
		if (t->dir || link(t->path, target) != 0)
			return -1;
		unlink(t->path);
	} else if (flags == RENAME_EXCHANGE) { /* what target was is now at t's name */
		if (t->dir)
			remove_folder(t->path);
		else
			unlink(t->path);
	}
	release(t);
	return 0;
}

void tmp_discard(struct tmp_file *t)
{
	if (t->path && t->dir)
		remove_folder(t->path);
	else if (t->path)
		unlink(t->path);
	release(t);
}

/* Is name TARGET.tmp-PID-XXXXXX, with perhaps a database's suffix? Returns
 * the length of its part without the suffix, or 0. */
static size_t stale_name(const char *name, const char *base)
{
	size_t nb = strlen(base), i;
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};

	if (strncmp(name, base, nb) != 0 || strncmp(name + nb, ".tmp-", 5) != 0)
		return 0;
	i = nb + 5;
	if (!(name[i] >= '0' && name[i] <= '9'))
		return 0;
	while (name[i] >= '0' && name[i] <= '9')
		i++;
	if (name[i++] != '-')
		return 0;
	for (int k = 0; k < 6; k++, i++)
		if (!name[i] ||
		    !strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
			    name[i]))
			return 0;
	for (size_t k = 0; k < sizeof(suffixes) / sizeof(suffixes[0]); k++)
		if (strcmp(name + i, suffixes[k]) == 0)
			return i;
	return 0;
}

/* Removes one stale file (with its database suffixes) if nobody holds it. */
static void clean_one(int dfd, const char *dir, const char *name, size_t len)
{
	char main_name[NAME_MAX + 1], other[NAME_MAX + 16];
	struct stat st;

	memcpy(main_name, name, len);
	main_name[len] = '\0';
	int fd = openat(dfd, main_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT && name[len]) /* a suffix whose file is gone */
			unlinkat(dfd, name, 0);
		return;
	}
	if (name[len] || flock(fd, LOCK_EX | LOCK_NB) != 0 || fstat(fd, &st) != 0) {
		close(fd); /* a suffix goes with its file; a locked one is in use */
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		size_t n = strlen(dir) + len + 2;
		char *p = xmalloc(n);
		snprintf(p, n, "%s/%s", dir, main_name);
		remove_folder(p);
		free(p);
	} else if (S_ISREG(st.st_mode)) {
		static const char *const suffixes[] = {"-wal", "-shm", "-journal"};
		for (size_t k = 0; k < sizeof(suffixes) / sizeof(suffixes[0]); k++) {
			snprintf(other, sizeof(other), "%s%s", main_name, suffixes[k]);
			unlinkat(dfd, other, 0);
		}
		unlinkat(dfd, main_name, 0);
	}
	close(fd);
}

void tmp_clean_stale(const char *target)
{
	char *d = xstrdup(target), *b = xstrdup(target);
	const char *dir = dirname(d), *base = basename(b);
	DIR *dp = opendir(dir);
	struct dirent *e;

	if (dp) {
		while ((e = readdir(dp))) {
			size_t len = stale_name(e->d_name, base);
			if (len)
				clean_one(dirfd(dp), dir, e->d_name, len);
		}
		closedir(dp);
	}
	free(d);
	free(b);
}
