/*
 * finding.c - findings as data: their targets, and their messages and
 * explanations rendered when printed (see check.h and docs/DESIGN.md,
 * "Findings as data").
 *
 * A finding keeps what it found as values (kind, numbers, targets by key);
 * the words are made here, at print time, so that the terminal, the JSON,
 * the reports and a web client show the same finding each in its own form
 * and no renderer reads a message back.
 */
#include "check.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/kdate.h"
#include "base/knum.h"
#include "base/mem.h"
#include "base/utf8.h"

static const char *const kind_names[FK_COUNT_KINDS] = {
	[FK_SUM] = "sum",
	[FK_RATIO] = "ratio",
	[FK_EQUAL] = "equal",
	[FK_BOUND] = "bound",
	[FK_DIFF] = "diff",
	[FK_DATE] = "date",
	[FK_COUNT] = "count",
	[FK_UNEVALUABLE] = "unevaluable",
	[FK_UNUSED_RULE] = "unused-rule",
	[FK_PRINTED_FORM] = "printed-form",
	[FK_TERM] = "term",
};

const char *check_kind_name(enum finding_kind k)
{
	assert(k < FK_COUNT_KINDS);
	return kind_names[k];
}

enum finding_kind check_kind_of(const char *name)
{
	for (int k = 0; k < FK_COUNT_KINDS; k++)
		if (strcmp(kind_names[k], name) == 0)
			return (enum finding_kind)k;
	return FK_COUNT_KINDS;
}

struct finding *check_add_finding(struct check_result *res)
{
	XGROW(res->findings, res->cap_findings, res->n_findings + 1);
	struct finding *f = &res->findings[res->n_findings++];
	memset(f, 0, sizeof(*f));
	return f;
}

struct target *check_add_target(struct finding *f, struct arena *a, enum target_type type,
				enum target_role role)
{
	/* targets are few and grow by doubling in the arena */
	if ((f->n_targets & (f->n_targets - 1)) == 0) {
		size_t cap = f->n_targets ? f->n_targets * 2 : 1;
		struct target *nt = arena_alloc(a, sizeof(*nt) * cap);
		if (f->n_targets)
			memcpy(nt, f->targets, sizeof(*nt) * f->n_targets);
		f->targets = nt;
	}
	struct target *t = &f->targets[f->n_targets++];
	memset(t, 0, sizeof(*t));
	t->type = type;
	t->role = role;
	t->cached = -1;
	return t;
}

void check_target_fact(struct target *t, const struct factset *fs, size_t fi)
{
	const struct fact_info *fa = &fs->facts[fi];
	t->fact = (struct fact_key){fs->measures[fa->measure].id, fact_coords(fs, fa),
				    fact_period(fs, fa), fact_kind(fs, fa), fact_table(fs, fa)};
	t->source = fact_source(fs, fa);
	t->cached = (long)fi;
}

long check_target_index(const struct check_result *res, const struct target *t)
{
	if (t->type != TARGET_FACT)
		return -1;
	if (t->cached >= 0 && (size_t)t->cached < res->fs.n_facts)
		return t->cached;
	return factset_find_key(&res->fs, t->fact.measure, t->fact.coords, t->fact.period,
				t->fact.kind, t->fact.table);
}

size_t check_sources(const struct check_result *res, const struct finding *f, const char ***out)
{
	size_t n = 0, cap = f->n_targets + 8;
	const char **list = xmalloc(sizeof(*list) * cap);

	for (size_t i = 0; i < f->n_targets; i++) {
		const struct target *t = &f->targets[i];
		if (!t->source || t->role == ROLE_SUSPECT || t->role == ROLE_LEFT_OUT)
			continue;
		/* a row printed over several lines has "FILE:LINE;FILE:LINE" */
		for (const char *p = t->source; *p;) {
			size_t len = strcspn(p, ";");
			int dup = len == 0;
			for (size_t k = 0; k < n && !dup; k++)
				dup = strlen(list[k]) == len && memcmp(list[k], p, len) == 0;
			if (!dup) {
				XGROW(list, cap, n + 1);
				/* split ones are kept with the result, as its strings are */
				list[n++] =
					p[len] ? arena_strndup((struct arena *)&res->arena, p, len)
					       : p;
			}
			p += len + (p[len] == ';');
		}
	}
	*out = list;
	return n;
}

/* ---- messages ------------------------------------------------------------- */

static const char *const wd[] = {"일", "월", "화", "수", "목", "금", "토"};

