/*
 * mem.c - allocators that end the process when memory runs out and a bump-pointer arena (see
 * mem.h).
 */
#include "mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "err.h"
#include "msg.h"
#include "tmp.h"

/* Out of memory is the machine's limit, not a bug: exit 3 (an environment
 * failure, err.c's jy_exit_of), with the files being written under temporary names removed, and
 * no core dump. Nothing is committed: a database keeps its content. */
static void die_oom(size_t size)
{
	fprintf(stderr, "%s: ", msg(M_ERROR));
	msg_print(stderr, M_OUT_OF_MEMORY, size);
	fputc('\n', stderr);
	tmp_remove_all();
	_exit(jy_exit_of(JY_ENOMEM));
}

/* Asks for huge pages under the 2 MiB extents that lie wholly in a large
 * allocation not yet touched (one fault, not 512, for each; see
 * JY_HUGE_ALLOC_BYTES). A hint: where the kernel has them off, or refuses,
 * nothing changes. */
static void *advise_huge(void *p, size_t size)
{
	const uintptr_t huge = 2 * 1024 * 1024;

	if (size >= (size_t)JY_HUGE_ALLOC_BYTES) {
		uintptr_t lo = ((uintptr_t)p + huge - 1) & ~(huge - 1);
		uintptr_t hi = ((uintptr_t)p + size) & ~(huge - 1);
		if (hi > lo)
			(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
	}
	return p;
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		die_oom(size);
	return advise_huge(p, size);
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		die_oom(count * size);
	return advise_huge(p, count * size);
}

void *xmalloc_aligned(size_t align, size_t size)
{
	void *p = NULL;

	if (align < sizeof(void *))
		align = sizeof(void *);
	if (posix_memalign(&p, align, size ? size : 1))
		die_oom(size);
	return advise_huge(p, size);
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		die_oom(size);
	return advise_huge(p, size);
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

void xgrow(void **items, size_t *cap, size_t need, size_t elem_size)
{
	size_t n = *cap ? *cap : 8;

	if (need <= *cap)
		return;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			die_oom(SIZE_MAX);
		n *= 2;
	}
	if (n > SIZE_MAX / elem_size)
		die_oom(SIZE_MAX);
	*items = xrealloc(*items, n * elem_size);
	*cap = n;
}

struct arena_block {
	struct arena_block *next;
	size_t used;
	size_t size;
	max_align_t data[]; /* aligned storage follows */
};

enum { ARENA_FIRST_BLOCK_BYTES = 16 * 1024, ARENA_BLOCK_BYTES_MAX = 4 * 1024 * 1024 };

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->block_bytes = ARENA_FIRST_BLOCK_BYTES;
}

static struct arena_block *arena_block_new(struct arena *a, size_t bytes)
{
	struct arena_block *b = xmalloc(sizeof(*b) + bytes);
	b->size = bytes;
	b->used = 0;
	b->next = a->head;
	a->head = b;
	return b;
}

void arena_init_sized(struct arena *a, size_t first_bytes)
{
	arena_init(a);
	arena_block_new(a, first_bytes);
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;

	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	arena_init(a);
}

void arena_reset(struct arena *a)
{
	struct arena_block *b = a->head;

	if (!b)
		return;
	struct arena_block *rest = b->next;
	while (rest) {
		struct arena_block *next = rest->next;
		free(rest);
		rest = next;
	}
	b->next = NULL;
	b->used = 0;
}

size_t arena_held(const struct arena *a)
{
	size_t n = 0;
	for (const struct arena_block *b = a->head; b; b = b->next)
		n += b->size;
	return n;
}

size_t arena_used(const struct arena *a)
{
	size_t n = 0;
	for (const struct arena_block *b = a->head; b; b = b->next)
		n += b->used;
	return n;
}

void arena_adopt(struct arena *dst, struct arena *src)
{
	struct arena_block *tail = src->head;

	if (!tail)
		return;
	while (tail->next)
		tail = tail->next;
	/* src's blocks go after dst's newest one, so dst keeps allocating there */
	if (dst->head) {
		tail->next = dst->head->next;
		dst->head->next = src->head;
	} else {
		dst->head = src->head;
	}
	src->head = NULL;
	arena_init(src);
}

/* size bytes at an address that is a multiple of align (a power of two). */
static void *arena_take(struct arena *a, size_t size, size_t align)
{
	struct arena_block *b = a->head;
	size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;

	if (size > SIZE_MAX - align)
		die_oom(size);
	if (!b || at > b->size || b->size - at < size) {
		size_t bytes = a->block_bytes;
		if (bytes < size)
			bytes = size;
		b = arena_block_new(a, bytes);
		if (a->block_bytes < ARENA_BLOCK_BYTES_MAX)
			a->block_bytes *= 2;
		at = 0;
	}
	b->used = at + size;
	return (char *)b->data + at;
}

void *arena_alloc(struct arena *a, size_t size)
{
	return arena_take(a, size, sizeof(max_align_t));
}

void *arena_bytes(struct arena *a, size_t size)
{
	return arena_take(a, size, 1);
}

void *arena_zalloc(struct arena *a, size_t size)
{
	return memset(arena_alloc(a, size), 0, size);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_bytes(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	p = arena_bytes(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
