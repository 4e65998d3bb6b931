/*
 * tmp.h - temporary files and folders: created where no other user can
 * plant them, recognised when a killed command left them, removed when a
 * signal ends the process.
 *
 * Whatever is written under a temporary name and renamed when done (a
 * database being built, a model image, an exported file or package) is
 * created beside its target as TARGET.tmp-PID-XXXXXX: O_EXCL with a random
 * suffix (mkstemp), so that no name can be planted in advance, and locked
 * (flock) for as long as it exists, so that a later command can tell one
 * whose creator is gone (tmp_clean_stale) from one being written. Files
 * are registered while they exist: SIGINT, SIGTERM and SIGHUP remove every
 * registered file and then end the process as the signal would have.
 * Registration is cheap and async-signal-safe to read: the handler only
 * reads pointers and calls unlink(2) (and, for a folder, getdents64).
 * docs/DESIGN.md, "Temporary files, crashes and the image as a cache".
 */
#ifndef JY_TMP_H
#define JY_TMP_H

/* A temporary file or folder, created and locked by tmp_create. */
struct tmp_file {
	char *path; /* NULL: none */
	int fd;	    /* holds the lock; -1: none */
	int slot;
	int dir;
};

/* Installs the signal handlers (once, at start). */
void tmp_install_handlers(void);
/* Creates a file (dir: a folder) beside target, with the mode a new file
 * gets (0666 or 0777 less the umask), locked and registered. Returns 0, or
 * -1 with errno set and nothing created. */
int tmp_create(struct tmp_file *t, const char *target, int dir);
/* Gives the file its name with renameat2(flags): 0 replaces, RENAME_NOREPLACE
 * (done with link(2) where the file system lacks it) or RENAME_EXCHANGE
 * (what target was is then removed, a folder with its files).
 * Returns 0 (the file is then forgotten and its lock released) or -1 with
 * errno set (the file is as it was). */
int tmp_commit(struct tmp_file *t, const char *target, unsigned flags);
/* Removes the file (a folder with the files in it) unless committed, and
 * releases what t holds. */
void tmp_discard(struct tmp_file *t);
/* Removes the temporary files of target (and a database's -wal, -shm,
 * -journal beside them) whose creator is gone: those nobody holds locked. */
void tmp_clean_stale(const char *target);

/* Removes every registered file (the process is about to end). */
void tmp_remove_all(void);

#endif
