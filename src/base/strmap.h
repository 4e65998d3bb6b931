/*
 * strmap.h - a hash map from strings to size_t (open addressing, linear
 * probing, 64-bit hashes stored beside the keys).
 *
 * Keys are borrowed: they must outlive the map (callers keep them in an
 * arena). Used to intern ids and to index rows by key. Each slot keeps the
 * key's full hash, so a probe compares strings only when the hashes agree
 * and growing never rehashes a key: at a million keys, string compares of
 * keys that live elsewhere in memory were most of the cost.
 */
#ifndef JY_STRMAP_H
#define JY_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
	uint64_t hash; /* of key; 0 only in empty slots (strmap_hash never returns 0) */
	const char *key;
	size_t value;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap; /* power of two, or 0 */
	size_t count;
};

void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);
/* Returns 1 and sets *value when key is present. */
int strmap_get(const struct strmap *m, const char *key, size_t *value);
/* The same for the n bytes at key (no NUL needed): a key inside a longer text. */
int strmap_getn(const struct strmap *m, const char *key, size_t n, size_t *value);
/* Inserts or replaces. */
void strmap_put(struct strmap *m, const char *key, size_t value);
/* Inserts when absent; returns 1 if inserted, 0 if present (*value = old). */
int strmap_add(struct strmap *m, const char *key, size_t value, size_t *existing);
/* strmap_add with a hash already computed by strmap_hash(key, strlen(key)). */
int strmap_add_hashed(struct strmap *m, const char *key, uint64_t hash, size_t value,
		      size_t *existing);
/* Makes room for n keys in all, so that adding them never grows the table. */
void strmap_reserve(struct strmap *m, size_t n);

/* The mixing step of the hash (a 128-bit multiply folded to 64 bits), for
 * callers that hash other keys the same way. */
static inline uint64_t strmap_mix(uint64_t a, uint64_t b)
{
	unsigned __int128 r = (unsigned __int128)a * b;
	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

/* The hash the map uses (never 0); exposed so callers can hash once. */
uint64_t strmap_hash(const char *s, size_t n);

/* Calls fn for every key (in slot order, which is not insertion order). */
#define STRMAP_FOREACH(m, slot)                                                                    \
	for (const struct strmap_slot *slot = (m)->slots; slot && slot < (m)->slots + (m)->cap;    \
	     slot++)                                                                               \
		if (slot->hash)

#endif
