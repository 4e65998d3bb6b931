/*
 * terms.c - the term check (see terms.h; why and the thresholds in
 * docs/DESIGN.md, "Term check").
 *
 * The glossary is the report's own names, taken from the data: the words of
 * node titles, unit and member names, the values of place and organisation
 * fields (위치, 장소, 대상지, 운영기관 …), and Latin words the report prints
 * at least twice. Every word of the narrative rows (texts, fields, titles,
 * milestones, functions) that is long enough, is not itself in the glossary
 * (nor is it once a trailing particle is taken off), and lies at edit
 * distance 1 from a glossary word over jamo (Hangul) or letters (Latin),
 * is reported once as a warning with every line that prints it.
 */
#include "terms.h"

#include <stdlib.h>
#include <string.h>

#include "base/jamo.h"
#include "base/mem.h"
#include "base/strmap.h"
#include "base/utf8.h"

/* A word shorter than this is too often a different word one jamo away
 * (정책/정착, 학과/학교): four syllables, or six Latin letters. */
#define MIN_SYLLABLES 4
#define MIN_LATIN 6
/* A word printed this often is the report's own spelling, not a slip. */
#define MAX_TYPO_COUNT 2
#define WORD_UNITS_MAX 128

struct word {
	const char *text;
	int units[WORD_UNITS_MAX];
	size_t n_units;
	size_t count;
	int latin;	    /* only Latin letters */
	const char *origin; /* glossary: where the name comes from */
	/* the sources of its occurrences, each once; only a word printed at
	 * most MAX_TYPO_COUNT times is reported, so no more are kept (a word of
	 * every block has thousands) */
	const char *sources[MAX_TYPO_COUNT];
	enum resource_id res[MAX_TYPO_COUNT]; /* the row printing it there */
	size_t offsets[MAX_TYPO_COUNT];	      /* bytes into the row's cell */
	size_t n_sources;
};

struct words {
	struct word **v;
	size_t n, cap;
	struct strmap index;
};

static void words_init(struct words *w)
{
	memset(w, 0, sizeof(*w));
	strmap_init(&w->index);
}

static void words_release(struct words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	strmap_release(&w->index);
}

static struct word *words_get(struct words *w, struct arena *a, const char *s, size_t len)
{
	size_t i;

	/* most words were seen before: copied only when new */
	if (strmap_getn(&w->index, s, len, &i))
		return w->v[i];
	char *key = arena_strndup(a, s, len);
	struct word *x = xcalloc(1, sizeof(*x));
	x->text = key;
	x->n_units = jamo_decompose(key, len, x->units, WORD_UNITS_MAX);
	XGROW(w->v, w->cap, w->n + 1);
	w->v[w->n] = x;
	strmap_put(&w->index, key, w->n++);
	return x;
}

static int is_hangul(int c)
{
	return c >= 0xAC00 && c <= 0xD7A3;
}

