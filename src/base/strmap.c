/*
 * strmap.c - string hash map (see strmap.h).
 *
 * The hash reads eight bytes at a time and mixes with a 64x64->128-bit
 * multiply (the "mum" step of wyhash-style hashes): ids and fact keys are
 * 10-100 bytes, where byte-at-a-time FNV was a visible cost.
 */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

uint64_t strmap_hash(const char *s, size_t n)
{
	const uint64_t p0 = 0xa0761d6478bd642fULL, p1 = 0xe7037ed1a0b428dbULL;
	const unsigned char *p = (const unsigned char *)s;
	uint64_t h = p0 ^ n;
	uint64_t w;

	for (; n >= 8; n -= 8, p += 8) {
		memcpy(&w, p, 8);
		h = strmap_mix(h ^ w, p1);
	}
	w = 0;
	if (n)
		memcpy(&w, p, n);
	h = strmap_mix(h ^ w ^ p1, p0);
	h = strmap_mix(h, p1 ^ 0x8ebc6af09c88c6e3ULL);
	return h ? h : 1;
}

void strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof(*m));
}

void strmap_release(struct strmap *m)
{
	free(m->slots);
	strmap_init(m);
}

/* The slot holding key (hash h, n bytes), or the empty slot where it goes. */
static size_t slot_of(const struct strmap *m, const char *key, size_t n, uint64_t h)
{
	size_t mask = m->cap - 1;
	size_t i = (size_t)h & mask;

	for (;;) {
		const struct strmap_slot *s = &m->slots[i];
		if (!s->hash)
			return i;
		if (s->hash == h && strncmp(s->key, key, n) == 0 && s->key[n] == '\0')
			return i;
		i = (i + 1) & mask;
	}
}

static void resize(struct strmap *m, size_t cap)
{
	struct strmap_slot *old = m->slots;
	size_t old_cap = m->cap;

	m->slots = xcalloc(cap, sizeof(*m->slots));
	m->cap = cap;
	for (size_t i = 0; i < old_cap; i++) {
		if (!old[i].hash)
			continue;
		size_t j = (size_t)old[i].hash & (cap - 1);
		while (m->slots[j].hash)
			j = (j + 1) & (cap - 1);
		m->slots[j] = old[i];
	}
	free(old);
}

void strmap_reserve(struct strmap *m, size_t n)
{
	size_t cap = m->cap ? m->cap : 64;

	while (n * 4 > cap * 3)
		cap *= 2;
	if (cap != m->cap)
		resize(m, cap);
}

int strmap_getn(const struct strmap *m, const char *key, size_t n, size_t *value)
{
	if (!m->cap)
		return 0;
	size_t s = slot_of(m, key, n, strmap_hash(key, n));
	if (!m->slots[s].hash)
		return 0;
	if (value)
		*value = m->slots[s].value;
	return 1;
}

int strmap_get(const struct strmap *m, const char *key, size_t *value)
{
	return strmap_getn(m, key, strlen(key), value);
}

int strmap_add_hashed(struct strmap *m, const char *key, uint64_t hash, size_t value,
		      size_t *existing)
{
	size_t s;

	if ((m->count + 1) * 4 > m->cap * 3)
		strmap_reserve(m, m->count + 1);
	s = slot_of(m, key, strlen(key), hash);
	if (m->slots[s].hash) {
		if (existing)
			*existing = m->slots[s].value;
		return 0;
	}
	m->slots[s] = (struct strmap_slot){hash, key, value};
	m->count++;
	return 1;
}

int strmap_add(struct strmap *m, const char *key, size_t value, size_t *existing)
{
	return strmap_add_hashed(m, key, strmap_hash(key, strlen(key)), value, existing);
}

void strmap_put(struct strmap *m, const char *key, size_t value)
{
	size_t n = strlen(key);
	uint64_t h = strmap_hash(key, n);
	size_t s;

	if ((m->count + 1) * 4 > m->cap * 3)
		strmap_reserve(m, m->count + 1);
	s = slot_of(m, key, n, h);
	if (!m->slots[s].hash)
		m->count++;
	m->slots[s] = (struct strmap_slot){h, key, value};
}
