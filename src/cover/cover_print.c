/*
 * cover_print.c - a coverage report as a terminal table or as JSON lines
 * (see cover.h).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "cover.h"

static const char *status_name(enum cover_status s)
{
	switch (s) {
	case COVER_COVERED:
		return "covered";
	case COVER_EXPLAINED:
		return "explained";
	case COVER_MISSING:
		return "missing";
	}
	return "?";
}

static const char *kind_of(const struct cover_item *it)
{
	return it->cls == COVER_LABEL ? cover_label_name(it->label) : cover_class_name(it->cls);
}

/* What stands in the last column: the carrier in words, the reason, or a
 * call to act. */
static void last_column(const struct cover_item *it, cover_labeller label, void *ctx, struct buf *b)
{
	static const char *const via[] = {[COVER_VIA_ROW] = "",
					  [COVER_VIA_PERIOD] = "기간 period: ",
					  [COVER_VIA_TITLE] = "제목 title: "};
	buf_reset(b);
	if (it->status == COVER_COVERED) {
		buf_adds(b, via[it->by_via]);
		label(ctx, it->by_res, it->by_row, b);
	} else if (it->status == COVER_EXPLAINED)
		buf_addf(b, "(%s) %s", it->category, it->reason);
	else
		buf_adds(b, "!! 설명 없음 unexplained: add a fact or a reason (uncovered.csv)");
}

void cover_print_table(const struct cover_report *rep, int all, FILE *out, cover_labeller label,
		       void *ctx)
{
	const char *head[] = {"줄 line", "수치 token", "종류 kind", "상태 status",
			      "근거 covered by / reason"};
	enum { NCOL = 5 };
	int width[NCOL];
	struct buf line, last;
	char num[32];

	buf_init(&line);
	buf_init(&last);
	for (int i = 0; i < NCOL; i++)
		width[i] = utf8_display_width(head[i]);
	for (size_t k = 0; k < rep->n_items; k++) {
		const struct cover_item *it = &rep->items[k];
		if (!all && it->status == COVER_COVERED)
			continue;
		int w[] = {snprintf(num, sizeof(num), "%ld", it->line),
			   utf8_display_width(it->token), utf8_display_width(kind_of(it)),
			   (int)strlen(status_name(it->status))};
		for (int i = 0; i < 4; i++)
			if (w[i] > width[i])
				width[i] = w[i];
	}
	for (int i = 0; i < NCOL; i++) {
		buf_add_padded(&line, head[i], i + 1 < NCOL ? width[i] : 0, i == 0);
		buf_adds(&line, i + 1 < NCOL ? "  " : "\n");
	}
	for (int i = 0; i < NCOL; i++) {
		for (int k = 0; k < (i + 1 < NCOL ? width[i] : 24); k++)
			buf_addc(&line, '-');
		buf_adds(&line, i + 1 < NCOL ? "  " : "\n");
	}
	fputs(line.data, out);
	for (size_t k = 0; k < rep->n_items; k++) {
		const struct cover_item *it = &rep->items[k];
		if (!all && it->status == COVER_COVERED)
			continue;
		buf_reset(&line);
		snprintf(num, sizeof(num), "%ld", it->line);
		buf_add_padded(&line, num, width[0], 1);
		buf_adds(&line, "  ");
		buf_add_padded(&line, it->token, width[1], 0);
		buf_adds(&line, "  ");
		buf_add_padded(&line, kind_of(it), width[2], 0);
		buf_adds(&line, "  ");
		buf_add_padded(&line, status_name(it->status), width[3], 0);
		buf_adds(&line, "  ");
		last_column(it, label, ctx, &last);
		buf_adds(&line, last.data);
		buf_addc(&line, '\n');
		fputs(line.data, out);
	}
	for (size_t k = 0; k < rep->n_unused; k++)
		fprintf(out,
			"uncovered.csv:%ld: reason for \"%s\" at %s matches no uncovered token\n",
			rep->unused[k].row_line, rep->unused[k].token, rep->unused[k].source);
	buf_release(&line);
	buf_release(&last);
}

void cover_print_json(const struct cover_report *rep, FILE *out)
{
	for (size_t k = 0; k < rep->n_items; k++) {
		const struct cover_item *it = &rep->items[k];
		json_t *o = json_object();
		char *s;

		char src[512];

		snprintf(src, sizeof(src), "%s:%ld", rep->seed_name, it->line);
		json_object_set_new(o, "source", json_string(src));
		json_object_set_new(o, "token", json_string(it->token));
		json_object_set_new(o, "class", json_string(cover_class_name(it->cls)));
		if (it->cls == COVER_LABEL)
			json_object_set_new(o, "label", json_string(cover_label_name(it->label)));
		json_object_set_new(o, "status", json_string(status_name(it->status)));
		if (it->by)
			json_object_set_new(o, "by", json_string(it->by));
		if (it->category)
			json_object_set_new(o, "category", json_string(it->category));
		if (it->reason)
			json_object_set_new(o, "reason", json_string(it->reason));
		s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
		fprintf(out, "%s\n", s);
		free(s);
		json_decref(o);
	}
}
