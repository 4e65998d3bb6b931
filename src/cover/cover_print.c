/*
 * cover_print.c - a coverage report as a terminal table or as JSON lines
 * (see cover.h).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"
#include "base/utf8.h"
#include "cover.h"

/* The status as JSON names it. */
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

/* The status as people read it. */
static const char *status_text(enum cover_status s)
{
	return msg(s == COVER_COVERED	  ? M_COVER_COVERED
		   : s == COVER_EXPLAINED ? M_COVER_EXPLAINED
					  : M_COVER_MISSING);
}

/* The token's kind as people read it (the JSON has cover_class_name's). */
static const char *kind_of(const struct cover_item *it)
{
	if (it->cls == COVER_QTY)
		return msg(M_COVER_KIND_QUANTITY);
	if (it->cls == COVER_DATE)
		return msg(M_COVER_KIND_DATE);
	switch (it->label) {
	case COVER_LABEL_ORDINAL:
		return msg(M_COVER_KIND_ORDINAL);
	case COVER_LABEL_NAME:
		return msg(M_COVER_KIND_NAME);
	case COVER_LABEL_TIME:
		return msg(M_COVER_KIND_TIME);
	case COVER_LABEL_LOCATOR:
		return msg(M_COVER_KIND_LOCATOR);
	case COVER_LABEL_NONE:
		break;
	}
	return "";
}

/* What stands in the last column: the carrier in words, the reason, or a
 * call to act. */
static void last_column(const struct cover_item *it, cover_labeller label, void *ctx, struct buf *b)
{
	buf_reset(b);
	if (it->status == COVER_COVERED) {
		if (it->by_via != COVER_VIA_ROW)
			buf_adds(b, msg(it->by_via == COVER_VIA_PERIOD ? M_COVER_VIA_PERIOD
								       : M_COVER_VIA_TITLE));
		label(ctx, it->by_res, it->by_row, b);
	} else if (it->status == COVER_EXPLAINED)
		buf_addf(b, "(%s) %s", it->category, it->reason);
	else
		buf_adds(b, msg(M_COVER_UNEXPLAINED));
}

void cover_print_table(const struct cover_report *rep, int all, FILE *out, cover_labeller label,
		       void *ctx)
{
	const char *head[] = {msg(M_COVER_HEAD_LINE), msg(M_COVER_HEAD_TOKEN),
			      msg(M_COVER_HEAD_KIND), msg(M_COVER_HEAD_STATUS),
			      msg(M_COVER_HEAD_BY)};
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
			   utf8_display_width(status_text(it->status))};
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
		buf_add_padded(&line, status_text(it->status), width[3], 0);
		buf_adds(&line, "  ");
		last_column(it, label, ctx, &last);
		buf_adds(&line, last.data);
		buf_addc(&line, '\n');
		fputs(line.data, out);
	}
	for (size_t k = 0; k < rep->n_unused; k++)
		msg_print(out, M_COVER_UNUSED, rep->unused[k].row_line, rep->unused[k].token,
			  rep->unused[k].source);
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
