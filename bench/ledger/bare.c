/*
 * bare.c - the floor for `jipyo ledger import`: the same CSV split and
 * converted with no checks, each row inserted by one prepared statement into
 * the same ledger_tx table (same indexes, same settings, one transaction:
 * a rollback journal with synchronous=FULL while it writes, WAL again
 * after, as the import). One thread: no line lookup (line 0), no
 * invariants, no cumulative figures.
 *
 * usage: bare DB LEDGER.csv   (DB made by `jipyo import PKG --db DB`)
 */
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const kinds[] = {"본예산", "추경",	  "이월",	  "예비비", "전용", "이용",
				    "이체",   "원인행위", "원인행위취소", "지출",   "반납"};

static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	struct stat sb;
	struct timespec t0, t1;
	long rows = 0;

	if (argc != 3)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int fd = open(argv[2], O_RDONLY);
	if (fd < 0 || fstat(fd, &sb) != 0)
		return 1;
	char *p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0),
	     *end = p + sb.st_size;
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		return 1;
	sqlite3_exec(db,
		     "PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL; PRAGMA cache_size=-262144;"
		     " BEGIN",
		     0, 0, 0);
	if (sqlite3_prepare_v2(db, "INSERT INTO ledger_tx VALUES(NULL,?1,?2,?3,?4,?5,?6,?7,?8,?9)",
			       -1, &st, NULL) != SQLITE_OK)
		return fprintf(stderr, "%s\n", sqlite3_errmsg(db)), 1;
	p = memchr(p, '\n', (size_t)(end - p)) + 1; /* header */
	while (p < end) {
		char *f[9], *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len[9];
		int n = 0;
		if (!nl)
			nl = end;
		for (char *q = p; n < 9;) {
			char *c = memchr(q, ',', (size_t)(nl - q));
			if (!c)
				c = nl;
			f[n] = q, len[n++] = (size_t)(c - q);
			q = c + 1;
		}
		int k = 0;
		while (k < 11 &&
		       (strlen(kinds[k]) != len[5] || memcmp(kinds[k], f[5], len[5]) != 0))
			k++;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, 0);
		sqlite3_bind_int64(st, 2,
				   days_from_civil(atoi(f[1]), atoi(f[1] + 5), atoi(f[1] + 8)));
		sqlite3_bind_int(st, 3, k);
		sqlite3_bind_int64(st, 4, strtoll(f[6], NULL, 10));
		if (len[7])
			sqlite3_bind_text(st, 5, f[7], (int)len[7], SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 5);
		sqlite3_bind_int(st, 6, k >= 4 && k <= 6 ? (f[6][0] == '-' ? 1 : 2) : 0);
		sqlite3_bind_text(st, 7, f[8], (int)len[8], SQLITE_STATIC);
		sqlite3_bind_int64(st, 8, 1);
		sqlite3_bind_int64(st, 9, rows + 2);
		if (sqlite3_step(st) != SQLITE_DONE)
			return fprintf(stderr, "row %ld: %s\n", rows + 2, sqlite3_errmsg(db)), 1;
		rows++;
		p = nl + 1;
	}
	sqlite3_finalize(st);
	sqlite3_exec(db, "COMMIT; PRAGMA journal_mode=WAL", 0, 0, 0);
	sqlite3_close(db);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("bare: %ld rows in %.2f s (%.0f rows/s)\n", rows, s, (double)rows / s);
	return 0;
}
