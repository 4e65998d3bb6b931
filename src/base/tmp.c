/*
 * tmp.c - temporary files removed when a signal ends the process (tmp.h).
 */
#include "tmp.h"

#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <time.h>
#include <unistd.h>

#include "limits.h"

static _Atomic(const char *) slots[JY_TMP_FILES_MAX];
static atomic_int creating; /* registered files whose creation is under way */

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
		if (p)
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
}

int tmp_register(const char *path)
{
	atomic_fetch_add(&creating, 1);
	for (int i = 0; i < JY_TMP_FILES_MAX; i++) {
		const char *none = NULL;
		if (atomic_compare_exchange_strong(&slots[i], &none, path))
			return i;
	}
	return -1;
}

void tmp_created(void)
{
	atomic_fetch_sub(&creating, 1);
}

void tmp_forget(int slot)
{
	if (slot >= 0 && slot < JY_TMP_FILES_MAX)
		atomic_store(&slots[slot], NULL);
}