void check_message(const struct finding *f, int en, struct buf *out)
{
	buf_reset(out);
	switch (f->msg) {
	case MSG_RULE:
		buf_adds(out, en ? (f->rule_msg_en ? f->rule_msg_en : "") : f->rule_msg_ko);
		break;
	case MSG_DIV_ZERO:
		buf_adds(out, en ? "the rule cannot be evaluated: division by zero"
				 : "규칙을 평가할 수 없음: 0으로 나눔");
		break;
	case MSG_OVERFLOW:
		buf_adds(out, en ? "the rule cannot be evaluated: a value beyond the exact range"
				 : "규칙을 평가할 수 없음: 값이 정확히 계산할 수 있는 범위를 넘음");
		break;
	case MSG_UNUSED_RULE:
		buf_adds(out, en ? "the rule matched no facts: check the rule or the data"
				 : "규칙이 적용된 사실이 없음 (규칙 또는 데이터 확인 필요)");
		break;
	case MSG_DECIMAL_COMMA:
		buf_adds(out, en ? "printed with a decimal comma instead of a point"
				 : "소수점 대신 쉼표로 인쇄됨");
		break;
	case MSG_APPROX_TWICE:
		buf_adds(out, en ? "two approximation markers (약 … 여) on one number"
				 : "어림 표현이 겹침 (약 … 여)");
		break;
	case MSG_WEEKDAY:
	case MSG_WEEKDAY_END:
	case MSG_RANGE_REVERSED:
		if (!en)
			buf_adds(out, "날짜 표기 오류");
		else if (f->msg == MSG_RANGE_REVERSED)
			buf_adds(out, "the range ends before it starts");
		else
			buf_addf(out, "printed weekday%s (%s) is not the calendar's (%s)",
				 f->msg == MSG_WEEKDAY_END ? " of the end" : "",
				 wd[f->wday_printed], wd[f->wday_calendar]);
		break;
	case MSG_TERM:
		if (en)
			buf_addf(out, "\"%s\" is one %s away from the report's name \"%s\" (%s)",
				 f->word, f->latin ? "letter" : "jamo", f->name, f->name_origin);
		else
			buf_addf(out,
				 "용어 오타 의심: “%s”은(는) 보고서의 이름 “%s”와(과) %s 하나가 "
				 "다름",
				 f->word, f->name, f->latin ? "글자" : "자모");
		break;
	}
}

/* ---- numbers as people print them ---------------------------------------------- */

/* v at `scale` decimals, more (up to two) when fewer would round it. */
static struct dec shown(struct dec v, int scale)
{
	struct jy_err e;
	struct dec r;
	if (scale < 0)
		scale = 0;
	for (int k = scale; k <= scale + 2 && k <= JY_DEC_SCALE_MAX; k++)
		if (!dec_round(v, k, &r, &e) && dec_cmp(r, v) == 0)
			return r;
	if (dec_round(v, scale + 2 > JY_DEC_SCALE_MAX ? JY_DEC_SCALE_MAX : scale + 2, &r, &e))
		return v;
	return dec_normalize(r).scale < scale ? v : r;
}

void check_format_value(const struct finding *f, int which, struct buf *out)
{
	struct dec d = which == 0 ? f->stated : which == 1 ? f->computed : f->delta;

	buf_reset(out);
	if (f->dates && d.scale == 0) {
		if (which == 2) {
			buf_addf(out, "%lld일", (long long)d.coef);
			return;
		}
		struct kdate k = kdate_from_daynum((long)d.coef);
		buf_addf(out, "%04d-%02d-%02d", k.year, k.month, k.day);
		return;
	}
	knum_format_grouped(shown(d, f->scale), out);
}

void check_values_text(const struct finding *f, struct buf *out)
{
	struct buf v[3];
	for (int k = 0; k < 3; k++) {
		buf_init(&v[k]);
		check_format_value(f, k, &v[k]);
	}
	buf_reset(out);
	if (f->left_right)
		buf_addf(out, "좌변 left %s, 우변 right %s (좌변 %s 우변 / left %s right)",
			 v[0].data, v[1].data, f->relation, f->relation);
	else
		buf_addf(out, "명시 stated %s, 계산 computed %s, 차이 delta %s", v[0].data,
			 v[1].data, v[2].data);
	for (int k = 0; k < 3; k++)
		buf_release(&v[k]);
}

/* ---- explanations ------------------------------------------------------------- */

