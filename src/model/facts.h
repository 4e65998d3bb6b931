/*
 * facts.h - the typed view of a model's measures, dimensions and facts.
 *
 * factset_build parses every fact (coordinates in the measure's dimension
 * order, the value as an exact decimal, the printed token as a Korean number
 * with its precision) and indexes them by key, by measure and by member.
 * Problems are reported through a diag (see diag.h). The factset borrows the
 * model's strings and reads a fact's strings from its row of the model's
 * facts table: it must not outlive the model.
 *
 * Every coordinate is also held as a dense integer id (a member's index in
 * its dimension, an interned period, kind and table), so the key of a fact
 * is a tuple of integers: looking a fact up hashes a few words and compares
 * integers instead of building and comparing strings.
 */
#ifndef JY_FACTS_H
#define JY_FACTS_H

#include <stdint.h>

#include "base/dec.h"
#include "base/limits.h"
#include "base/strmap.h"
#include "dates.h"
#include "diag.h"
#include "model.h"

/* An id that names nothing (a pinned member that does not exist): it equals
 * no coordinate, so a lookup with it finds no fact. */
#define FS_NONE UINT32_MAX

enum aggregation { AGG_FLOW, AGG_STOCK, AGG_RATE, AGG_LEVEL };

struct measure_info {
	const char *id;
	const char *name_ko, *name_en;
	const char *unit, *base_unit;
	struct dec scale;
	const char *dims[JY_FACT_DIMS_MAX];
	int n_dims;
	int dim_index[JY_FACT_DIMS_MAX]; /* index of dims[i] in factset.dims */
	enum aggregation aggregation;
	int rounded;
	const char *not_applicable; /* printed forms meaning n/a, '|'-separated ("" none) */
	size_t *facts;		    /* indexes into factset.facts */
	size_t n_facts, cap_facts;
};

/* The key of a fact as ids: measure, members in the measure's dims order,
 * period, kind and table. Unused member slots are 0. */
struct fact_coord {
	uint32_t measure;
	uint32_t members[JY_FACT_DIMS_MAX];
	uint32_t period, kind, table;
};

/* Parts of a fact_coord a grouping ignores: member i is bit i. */
enum {
	COORD_PERIOD = 1u << JY_FACT_DIMS_MAX,
	COORD_KIND = COORD_PERIOD << 1,
	COORD_TABLE = COORD_KIND << 1,
	COORD_MEMBERS = COORD_PERIOD - 1
};

/* What rules read comes first: records start on a cache line (factset_begin
 * aligns the array), the key and the value fill the first line, exactness
 * and the rounding interval begin the second. A lookup compares the key and
 * reads the value from one line; a key that straddled two lines was two
 * misses.
 *
 * A fact's strings (its member ids, period, kind, table, printed token,
 * source and coordinates) are not kept here: they are the cells of its row
 * in the model's facts table, read with fact_member, fact_period and the
 * like. Two cache lines per fact, not three, is a third less memory to fill
 * and page in at a million facts. */
struct fact_info {
	_Alignas(64) struct fact_coord key;
	struct dec value;
	unsigned char exact;	       /* printed value is exact (no rounding interval) */
	unsigned char half_ulp_failed; /* ulp / 2 overflowed */
	unsigned char not_applicable;  /* printed in a form its measure declares n/a */
	unsigned char unit_len;	       /* the printed unit's bytes; FACT_NO_NUMBER: none */
	uint16_t unit_at;	       /* where the printed unit starts in printed */
	struct dec half_ulp;	       /* ulp / 2 at JY_DEC_SCALE_MAX digits (when not exact) */
	struct dec ulp;		       /* precision of the printed value, in the measure's unit */
	int measure;
	int knum_flags;
	uint32_t row; /* row in facts.csv (a file of at most 1 GiB has fewer than 2^32) */
	long line;
};

/* Two cache lines: a field added here makes every fact a line longer. */
_Static_assert(sizeof(struct fact_info) == 128, "struct fact_info is two cache lines");

