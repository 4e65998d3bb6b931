/*
 * print.c - findings as a terminal table or as JSON lines (see check.h).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/knum.h"
#include "base/utf8.h"
#include "check.h"

static const char *sev_name(enum severity s)
{
	return s == SEV_ERROR ? "error" : "warning";
}

/* "FILE:93, 95, 96" — the file name once per run of sources from it. */
static void add_sources(const struct check_result *res, const struct finding *f, struct buf *b)
{
	const char *last_file = NULL;
	size_t last_len = 0;

	for (size_t i = 0; i < f->n_facts; i++) {
		const char *src = res->fs.facts[f->facts[i]].source;
		const char *colon = strrchr(src, ':');
		size_t flen = colon ? (size_t)(colon - src) : strlen(src);
		int dup = 0;
		for (size_t k = 0; k < i; k++)
			dup |= strcmp(res->fs.facts[f->facts[k]].source, src) == 0;
		if (dup)
			continue;
		if (last_file && colon && flen == last_len && strncmp(src, last_file, flen) == 0) {
			buf_adds(b, ", ");
			buf_adds(b, colon + 1);
			continue;
		}
		if (b->len)
			buf_adds(b, "; ");
		buf_adds(b, src);
		last_file = src;
		last_len = flen;
	}
}

static void grouped(struct dec d, struct buf *out)
{
	buf_reset(out);
	knum_format_grouped(d, out);
}

void check_print_table(const struct check_result *res, FILE *out)
{
	const char *head[] = {"심각도 severity", "규칙 rule", "위치 where", "명시 stated",
			      "계산 computed", "차이 delta"};
	enum { NCOL = 6 };
	int width[NCOL];
	struct buf cell[NCOL], line, tmp;

	for (int i = 0; i < NCOL; i++) {
		width[i] = utf8_display_width(head[i]);
		buf_init(&cell[i]);
	}
	buf_init(&line);
	buf_init(&tmp);
	/* First pass: widths. */
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			buf_reset(&line);
			for (int i = 0; i < NCOL; i++) {
				buf_add_padded(&line, head[i], width[i], i >= 3);
				buf_adds(&line, i + 1 < NCOL ? "  " : "\n");
			}
			fputs(line.data, out);
			buf_reset(&line);
			for (int i = 0; i < NCOL; i++) {
				for (int k = 0; k < width[i]; k++)
					buf_addc(&line, '-');
				buf_adds(&line, i + 1 < NCOL ? "  " : "\n");
			}
			fputs(line.data, out);
		}
		for (size_t n = 0; n < res->n_findings; n++) {
			const struct finding *f = &res->findings[n];
			for (int i = 0; i < NCOL; i++)
				buf_reset(&cell[i]);
			buf_adds(&cell[0], sev_name(f->severity));
			buf_adds(&cell[1], f->rule);
			buf_adds(&cell[2], f->expr ? f->expr : "");
			if (f->has_values) {
				grouped(f->stated, &tmp);
				buf_adds(&cell[3], tmp.data);
				grouped(f->computed, &tmp);
				buf_adds(&cell[4], tmp.data);
				grouped(f->delta, &tmp);
				buf_adds(&cell[5], tmp.data);
			}
			if (pass == 0) {
				for (int i = 0; i < NCOL; i++) {
					int w = utf8_display_width(cell[i].data);
					if (w > width[i])
						width[i] = w;
				}
				continue;
			}
			buf_reset(&line);
			for (int i = 0; i < NCOL; i++) {
				buf_add_padded(&line, cell[i].data, width[i], i >= 3);
				buf_adds(&line, i + 1 < NCOL ? "  " : "\n");
			}
			fputs(line.data, out);
			fprintf(out, "    %s / %s\n", f->message_ko, f->message_en ? f->message_en : "");
			buf_reset(&tmp);
			add_sources(res, f, &tmp);
			if (f->source && *f->source)
				buf_adds(&tmp, f->source);
			if (tmp.len)
				fprintf(out, "    sources: %s\n", tmp.data);
			if (f->explanation)
				fprintf(out, "    %s\n", f->explanation);
			for (size_t s = 0; s < f->n_suspects; s++) {
				const struct fact_info *fi = &res->fs.facts[f->suspects[s].fact];
				char v[32];
				fprintf(out, "    suspect: %s printed %s at %s; %s satisfies its row and column\n",
					fi->coords, fi->printed, fi->source, dec_str(f->suspects[s].suggested, v));
			}
		}
	}
	fprintf(out, "\n%d error(s), %d warning(s); %zu rule instance(s) evaluated over %zu fact(s)\n",
		res->errors, res->warnings, res->rules_evaluated, res->fs.n_facts);
	for (int i = 0; i < NCOL; i++)
		buf_release(&cell[i]);
	buf_release(&line);
	buf_release(&tmp);
}

void check_print_json(const struct check_result *res, FILE *out)
{
	for (size_t n = 0; n < res->n_findings; n++) {
		const struct finding *f = &res->findings[n];
		json_t *o = json_object();
		json_t *sources = json_array();
		char v[32];
		json_object_set_new(o, "rule", json_string(f->rule));
		json_object_set_new(o, "kind", json_string(f->kind));
		json_object_set_new(o, "severity", json_string(sev_name(f->severity)));
		json_object_set_new(o, "message", json_string(f->message_ko));
		json_object_set_new(o, "message_en", json_string(f->message_en ? f->message_en : ""));
		json_object_set_new(o, "where", json_string(f->expr ? f->expr : ""));
		if (f->has_values) {
			json_object_set_new(o, "stated", json_string(dec_str(f->stated, v)));
			json_object_set_new(o, "computed", json_string(dec_str(f->computed, v)));
			json_object_set_new(o, "delta", json_string(dec_str(f->delta, v)));
		} else {
			json_object_set_new(o, "stated", json_null());
			json_object_set_new(o, "computed", json_null());
			json_object_set_new(o, "delta", json_null());
		}
		for (size_t i = 0; i < f->n_facts; i++) {
			const char *src = res->fs.facts[f->facts[i]].source;
			int dup = 0;
			for (size_t k = 0; k < json_array_size(sources); k++)
				dup |= strcmp(json_string_value(json_array_get(sources, k)), src) == 0;
			if (!dup)
				json_array_append_new(sources, json_string(src));
		}
		if (f->source && *f->source)
			json_array_append_new(sources, json_string(f->source));
		json_object_set_new(o, "sources", sources);
		if (f->explanation)
			json_object_set_new(o, "explanation", json_string(f->explanation));
		if (f->n_suspects) {
			json_t *sus = json_array();
			for (size_t s = 0; s < f->n_suspects; s++) {
				const struct fact_info *fi = &res->fs.facts[f->suspects[s].fact];
				json_t *so = json_object();
				json_object_set_new(so, "coords", json_string(fi->coords));
				json_object_set_new(so, "period", json_string(fi->period));
				json_object_set_new(so, "printed", json_string(fi->printed));
				json_object_set_new(so, "source", json_string(fi->source));
				json_object_set_new(so, "suggested",
						    json_string(dec_str(f->suspects[s].suggested, v)));
				json_array_append_new(sus, so);
			}
			json_object_set_new(o, "suspects", sus);
		}
		char *s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
		fprintf(out, "%s\n", s);
		free(s);
		json_decref(o);
	}
}