static int is_latin(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Calls fn for every word of s: a run of Hangul syllables and Latin letters
 * (a word with a digit is a number's, not a name's, and is skipped). */
static void each_word(const char *s, void (*fn)(void *, const char *, size_t, int, int), void *ctx)
{
	size_t len = strlen(s), i = 0;

	while (i < len) {
		size_t start = i, end;
		int syl = 0, lat = 0, other = 0, cp, k;
		while (i < len && (k = utf8_decode(s + i, len - i, &cp)) > 0 &&
		       (is_hangul(cp) || is_latin(cp) || (cp >= '0' && cp <= '9'))) {
			syl += is_hangul(cp);
			lat += is_latin(cp);
			other += cp >= '0' && cp <= '9';
			i += (size_t)k;
		}
		end = i;
		if (end > start && !other)
			fn(ctx, s + start, end - start, syl, lat);
		if (i < len) {
			k = utf8_decode(s + i, len - i, &cp);
			i += k > 0 ? (size_t)k : 1;
		}
	}
}

/* Bytes of a particle the word ends with in running text ("…사관학교를"),
 * when at least `keep` bytes of the word remain; else 0. */
static size_t particle_len(const char *s, size_t len, size_t keep)
{
	static const char *const p[] = {
		"에서", "으로", "에게", "까지", "부터", "에는", "에도", "과의", "와의", "을", "를",
		"이",	"가",	"은",	"는",	"의",	"에",	"로",	"와",	"과",	"도", "만"};
	for (size_t i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
		size_t n = strlen(p[i]);
		if (len >= n + keep && memcmp(s + len - n, p[i], n) == 0)
			return n;
	}
	return 0;
}

/* Whether a and b differ only where one has a particle: "조성으로" and
 * "조성을" (one word, two particles), "동대문과" and "동대문구" (동대문 and
 * 과 "and", beside the district's name). */
static int particle_only(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t sa = la - particle_len(a, la, 3), sb = lb - particle_len(b, lb, 3);
	return (sa < la && sa <= lb && memcmp(a, b, sa) == 0) ||
	       (sb < lb && sb <= la && memcmp(a, b, sb) == 0);
}

struct ctx {
	struct arena *arena;
	struct words gloss, seen;
	const char *origin; /* adding to the glossary: where from */
	const char *source; /* adding occurrences: the row's source */
	const char *cell;   /* … its cell, and its resource */
	enum resource_id res;
	int long_only;
};

static int long_enough(int syl, int lat)
{
	return syl >= MIN_SYLLABLES || (syl == 0 && lat >= MIN_LATIN);
}

static void add_gloss(void *p, const char *s, size_t len, int syl, int lat)
{
	struct ctx *c = p;
	if (syl + lat < 2)
		return;
	struct word *w = words_get(&c->gloss, c->arena, s, len);
	if (!w->origin)
		w->origin = c->origin;
	w->latin = syl == 0;
	w->count++;
}

static void add_seen(void *p, const char *s, size_t len, int syl, int lat)
{
	struct ctx *c = p;
	if (!long_enough(syl, lat))
		return;
	struct word *w = words_get(&c->seen, c->arena, s, len);
	w->latin = syl == 0;
	w->count++;
	if (!*c->source || w->count > MAX_TYPO_COUNT)
		return;
	for (size_t i = 0; i < w->n_sources; i++)
		if (strcmp(w->sources[i], c->source) == 0)
			return;
	w->res[w->n_sources] = c->res;
	w->offsets[w->n_sources] = (size_t)(s - c->cell);
	w->sources[w->n_sources++] = c->source;
}

static void gloss_column(struct ctx *c, const struct model *m, enum resource_id r,
			 const char *field, const char *origin)
{
	const struct table *t = &m->tables[r];
	int f = schema_field_index(t->def, field);
	if (f < 0)
		return;
	c->origin = arena_printf(c->arena, "%s.%s", t->def->name, origin);
	for (size_t row = 0; row < t->n_rows; row++)
		each_word(table_cell(t, row, f), add_gloss, c);
}

static void seen_column(struct ctx *c, const struct model *m, enum resource_id r, const char *field)
{
	const struct table *t = &m->tables[r];
	int f = schema_field_index(t->def, field), s = schema_field_index(t->def, "source");
	if (f < 0)
		return;
	c->res = r;
	for (size_t row = 0; row < t->n_rows; row++) {
		c->source = s >= 0 ? table_cell(t, row, s) : "";
		c->cell = table_cell(t, row, f);
		each_word(c->cell, add_seen, c);
	}
}

/* Keys of fields whose values are names of places and organisations. */
static int place_key(const char *k)
{
	static const char *const w[] = {"위치", "장소", "대상지", "기관", "법인", "주관", "주최"};
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (strstr(k, w[i]))
			return 1;
	return 0;
}

static int in_gloss(struct ctx *c, const char *s, size_t len)
{
	size_t i;
	return strmap_getn(&c->gloss.index, s, len, &i);
}

void check_terms(const struct model *m, struct check_result *res)
{
	struct ctx c = {.arena = &res->arena};

	words_init(&c.gloss);
	words_init(&c.seen);
	gloss_column(&c, m, RES_NODES, "title_ko", "title_ko");
	gloss_column(&c, m, RES_UNITS, "name_ko", "name_ko");
	gloss_column(&c, m, RES_MEMBERS, "name_ko", "name_ko");
	const struct table *ft = &m->tables[RES_FIELDS];
	for (size_t row = 0; row < ft->n_rows; row++)
		if (place_key(table_get(ft, row, "key"))) {
			c.origin = arena_printf(c.arena, "fields.%s", table_get(ft, row, "key"));
			each_word(table_get(ft, row, "value"), add_gloss, &c);
		}
	seen_column(&c, m, RES_TEXTS, "text");
	seen_column(&c, m, RES_FIELDS, "value");
	seen_column(&c, m, RES_MILESTONES, "title");
	seen_column(&c, m, RES_FUNCTIONS, "text");
	/* Latin words the report prints twice are its spelling of a name. */
	for (size_t i = 0; i < c.seen.n; i++) {
		struct word *w = c.seen.v[i];
		if (w->latin && w->count >= 2 && !in_gloss(&c, w->text, strlen(w->text))) {
			struct word *g = words_get(&c.gloss, c.arena, w->text, strlen(w->text));
			g->origin = "repeated Latin word";
			g->latin = 1;
		}
	}

	for (size_t i = 0; i < c.seen.n; i++) {
		struct word *w = c.seen.v[i];
		size_t len = strlen(w->text);
		/* a stem to compare only when it is itself long: "평가" ends in 가 */
		size_t plen = w->latin ? 0 : particle_len(w->text, len, 3 * MIN_SYLLABLES);
		int stem[WORD_UNITS_MAX];
		size_t n_stem = 0;

		if (w->count > MAX_TYPO_COUNT || in_gloss(&c, w->text, len) ||
		    (plen && in_gloss(&c, w->text, len - plen)))
			continue;
		if (plen)
			n_stem = jamo_decompose(w->text, len - plen, stem, WORD_UNITS_MAX);
		for (size_t g = 0; g < c.gloss.n; g++) {
			struct word *e = c.gloss.v[g];
			if (e->latin != w->latin || e->n_units < 6)
				continue;
			int hit =
				jamo_distance(w->units, w->n_units, e->units, e->n_units, 1) == 1 ||
				(n_stem &&
				 jamo_distance(stem, n_stem, e->units, e->n_units, 1) == 1);
			if (!hit || particle_only(w->text, e->text))
				continue;
			struct finding *f = check_add_finding(res);
			f->rule = "term-check";
			f->kind = FK_TERM;
			f->severity = SEV_WARNING;
			f->msg = MSG_TERM;
			f->word = w->text;
			f->name = e->text;
			f->name_origin = e->origin;
			f->latin = w->latin;
			f->expr = arena_printf(&res->arena, "%s ≈ %s", w->text, e->text);
			for (size_t k = 0; k < w->n_sources; k++) {
				struct target *t =
					check_add_target(f, &res->arena, TARGET_SPAN, ROLE_STATED);
				t->res = w->res[k];
				t->text = w->text;
				t->offset = w->offsets[k];
				t->length = strlen(w->text);
				t->source = w->sources[k];
			}
			break;
		}
	}
	words_release(&c.gloss);
	words_release(&c.seen);
}
