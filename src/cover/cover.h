/*
 * cover.h - coverage of the report text by the data: which printed figures
 * of the source text a package carries, and which it leaves out and why.
 *
 * Two parts. The tokenizer (cover_token.c) splits one line of the report
 * into numeric tokens, each what a reader sees as one figure ("1조 4천억원",
 * "’22.9.30~10.6", "△10", "3개소"), classed as a quantity, a date or a label
 * (a number that names rather than measures: "제314회", "4차", "코로나19",
 * "10:00"). Structural numbering (headings "1.", footnote markers "1)", page
 * numbers "- 3 -") is not a token. The matcher (cover.c) looks each token up
 * among the package rows sourced to its line: facts carry quantities, facts'
 * periods and milestones carry dates, and any row that prints the label
 * carries a label; the rest must have a reason in the package's uncovered
 * resource. docs/DESIGN.md ("Coverage of the report text") gives the rules
 * and why.
 */
#ifndef JY_COVER_H
#define JY_COVER_H

#include <stdio.h>

#include "base/err.h"
#include "base/kdate.h"
#include "base/knum.h"
#include "model/facts.h"
#include "model/model.h"

enum cover_class {
	COVER_QTY,  /* an amount, count, rate, area: a fact must carry it */
	COVER_DATE, /* a day, month, year or range: a milestone or a fact's period */
	COVER_LABEL /* a number that names: any row printing it carries it */
};

enum cover_label {
	COVER_LABEL_NONE,
	COVER_LABEL_ORDINAL, /* 제314회, 제6조의 2, 4차, 1일차, 3급, 제2기, 60주년 */
	COVER_LABEL_NAME,    /* digits inside a word: 코로나19, Tech4Good, 3D, 알림1관 */
	COVER_LABEL_TIME,    /* 10:00 */
	COVER_LABEL_LOCATOR  /* a street or lot number: 가산로 70, 117-3 */
};

struct cover_token {
	size_t off, len; /* bytes of the line */
	enum cover_class cls;
	enum cover_label label;
	int has_num;  /* num holds the token read as a Korean number */
	int has_num2; /* num2: the start of a range read with its end's unit
			 ("1~1.5억원": the 1 is 1억원) */
	int has_date; /* date holds the token read as a date */
	struct knum num, num2;
	struct kdate_range date;
};

struct cover_tokens {
	struct cover_token *v;
	size_t n, cap;
};

void cover_tokens_init(struct cover_tokens *t);
void cover_tokens_release(struct cover_tokens *t);

/* Appends the numeric tokens of one line (len bytes, valid UTF-8, no line
 * break) to out. Dates printed without a year take ref_year. Never fails:
 * what is not a number is simply not a token. */
void cover_tokenize(const char *line, size_t len, int ref_year, struct cover_tokens *out);

const char *cover_class_name(enum cover_class c);
const char *cover_label_name(enum cover_label l);

/* ---- matching a report against a package -------------------------------- */

enum cover_status {
	COVER_COVERED,	 /* a row of the package carries it */
	COVER_EXPLAINED, /* not carried; the uncovered resource says why */
	COVER_MISSING	 /* not carried and not explained */
};

/* How a row carries a token: as itself, by its period, by its title. */
enum cover_via { COVER_VIA_ROW, COVER_VIA_PERIOD, COVER_VIA_TITLE };

struct cover_item {
	long line;	   /* line of the report */
	const char *token; /* as printed */
	enum cover_class cls;
	enum cover_label label;
	enum cover_status status;
	const char *by;		 /* COVERED: "fact measure{coords} @period [table]" and the like */
	enum resource_id by_res; /* COVERED: the carrying row (for words people read) */
	size_t by_row;
	enum cover_via by_via;
	const char *category; /* EXPLAINED: the reason's category */
	const char *reason;   /* EXPLAINED: the reason */
};

struct cover_unused {
	long row_line; /* line of the reason in uncovered.csv */
	const char *source, *token;
};

struct cover_report {
	struct arena arena;
	const char *seed_name; /* the file name sources cite */
	struct cover_item *items;
	size_t n_items, cap_items;
	struct cover_unused *unused; /* reasons that match no uncovered token */
	size_t n_unused, cap_unused;
	size_t covered, explained, missing;
	size_t lines; /* lines of the report read */
};

/* Reads the report text at seed_path (UTF-8, NFC-normalised line by line)
 * and matches every token against the package rows whose sources cite the
 * file's base name. fs is m's validated factset (model_validate_facts or the
 * image): the facts' printed numbers and every date are read from it, not
 * parsed again. A seed that cannot be read is JY_ENOTFOUND/JY_EIO; one
 * that is not UTF-8, or that no row of the package cites, is JY_EINPUT. */
int cover_run(const struct model *m, const struct factset *fs, const char *seed_path,
	      struct cover_report *rep, struct jy_err *err);
void cover_report_release(struct cover_report *rep);

/* covered / total in tenths of a percent, rounded down (so that 96.96 %
 * never prints as 97.0): 1000 when there are no tokens. */
long cover_share_permille(const struct cover_report *rep);

/* Names a carrying row (resource, row) in the words people read: the
 * command layer knows them (render/describe.h). */
typedef void (*cover_labeller)(void *ctx, enum resource_id r, size_t row, struct buf *out);

/* The items as a terminal table, the carriers named by label (ctx its
 * context). */
void cover_print_table(const struct cover_report *rep, int all, FILE *out, cover_labeller label,
		       void *ctx);
void cover_print_json(const struct cover_report *rep, FILE *out);

#endif
