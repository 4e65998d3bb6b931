/*
 * asof.c - as-of latency inside one process, as a server would answer:
 * the figures of one division (its lines' cumulative points looked up and
 * added) and of a whole office (every line under it), for random units and
 * offices; medians and 99th percentiles over the draws. The view (units and
 * lines) is read once, outside the timing, as a running server holds it.
 *
 * usage: asof DB YYYY-MM-DD [DRAWS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ledger/ledger.h"
#include "store/ledger_store.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The lines under unit u (its own and its children's), as a server keeps
 * them: found before the timing. */
static size_t lines_under(const struct ledger_view *v, size_t u, size_t *out)
{
	size_t n = 0;
	for (size_t i = 0; i < v->n_lines; i++) {
		size_t lu = v->lines[i].unit_ix;
		if (lu == u || (lu != (size_t)-1 && v->units[lu].parent &&
				strcmp(v->units[lu].parent, v->units[u].id) == 0))
			out[n++] = i;
	}
	return n;
}

/* Times the figures of the lines ix[0..n). */
static double one(struct ledger_db *db, const struct ledger_view *v, const size_t *ix, size_t n,
		  long day, struct ledger_cum *sum)
{
	struct jy_err err;
	double t0 = now_ms();
	memset(sum, 0, sizeof(*sum));
	for (size_t i = 0; i < n; i++) {
		struct ledger_cum c;
		if (ledger_asof(db, v->lines[ix[i]].id, day, &c, &err))
			exit(1);
		ledger_cum_sum(sum, &c);
	}
	return now_ms() - t0;
}

static void report(const char *what, double *t, int n, size_t lines)
{
	qsort(t, (size_t)n, sizeof(*t), cmp_d);
	printf("%s: median %.3f ms, p99 %.3f ms (%d draws, %zu lines each)\n", what, t[n / 2],
	       t[n * 99 / 100], n, lines);
}

int main(int argc, char **argv)
{
	struct ledger_db *db;
	struct ledger_view v;
	struct jy_err err;
	int draws = argc > 3 ? atoi(argv[3]) : 200;
	if (argc < 3 || ledger_db_open(argv[1], &db, &err) || ledger_view_load(db, &v, &err))
		return fprintf(stderr, "usage: asof DB DATE [DRAWS]\n"), 2;
	long day = ledger_parse_day(argv[2], 0);
	double *t = calloc((size_t)draws, sizeof(*t));
	struct ledger_cum s;
	srand(1);
	/* a division: a unit with a parent; an office: one without */
	size_t *ix = calloc(v.n_lines + 1, sizeof(*ix));
	for (int kind = 0; kind < 2; kind++) {
		size_t lines = 0;
		for (int i = 0; i < draws;) {
			size_t u = (size_t)rand() % v.n_units;
			if ((v.units[u].parent != NULL) != (kind == 0))
				continue;
			size_t n = lines_under(&v, u, ix);
			if (!n)
				continue;
			lines = n;
			t[i++] = one(db, &v, ix, n, day, &s);
		}
		report(kind == 0 ? "one division" : "one office", t, draws, lines);
	}
	free(ix);
	free(t);
	ledger_view_release(&v);
	ledger_db_close(db);
	return 0;
}