struct dimension_info {
	const char *id;
	const char *name_ko, *name_en;
	int members_from;	    /* 0 members, 1 units, 2 nodes */
	struct strmap member_index; /* member id -> its index in names */
	const char **names;	    /* member ids, in the order listed */
	const char **parent_names;  /* each member's parent as written ("" none) */
	uint32_t *parents;	    /* each member's parent index, FS_NONE when none or unknown */
	size_t n_members, cap_members;
};

/* Strings interned as dense ids (periods, kinds, tables of facts). */
struct name_table {
	struct strmap index; /* name -> id */
};

/* An index from fact_coord (some parts ignored) to a slot number; the
 * caller keeps, for each slot, a fact whose coordinates stand for it. */
struct coord_map {
	/* high 32 bits: hash tag, whose low bits are the home slot; low 32 bits:
	 * slot number + 1 (0 empty) */
	uint64_t *slots;
	size_t cap, count;
};

/* The facts of one measure grouped by their coordinates with `ignore`'s
 * parts left out: the parts of a sum, the facts of one printed table. */
struct fact_groups {
	unsigned ignore;
	struct coord_map map; /* coordinates -> group */
	uint32_t *first;      /* a fact of each group (the first listed) */
	uint32_t *start;      /* group g's facts are facts[start[g] .. start[g + 1]) */
	uint32_t *facts;      /* indexes into factset.facts, in the measure's order */
	size_t n_groups;
};

struct factset {
	struct arena arena;
	struct measure_info *measures;
	size_t n_measures;
	struct dimension_info *dims;
	size_t n_dims;
	struct fact_info *facts;
	int facts_mapped; /* facts lie in a model image (image.h): not freed here */
	size_t n_facts;
	int max_dims; /* the most dimensions of any measure */
	/* the model's facts table and the columns of the strings a fact does
	 * not hold (see fact_period and the like) */
	const struct table *fact_rows;
	int col_period, col_kind, col_table, col_printed, col_source, col_coords;
	struct strmap measure_index; /* id -> index */
	struct strmap dim_index;     /* id -> index */
	struct name_table periods, kinds, tables;
	struct coord_map fact_index; /* key -> index into facts */
	const char *facts_file;	     /* facts.csv's path, for messages */
	struct model_dates dates;    /* milestones', periods' and members' dates */
};

/* unit_len of a fact whose printed form is no number ("-", a form meaning
 * not applicable) */
enum { FACT_NO_NUMBER = 0xff };

/* The strings of fact f: the cells of its row in the model's facts table. */
static inline const char *fact_period(const struct factset *fs, const struct fact_info *f)
{
	return table_cell(fs->fact_rows, f->row, fs->col_period);
}
static inline const char *fact_kind(const struct factset *fs, const struct fact_info *f)
{
	return table_cell(fs->fact_rows, f->row, fs->col_kind);
}
static inline const char *fact_table(const struct factset *fs, const struct fact_info *f)
{
	return table_cell(fs->fact_rows, f->row, fs->col_table);
}
static inline const char *fact_printed(const struct factset *fs, const struct fact_info *f)
{
	return table_cell(fs->fact_rows, f->row, fs->col_printed);
}
static inline const char *fact_source(const struct factset *fs, const struct fact_info *f)
{
	return table_cell(fs->fact_rows, f->row, fs->col_source);
}
static inline const char *fact_coords(const struct factset *fs, const struct fact_info *f)
{
	return table_cell(fs->fact_rows, f->row, fs->col_coords);
}
/* The id of f's member k (k < its measure's n_dims), in the measure's dims
 * order. */
static inline const char *fact_member(const struct factset *fs, const struct fact_info *f, int k)
{
	const struct measure_info *mi = &fs->measures[f->measure];
	return fs->dims[mi->dim_index[k]].names[f->key.members[k]];
}

int factset_build(struct factset *fs, struct model *m, struct diag *d);

/* Fact f's printed number as it reads (knum.h: the value in base units,
 * "43억원" 4300000000) and its unit ("원"; *unit_len bytes at *unit, not
 * NUL-terminated): 0, or -1 when printed is no number. Read from what
 * validation kept, without parsing printed again. */