static int is_year(const char *s, size_t n)
{
	if (n != 4)
		return 0;
	for (size_t i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* "’22년", "’19~’22년", "’22.7~12.": a period as the report prints it. */
static void period_text(const char *period, struct buf *out)
{
	const char *dots = strstr(period, "..");
	struct kdate_range r;

	if (is_year(period, strlen(period))) {
		buf_addf(out, "’%.2s년", period + 2);
	} else if (dots && is_year(period, (size_t)(dots - period)) &&
		   is_year(dots + 2, strlen(dots + 2))) {
		buf_addf(out, "’%.2s~’%.2s년", period + 2, dots + 4);
	} else if (*period && !kdate_parse_iso(period, &r)) {
		kdate_format_korean(&r, out);
	} else {
		buf_adds(out, period);
	}
}

void check_fact_text(const struct factset *fs, const struct fact_info *fa, const char *label,
		     struct buf *out)
{
	const char *kind = fact_kind(fs, fa);
	size_t before = out->len;

	if (label)
		buf_adds(out, label);
	else
		period_text(fact_period(fs, fa), out);
	if (*kind && strcmp(kind, "actual") != 0)
		buf_addf(out, "(%s)", fact_kind_label(kind));
	if (out->len > before)
		buf_addc(out, ' ');
	buf_adds(out, fact_printed(fs, fa));
}

/* The object particle after s: 을 after a final consonant (or a digit read
 * with one: 영 일 삼 육 칠 팔), 를 after a vowel, 을(를) when unsure. */
static const char *object_particle(const char *s)
{
	size_t n = strlen(s), i;
	int cp = 0;

	if (!n)
		return "을(를)";
	for (i = n - 1; i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80;)
		i--;
	if (utf8_decode(s + i, n - i, &cp) <= 0)
		return "을(를)";
	if (cp >= '0' && cp <= '9')
		return strchr("2459", cp) ? "를" : "을";
	if (cp >= 0xAC00 && cp <= 0xD7A3)
		return (cp - 0xAC00) % 28 ? "을" : "를";
	return "을(를)";
}

static const char *unit_word(int exp10)
{
	switch (exp10 < 0 ? -exp10 : exp10) {
	case 3:
		return "천";
	case 4:
		return "만";
	case 6:
		return "백만";
	case 8:
		return "억";
	case 12:
		return "조";
	}
	return NULL;
}

/* One explanation in the language asked for; CHECK_BOTH gives "English /
 * Korean", as the report's findings list prints every line. */
static void in_lang(struct buf *out, enum check_lang lang, const char *en, const char *ko)
{
	if (lang != CHECK_KO)
		buf_adds(out, en);
	if (lang == CHECK_BOTH)
		buf_adds(out, " / ");
	if (lang != CHECK_EN)
		buf_adds(out, ko);
}

static void explain_left_out(const struct check_result *res, const struct finding *f,
			     enum check_lang lang, struct buf *out)
{
	for (size_t i = 0; i < f->n_targets; i++) {
		const struct target *t = &f->targets[i];
		long fi = t->role == ROLE_LEFT_OUT ? check_target_index(res, t) : -1;
		if (fi < 0)
			continue;
		struct buf what, en, ko;
		buf_init(&what), buf_init(&en), buf_init(&ko);
		check_fact_text(&res->fs, &res->fs.facts[fi], t->label, &what);
		buf_addf(&en, "the stated figure equals the sum without %s (%s)", what.data,
			 t->source);
		buf_addf(&ko, "%s%s 빼면 합계와 일치", what.data, object_particle(what.data));
		in_lang(out, lang, en.data, ko.data);
		buf_release(&what), buf_release(&en), buf_release(&ko);
		return;
	}
}

static void explain_unit_slip(const struct finding *f, enum check_lang lang, struct buf *out)
{
	struct buf times, en, ko;
	struct dec p;
	struct jy_err e;
	buf_init(&times), buf_init(&en), buf_init(&ko);
	if (!dec_shift(dec_from_int(1), f->exp10 < 0 ? -f->exp10 : f->exp10, &p, &e))
		knum_format_grouped(p, &times);
	const char *frac = f->exp10 < 0 ? "1/" : "";
	buf_addf(&en, "the stated figure is %s%s times the computed one: a unit slip (%s)", frac,
		 times.data, unit_word(f->exp10));
	buf_addf(&ko, "명시값이 계산값의 %s%s배: 단위(%s) 착오 의심", frac, times.data,
		 unit_word(f->exp10));
	in_lang(out, lang, en.data, ko.data);
	buf_release(&times), buf_release(&en), buf_release(&ko);
}

static void explain_shift(long d, int end, enum check_lang lang, struct buf *out)
{
	char en[64], ko[64];
	snprintf(en, sizeof(en), "%s %ld day(s) %s", end ? "ends" : "starts", labs(d),
		 d < 0 ? "earlier" : "later");
	snprintf(ko, sizeof(ko), "%s %ld일 %s", end ? "종료일" : "시작일", labs(d),
		 d < 0 ? "이름" : "늦음");
	in_lang(out, lang, en, ko);
}

void check_explanation(const struct check_result *res, const struct finding *f,
		       enum check_lang lang, struct buf *out)
{
	buf_reset(out);
	switch (f->expl) {
	case EXPL_NONE:
		break;
	case EXPL_LEFT_OUT:
		explain_left_out(res, f, lang, out);
		break;
	case EXPL_UNIT_SLIP:
		explain_unit_slip(f, lang, out);
		break;
	case EXPL_DATE_SHIFT:
		if (f->start_shown)
			explain_shift(f->start_days, 0, lang, out);
		if (f->end_shown) {
			if (out->len)
				buf_adds(out, "; ");
			explain_shift(f->end_days, 1, lang, out);
		}
		break;
	}
}

int check_unit_slip(struct dec stated, struct dec computed, int stated_scale)
{
	/* not 10 or 100: counts of 1 and 100 are too often simply different */
	static const int exps[] = {3, 6, 4, 8, 12, -3, -6, -4, -8, -12};
	struct jy_err e;

	if (dec_is_zero(computed) || dec_is_zero(stated))
		return 0;
	for (size_t i = 0; i < sizeof(exps) / sizeof(exps[0]); i++) {
		struct dec x, r;
		if (dec_shift(computed, exps[i], &x, &e) ||
		    dec_round(x, stated_scale < 0 ? 0 : stated_scale, &r, &e))
			continue;
		if (dec_cmp(r, stated) == 0)
			return exps[i];
	}
	return 0;
}
