/*
 * strmap.c - string hash map (see strmap.h).
 */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

void strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof(*m));
}

void strmap_release(struct strmap *m)
{
	free(m->keys);
	free(m->values);
	strmap_init(m);
}

static size_t slot_of(const struct strmap *m, const char *key)
{
	size_t mask = m->cap - 1;
	size_t i = (size_t)hash(key) & mask;

	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & mask;
	return i;
}

static void grow(struct strmap *m)
{
	struct strmap bigger;
	size_t cap = m->cap ? m->cap * 2 : 64;

	bigger.cap = cap;
	bigger.count = m->count;
	bigger.keys = xcalloc(cap, sizeof(*bigger.keys));
	bigger.values = xcalloc(cap, sizeof(*bigger.values));
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t s = slot_of(&bigger, m->keys[i]);
		bigger.keys[s] = m->keys[i];
		bigger.values[s] = m->values[i];
	}
	free(m->keys);
	free(m->values);
	*m = bigger;
}

int strmap_get(const struct strmap *m, const char *key, size_t *value)
{
	size_t s;

	if (!m->cap)
		return 0;
	s = slot_of(m, key);
	if (!m->keys[s])
		return 0;
	if (value)
		*value = m->values[s];
	return 1;
}

int strmap_add(struct strmap *m, const char *key, size_t value, size_t *existing)
{
	size_t s;

	if ((m->count + 1) * 4 > m->cap * 3)
		grow(m);
	s = slot_of(m, key);
	if (m->keys[s]) {
		if (existing)
			*existing = m->values[s];
		return 0;
	}
	m->keys[s] = key;
	m->values[s] = value;
	m->count++;
	return 1;
}

void strmap_put(struct strmap *m, const char *key, size_t value)
{
	size_t s;

	if ((m->count + 1) * 4 > m->cap * 3)
		grow(m);
	s = slot_of(m, key);
	if (!m->keys[s])
		m->count++;
	m->keys[s] = key;
	m->values[s] = value;
}
