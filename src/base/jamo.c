/*
 * jamo.c - jamo decomposition and a bounded edit distance (see jamo.h).
 */
#include "jamo.h"

#include <stdlib.h>

#include "mem.h"
#include "utf8.h"

#define SBASE 0xAC00
#define LBASE 0x1100
#define VBASE 0x1161
#define TBASE 0x11A7
#define VCOUNT 21
#define TCOUNT 28
#define NCOUNT (VCOUNT * TCOUNT)
#define SCOUNT 11172

size_t jamo_decompose(const char *s, size_t len, int *out, size_t max)
{
	size_t i = 0, n = 0;

	while (i < len && n < max) {
		int cp, k = utf8_decode(s + i, len - i, &cp);
		if (k <= 0) {
			cp = 0xFFFD;
			k = 1;
		}
		i += (size_t)k;
		if (cp >= SBASE && cp < SBASE + SCOUNT) {
			int si = cp - SBASE;
			int units[3] = {LBASE + si / NCOUNT, VBASE + (si % NCOUNT) / TCOUNT,
					TBASE + si % TCOUNT};
			int nu = si % TCOUNT ? 3 : 2;
			for (int u = 0; u < nu && n < max; u++)
				out[n++] = units[u];
			continue;
		}
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		out[n++] = cp;
	}
	return n;
}

int jamo_distance(const int *a, size_t na, const int *b, size_t nb, int limit)
{
	size_t w = nb + 1;
	int small[3 * 129]; /* words of up to 128 units need no allocation */
	int *mem, *prev2, *prev, *cur, best, d;

	if ((na > nb ? na - nb : nb - na) > (size_t)limit)
		return limit + 1;
	mem = prev2 =
		3 * w <= sizeof(small) / sizeof(small[0]) ? small : xmalloc(3 * w * sizeof(int));
	prev = prev2 + w;
	cur = prev + w;
	for (size_t j = 0; j <= nb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= na; i++) {
		cur[0] = (int)i;
		best = cur[0];
		for (size_t j = 1; j <= nb; j++) {
			int cost = a[i - 1] != b[j - 1];
			d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (prev[j - 1] + cost < d)
				d = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1;
			cur[j] = d;
			if (d < best)
				best = d;
		}
		if (best > limit) {
			if (mem != small)
				free(mem);
			return limit + 1;
		}
		int *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	d = prev[nb];
	if (mem != small)
		free(mem);
	return d > limit ? limit + 1 : d;
}
