/*
 * tmp.h - temporary files that an interrupted command must not leave.
 *
 * Files written under a temporary name and renamed when done (a database
 * being built, a model image, an exported file) are registered while they
 * exist. SIGINT, SIGTERM and SIGHUP remove every registered file and then
 * end the process as the signal would have. Registration is cheap and
 * async-signal-safe to read: the handler only reads pointers and calls
 * unlink(2).
 */
#ifndef JY_TMP_H
#define JY_TMP_H

/* Installs the signal handlers (once, at start). */
void tmp_install_handlers(void);
/* Registers path just before the file is created (the caller keeps the
 * string alive until tmp_forget), and tmp_created right after the attempt,
 * whatever its outcome: a signal that comes in between waits for it (a
 * little), so that a file another thread is creating is removed too.
 * Returns a slot, or -1 when every slot is taken (the file is then only not
 * removed by a signal). */
int tmp_register(const char *path);
void tmp_created(void);
/* Removes every registered file (the process is about to end). */
void tmp_remove_all(void);
/* Forgets the slot (before the string is freed); -1 is ignored. */
void tmp_forget(int slot);

#endif