int fact_printed_number(const struct factset *fs, const struct fact_info *f, struct dec *value,
			const char **unit, size_t *unit_len);
/* The value a token printed for measure mi stands for in the measure's unit
 * ("43억원" for a measure kept in 억원: 43; "-": 0), as validation reads
 * facts.csv's printed cell; JY_EINPUT with validation's message when it
 * is not a number in that unit. */
int fact_printed_value(const struct measure_info *mi, const char *printed, struct dec *value,
		       struct jy_err *err);

/* factset_build in steps, for a caller that parses on several threads and
 * only wants to know whether the package is good (validate.c): begin builds
 * the dimensions and measures; parse_rows parses rows [from, to) of
 * facts.csv into facts[row] and may run on several threads at once, each on
 * its own rows; index_rows then indexes every row in order, stopping at the
 * first problem. Problems go to d as in factset_build, and parse_rows also
 * counts every fact it leaves out (factset_build skips them silently where
 * another check reports them). */
void factset_begin(struct factset *fs, struct model *m, struct diag *d);
void factset_parse_rows(struct factset *fs, const struct model *m, struct diag *d, size_t from,
			size_t to);
/* Row `row` of facts.csv parsed into *out alone (an edit's fact): 0, or -1
 * when it is not a good fact (problems reported to d). */
int factset_parse_row(const struct factset *fs, const struct model *m, struct diag *d, size_t row,
		      struct fact_info *out);
void factset_index_rows(struct factset *fs, struct model *m, struct diag *d);
void factset_release(struct factset *fs);

/* NULL when s is a period as facts, pins and scopes write it ("" included),
 * else why not, to follow the quoted value in a message. */
const char *factset_period_problem(const char *s);
int factset_measure(const struct factset *fs, const char *id);
int factset_dim(const struct factset *fs, const char *id);
int measure_dim_pos(const struct measure_info *mi, const char *dim);
/* 1 when member is a known member of dimension dim. */
int factset_has_member(const struct factset *fs, int dim, const char *member);
/* Parent member of member in dim, or NULL. */
const char *factset_member_parent(const struct factset *fs, int dim, const char *member);

/* Index of member in dimension dim, or FS_NONE. */
uint32_t factset_member_id(const struct factset *fs, int dim, const char *member);

/* Id of s in t, or FS_NONE. */
uint32_t name_table_find(const struct name_table *t, const char *s);

/* Do a and b (of a measure with n_dims dimensions) agree outside ignore? */
int fact_coord_eq(const struct fact_coord *a, const struct fact_coord *b, int n_dims,
		  unsigned ignore);

/* A fingerprint of how the fact index hashes keys and places them in its
 * slots: an index kept from another build (a model image) is only usable
 * when it is the same. */
uint64_t factset_index_layout(void);

/* The fact with exactly this key, or -1. */
long factset_find(const struct factset *fs, const struct fact_coord *key);
/* The fact of that key as the package writes it (coords "dim=member;…" in
 * the measure's order), or -1. */
long factset_find_key(const struct factset *fs, const char *measure, const char *coords,
		      const char *period, const char *kind, const char *table);
/* Korean name of a fact kind as reports print it: 실적, 목표, 추정, 계획. */
const char *fact_kind_label(const char *kind);
/* Asks the CPU for the index slot factset_find(key) starts at, to be read
 * a little later (a lookup is a cache miss in the index, then in the fact). */
void factset_prefetch(const struct factset *fs, const struct fact_coord *key);

/* Groups the facts of measure mi (see struct fact_groups); release with
 * fact_groups_release. */
void fact_groups_build(struct fact_groups *g, const struct factset *fs, int measure,
		       unsigned ignore);
void fact_groups_release(struct fact_groups *g);
/* The facts of the group key belongs to (parts in g->ignore do not matter);
 * *n = 0 when there is none. */
const uint32_t *fact_groups_get(const struct fact_groups *g, const struct factset *fs,
				const struct fact_coord *key, size_t *n);

#endif
