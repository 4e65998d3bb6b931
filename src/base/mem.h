/*
 * mem.h - allocation that never returns NULL, and arenas.
 *
 * Allocation failure is not an input error we can report usefully, so
 * xmalloc and friends end the process: a message, the temporary files
 * removed (base/tmp.h), exit status 1. An arena owns many small allocations that share
 * one lifetime (one command, one request, one loaded model) and frees them
 * together with arena_release().
 */
#ifndef JY_MEM_H
#define JY_MEM_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* At a multiple of align (a power of two); released with free. */
void *xmalloc_aligned(size_t align, size_t size);
char *xstrdup(const char *s);

/* Grows *items (of *cap elements of elem_size) so that it holds at least
 * need elements; doubles to keep appends amortised O(1). */
void xgrow(void **items, size_t *cap, size_t need, size_t elem_size);
#define XGROW(arr, cap, need) xgrow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t block_bytes; /* size of the next block to allocate */
};

void arena_init(struct arena *a);
/* An arena whose first block is allocated now and holds first_bytes (what
 * the caller knows it needs: the cells of a piece of a file fit in its
 * bytes), in huge pages when large (see JY_HUGE_ALLOC_BYTES). */
void arena_init_sized(struct arena *a, size_t first_bytes);
void arena_release(struct arena *a);
/* Frees everything allocated so far but keeps the newest block for reuse:
 * a scratch arena emptied after each unit of work. */
void arena_reset(struct arena *a);
/* The bytes its blocks hold (what decides whether a kept arena is reset or
 * released). */
size_t arena_held(const struct arena *a);
/* The bytes given out so far (what a kept arena has spent). */
size_t arena_used(const struct arena *a);
/* Moves every allocation of src into dst (src is left empty): what a worker
 * thread built in its own arena then shares dst's lifetime. */
void arena_adopt(struct arena *dst, struct arena *src);
void *arena_alloc(struct arena *a, size_t size);
void *arena_zalloc(struct arena *a, size_t size);
/* Unaligned bytes (strings): no padding between them. */
void *arena_bytes(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
