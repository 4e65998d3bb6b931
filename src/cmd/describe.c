/*
 * describe.c - rows in words people read (see describe.h).
 */
#include "describe.h"

#include <string.h>

#include "base/kdate.h"
#include "render/table.h"

static const char *cell(enum resource_id r, const char *const *cells, const char *field)
{
	int i = schema_field_index(&schema_resources[r], field);
	return i >= 0 && cells[i] ? cells[i] : "";
}

/* "’22.8.29.", "’19~’22." …: the report's form of an ISO period. */
static void period_words(const char *period, struct buf *out)
{
	struct kdate_range kr;
	if (kdate_parse_iso(period, &kr) == 0) {
		kr.start_wday = kr.end_wday = -1; /* no weekday was printed */
		kdate_format_korean(&kr, out);
	} else
		buf_adds(out, period);
}

static const char *kind_words(const char *kind)
{
	static const char *names[][2] = {
		{"actual", ""}, {"target", "목표"}, {"estimate", "추정"}, {"plan", "계획"}};
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (strcmp(names[k][0], kind) == 0)
			return names[k][1];
	return kind;
}

static void describe_fact(struct model *m, const struct factset *fs, const char *const *cells,
			  struct buf *out)
{
	int mi = factset_measure(fs, cell(RES_FACTS, cells, "measure"));
	const char *coords = cell(RES_FACTS, cells, "coords");
	const char *period = cell(RES_FACTS, cells, "period");
	struct label_index li;
	int first = 1;

	if (mi < 0) { /* a measure gone since: its id is all there is */
		buf_adds(out, cell(RES_FACTS, cells, "measure"));
		return;
	}
	buf_adds(out, fs->measures[mi].name_ko);
	label_index_init(&li, m);
	for (const char *c = coords; *c;) {
		size_t len = strcspn(c, ";");
		const char *eq = memchr(c, '=', len);
		if (eq) {
			char dim[JY_ID_BYTES_MAX + 1], member[JY_ID_BYTES_MAX + 1];
			snprintf(dim, sizeof(dim), "%.*s", (int)(eq - c), c);
			snprintf(member, sizeof(member), "%.*s", (int)(len - (size_t)(eq - c) - 1),
				 eq + 1);
			int d = factset_dim(fs, dim);
			buf_adds(out, first ? " (" : "·");
			buf_adds(out, d >= 0 ? member_label(&li, fs, d, member) : member);
			first = 0;
		}
		c += len + (c[len] == ';');
	}
	label_index_release(&li);
	if (!first)
		buf_addc(out, ')');
	if (*period) {
		buf_addc(out, ' ');
		period_words(period, out);
	}
	const char *kind = kind_words(cell(RES_FACTS, cells, "kind"));
	if (*kind)
		buf_addf(out, " %s", kind);
}

static const char *node_title(struct model *m, const char *node)
{
	const struct table *t = &m->tables[RES_NODES];
	for (size_t r = 0; r < t->n_rows; r++)
		if (strcmp(table_get(t, r, "id"), node) == 0)
			return table_get(t, r, "title_ko");
	return node;
}

void describe_row(struct model *m, const struct factset *fs, enum resource_id r,
		  const char *const *cells, struct buf *out)
{
	switch (r) {
	case RES_FACTS:
		describe_fact(m, fs, cells, out);
		break;
	case RES_MILESTONES:
		buf_addf(out, "%s: %s", node_title(m, cell(r, cells, "node")),
			 cell(r, cells, "title"));
		break;
	case RES_TEXTS:
		buf_addf(out, "%s 문단 %s", node_title(m, cell(r, cells, "node")),
			 cell(r, cells, "seq"));
		break;
	case RES_FIELDS:
		buf_addf(out, "%s: %s", node_title(m, cell(r, cells, "node")),
			 cell(r, cells, "key"));
		break;
	default:
		buf_adds(out, schema_resources[r].title);
	}
}

const char *describe_value(enum resource_id r, const char *const *cells, const char *field)
{
	return cell(r, cells, r == RES_FACTS ? "printed" : field);
}
