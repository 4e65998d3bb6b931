/*
 * strmap.h - a hash map from strings to size_t (open addressing, FNV-1a).
 *
 * Keys are borrowed: they must outlive the map (callers keep them in an
 * arena). Used to intern ids and to index facts by key.
 */
#ifndef JY_STRMAP_H
#define JY_STRMAP_H

#include <stddef.h>

struct strmap {
	const char **keys;
	size_t *values;
	size_t cap;  /* power of two, or 0 */
	size_t count;
};

void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);
/* Returns 1 and sets *value when key is present. */
int strmap_get(const struct strmap *m, const char *key, size_t *value);
/* Inserts or replaces. */
void strmap_put(struct strmap *m, const char *key, size_t value);
/* Inserts when absent; returns 1 if inserted, 0 if present (*value = old). */
int strmap_add(struct strmap *m, const char *key, size_t value, size_t *existing);

#endif
