/*
 * shim.c - an LD_PRELOAD library for the crash test (tests/crash/run.sh).
 *
 * Counts the calls that make a write durable or visible (fsync, fdatasync,
 * rename, renameat, renameat2, unlink, unlinkat, link, linkat), SQLite's
 * included, and kills the process with SIGKILL just before (CRASH_WHEN=
 * before) or just after (after) the CRASH_AT-th one: what a power cut or
 * `kill -9` at that moment leaves. With CRASH_COUNT=FILE it kills nothing
 * and writes the number of calls to FILE at exit.
 */
#include <dlfcn.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static atomic_long calls;
static long crash_at = -1;
static int crash_after;

__attribute__((constructor)) static void shim_setup(void)
{
	const char *at = getenv("CRASH_AT"), *when = getenv("CRASH_WHEN");
	if (at)
		crash_at = atol(at);
	crash_after = when && strcmp(when, "after") == 0;
}

__attribute__((destructor)) static void shim_report(void)
{
	const char *path = getenv("CRASH_COUNT");
	FILE *f = path ? fopen(path, "w") : NULL;
	if (f) {
		fprintf(f, "%ld\n", atomic_load(&calls));
		fclose(f);
	}
}

/* One call counted: the process ends here when it is the chosen one. */
static long shim_enter(void)
{
	long n = atomic_fetch_add(&calls, 1) + 1;
	if (n == crash_at && !crash_after)
		kill(getpid(), SIGKILL);
	return n;
}

static void shim_leave(long n)
{
	if (n == crash_at && crash_after)
		kill(getpid(), SIGKILL);
}

#define SHIM(name, params, args)                                                                   \
	int name params                                                                            \
	{                                                                                          \
		static int(*real) params;                                                          \
		if (!real)                                                                         \
			*(void **)&real = dlsym(RTLD_NEXT, #name);                                 \
		long n = shim_enter();                                                             \
		int rc = real args;                                                                \
		shim_leave(n);                                                                     \
		return rc;                                                                         \
	}

SHIM(fsync, (int fd), (fd))
SHIM(fdatasync, (int fd), (fd))
SHIM(rename, (const char *from, const char *to), (from, to))
SHIM(renameat, (int dfrom, const char *from, int dto, const char *to), (dfrom, from, dto, to))
SHIM(renameat2, (int dfrom, const char *from, int dto, const char *to, unsigned flags),
     (dfrom, from, dto, to, flags))
SHIM(unlink, (const char *path), (path))
SHIM(unlinkat, (int dir, const char *path, int flags), (dir, path, flags))
SHIM(link, (const char *from, const char *to), (from, to))
SHIM(linkat, (int dfrom, const char *from, int dto, const char *to, int flags),
     (dfrom, from, dto, to, flags))
