/*
 * cover_token.c - numeric tokens of one line of report text (see cover.h).
 *
 * A token starts at an ASCII digit, with what belongs before it: a sign
 * ("-47", "+26", "△10", "△ 0.3%"), "약 ", an apostrophe of a two-digit year
 * ("’22.9."), a "~" opening a date range ("~’22. 12."), or the "제" of an
 * ordinal. Its end is the longest stretch the Korean date parser or number
 * parser reads as one date or one number. Which of the two wins:
 *   - a date when it starts with an apostrophe or "~", prints 년/월/분기/반기
 *     or a weekday in parentheses, has two or more dots ("9.5.", "2022. 9."),
 *     is a bare four-digit year (1900-2199, no comma, no unit), or is followed
 *     by 부터/까지/기준… ("8.23부터");
 *   - otherwise a number ("80.4", "6.5", "68.6": a report prints dates of
 *     this shape only with a marker, rates and amounts often without).
 * A label instead of a quantity:
 *   - ordinals: "제" + digits + counter ("제314회", "제6조의 2"); digits + 차,
 *     일차, 기, 급, 단계, 주년, 번째, 호 ("4차", "1일차", "3급", "(1·2차)");
 *   - digits inside a word: after letters with no space ("코로나19", "알림1관",
 *     "Tech4Good"), unless the letters are a prefix of a quantity (지하2층,
 *     지1~3층, 총7개소, 시30억, 주1회, 만15세, B2층); before Latin letters that
 *     are not a unit ("3D", "5G");
 *   - a time of day "10:00"; a street number after "…로 "/"…길 " and a lot
 *     number "117-3".
 * Not tokens at all (structure, not figures): a heading number at the start
 * of a line ("1.  기업수요…", "1 청년취업사관학교…"), a footnote marker "1)"
 * outside parentheses (a marker glued to a figure, "361)", is split off: 36),
 * a page number line "- 3 -", and what is not an ASCII digit (①, ❶, Ⅳ).
 */
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "cover.h"

/* Code points a token may span: the longest printed figure of a report
 * ("’22.9.21(수) ~ 9.23(금)") is about 20. */
#define WINDOW_CPS 48

struct line {
	const char *s;
	int *cp;     /* code point of each character (U+FFFD for a bad byte) */
	size_t *off; /* byte offset of each character; off[n] is the length */
	size_t n;
};

static void line_init(struct line *L, const char *s, size_t len)
{
	size_t i = 0;

	L->s = s;
	L->cp = xmalloc((len + 1) * sizeof(int));
	L->off = xmalloc((len + 1) * sizeof(size_t));
	L->n = 0;
	while (i < len) {
		int cp, k = utf8_decode(s + i, len - i, &cp);
		if (k <= 0) {
			cp = 0xFFFD;
			k = 1;
		}
		L->cp[L->n] = cp;
		L->off[L->n++] = i;
		i += (size_t)k;
	}
	L->off[L->n] = len;
}

static void line_release(struct line *L)
{
	free(L->cp);
	free(L->off);
}

static int cp_at(const struct line *L, size_t i)
{
	return i < L->n ? L->cp[i] : 0;
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_hangul(int c)
{
	return c >= 0xAC00 && c <= 0xD7A3;
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == 0xA0 || c == 0x3000;
}

static int is_apos(int c)
{
	return c == 0x2019 || c == 0x2018 || c == '\'';
}

static int is_tilde(int c)
{
	return c == '~' || c == 0xFF5E || c == 0x301C || c == 0x223C;
}

static int is_middle_dot(int c)
{
	return c == 0xB7 || c == 0x2024 || c == 0x2027 || c == 0x2219 || c == 0x30FB;
}

/* Characters a unit after a number may have: Hangul, Latin letters, %,
 * squared units (㎡ ㎢ ㎞), ℃ and Hanja counters (社). Not punctuation or
 * arrows, which the number parser would otherwise take into the unit. */
static int unit_cp_ok(int c)
{
	return is_hangul(c) || is_alpha(c) || c == '%' || (c >= 0x3380 && c <= 0x33FF) ||
	       c == 0x2103 || (c >= 0x4E00 && c <= 0x9FFF);
}

static int unit_ok(const char *u)
{
	size_t len = strlen(u), i = 0;

	while (i < len) {
		int c, k = utf8_decode(u + i, len - i, &c);
		if (k <= 0 || !unit_cp_ok(c))
			return 0;
		i += (size_t)k;
	}
	return 1;
}

/* A span that would end inside a run of digits ("‘50" of "‘500"), other
 * than at a limit the caller set (a glued footnote marker). */
static int mid_digits(const struct line *L, size_t b, size_t limit)
{
	return b < limit && b < L->n && is_digit(L->cp[b]) && is_digit(L->cp[b - 1]);
}

/* A date span ending in digits after a space ("’20년 66.3%" read as
 * "’20년 6"): the number belongs to what follows, not to the date. */
static int trailing_bare(const struct line *L, size_t a, size_t b)
{
	size_t k = b;
	while (k > a && is_digit(L->cp[k - 1]))
		k--;
	return k < b && k > a && is_space(L->cp[k - 1]);
}

/* Copies the text of characters [a, b) into tmp of cap bytes; -1 if it
 * does not fit. */
static int span_copy(const struct line *L, size_t a, size_t b, char *tmp, size_t cap)
{
	size_t bytes = L->off[b] - L->off[a];

	if (bytes + 1 > cap || memchr(L->s + L->off[a], '\0', bytes))
		return -1;
	memcpy(tmp, L->s + L->off[a], bytes);
	tmp[bytes] = '\0';
	return 0;
}

/* Whether a space parts the figure from its unit (s[p..] is the unit):
 * "259 여성" (여 is read as "more than", 성 as the unit). */
static int spaced_unit(const char *s, size_t p)
{
	static const char *const mag[] = {"십", "백", "천", "만", "억", "조"};
	size_t last = 0; /* just after the last digit or magnitude word */

	for (size_t i = 0; i < p; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			last = i + 1;
		for (size_t k = 0; k < sizeof(mag) / sizeof(mag[0]); k++)
			if (i + 3 <= p && memcmp(s + i, mag[k], 3) == 0)
				last = i + 3;
	}
	return last < p && (s[last] == ' ' || s[last] == '\t' || (unsigned char)s[last] == 0xC2 ||
			    (unsigned char)s[last] == 0xE3);
}

/* "3조 1,082억 6,417": a last part without a magnitude word after parts with
 * one is the next cell of a table, not the units of the same number. s[0..n)
 * is the number without its unit. */
static int bare_last_part(const char *s, size_t n)
{
	size_t i = n;
	while (i > 0 && s[i - 1] == ' ')
		i--;
	size_t end = i;
	while (i > 0 && s[i - 1] != ' ')
		i--;
	if (i == 0)
		return 0; /* one part */
	for (size_t k = i; k < end; k++)
		if ((unsigned char)s[k] >= 0x80)
			return 0; /* 십 백 천 만 억 조 (or 여) */
	return 1;
}

/* Longest [a, b) read as one number with a plausible unit; 0 if none. */
static size_t longest_knum(const struct line *L, size_t a, size_t limit, struct knum *out)
{
	char tmp[JY_PRINTED_BYTES_MAX + 1];
	size_t max = a + WINDOW_CPS < limit ? a + WINDOW_CPS : limit;

	for (size_t b = max; b > a; b--) {
		struct jy_err e;
		if (is_space(L->cp[b - 1]) || mid_digits(L, b, limit) ||
		    span_copy(L, a, b, tmp, sizeof(tmp)))
			continue;
		if (knum_parse(tmp, out, &e) || !unit_ok(out->unit))
			continue;
		/* a unit set apart by a space is another word ("259 여성"), but
		 * for the few a report does print so ("4억 원") */
		size_t ul = strlen(out->unit), tl = strlen(tmp);
		if (spaced_unit(tmp, tl - ul) &&
		    !(ul && (strcmp(out->unit, "원") == 0 || strcmp(out->unit, "%") == 0)))
			continue;
		if ((out->flags & KNUM_MAGNITUDE) && bare_last_part(tmp, tl - ul))
			continue;
		return b;
	}
	return 0;
}

static size_t longest_kdate(const struct line *L, size_t a, size_t limit, int ref_year,
			    struct kdate_range *out)
{
	char tmp[JY_PRINTED_BYTES_MAX + 1];
	size_t max = a + WINDOW_CPS < limit ? a + WINDOW_CPS : limit;

	for (size_t b = max; b > a; b--) {
		struct jy_err e;
		if (is_space(L->cp[b - 1]) || mid_digits(L, b, limit) || trailing_bare(L, a, b) ||
		    (b < L->n && is_hangul(L->cp[b]) &&
		     (L->cp[b - 1] == 0xC911 /* 중 */ || L->cp[b - 1] == 0xCD08 /* 초 */)) ||
		    span_copy(L, a, b, tmp, sizeof(tmp)))
			continue;
		if (!kdate_parse(tmp, ref_year, out, &e))
			return b;
	}
	return 0;
}

static int span_has(const struct line *L, size_t a, size_t b, const char *needle)
{
	size_t nl = strlen(needle);
	for (size_t i = L->off[a]; i + nl <= L->off[b]; i++)
		if (memcmp(L->s + i, needle, nl) == 0)
			return 1;
	return 0;
}

static int starts_with(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* The unit after a number that makes it an ordinal rather than a count. */
static int ordinal_unit(const char *u)
{
	if (starts_with(u, "차례"))
		return 0;
	if (starts_with(u, "차") || starts_with(u, "일차") || !strcmp(u, "급") ||
	    !strcmp(u, "단계") || !strcmp(u, "주년") || !strcmp(u, "번째") || !strcmp(u, "호") ||
	    !strcmp(u, "단지") || !strcmp(u, "기"))
		return 1;
	return 0;
}

/* Words after which a number is a date rather than an amount. */
static int date_particle(const char *u)
{
	static const char *const w[] = {"부터", "까지", "기준", "이후", "이전", "현재", "경"};
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (!strcmp(u, w[i]))
			return 1;
	return 0;
}

/* Latin letters that are a unit after a number ("12m", "0.5p"). */
static int latin_unit(const struct line *L, size_t a, size_t b)
{
	static const char *const w[] = {"m",  "km", "cm", "mm", "kg", "t", "p",
					"MW", "kW", "GW", "GB", "TB", "MB"};
	char tmp[8];
	if (b - a >= sizeof(tmp))
		return 0;
	for (size_t i = a; i < b; i++)
		tmp[i - a] = (char)L->cp[i];
	tmp[b - a] = '\0';
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (!strcmp(tmp, w[i]))
			return 1;
	return 0;
}

/* Letters glued before a number that begin a quantity rather than a name:
 * 지하2층, 지1~3층 (floors), 총7개소, 시30억/구69억 (who pays), 주1회, 만15세. */
static int quantity_prefix(const struct line *L, size_t a, size_t b)
{
	static const char *const w[] = {"지",	"지하", "지상", "총",	"약",	"만",  "주",
					"연",	"월",	"일",	"시",	"구",	"국",  "각",
					"최대", "최소", "평균", "누적", "매년", "매월"};
	char tmp[32];
	if (span_copy(L, a, b, tmp, sizeof(tmp)))
		return 0;
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (!strcmp(tmp, w[i]))
			return 1;
	return 0;
}

static struct cover_token *push(struct cover_tokens *out, const struct line *L, size_t a, size_t b,
				enum cover_class cls, enum cover_label label)
{
	struct cover_token *t;

	XGROW(out->v, out->cap, out->n + 1);
	t = &out->v[out->n++];
	memset(t, 0, sizeof(*t));
	t->off = L->off[a];
	t->len = L->off[b] - L->off[a];
	t->cls = cls;
	t->label = label;
	return t;
}

static size_t digits_end(const struct line *L, size_t i)
{
	while (i < L->n && is_digit(L->cp[i]))
		i++;
	return i;
}

/* Heading numbers at the start of a line: "1.  기업수요…", " 2. 글로벌…",
 * "1 청년취업사관학교…", "4 차 산 업 혁 명" (a letter-spaced title). Returns
 * the index after the number, or 0 when the line does not start so. */
static size_t heading_number(const struct line *L)
{
	size_t i = 0, d;

	while (i < L->n && is_space(L->cp[i]))
		i++;
	d = digits_end(L, i);
	if (d == i || d - i > 2)
		return 0;
	if (cp_at(L, d) == '.' && (d + 1 == L->n || is_space(cp_at(L, d + 1))))
		return d + 1;
	if (is_space(cp_at(L, d))) {
		size_t k = d;
		while (k < L->n && is_space(L->cp[k]))
			k++;
		if (k < L->n && (is_hangul(L->cp[k]) || is_alpha(L->cp[k]) || is_apos(L->cp[k]) ||
				 L->cp[k] == 0x300C /* 「 */ || L->cp[k] == 0x201C /* “ */))
			return d;
		/* "3 2022 추계 서울패션위크 개최": a title that begins with a year */
		if (digits_end(L, k) == k + 4 &&
		    (is_space(cp_at(L, k + 4)) || cp_at(L, k + 4) == 0xB144 /* 년 */))
			return d;
	}
	return 0;
}

/* "- 3 -": a page number alone on its line. */
static int page_number_line(const struct line *L)
{
	size_t i = 0;
	int dashes = 0, digits = 0;

	for (; i < L->n; i++) {
		int c = L->cp[i];
		if (is_space(c))
			continue;
		if (c == '-' || c == 0x2013 || c == 0xFF0D || c == 0x2212) {
			if (digits == 0 && dashes == 0)
				dashes = 1;
			else if (digits && dashes == 1)
				dashes = 2;
			else
				return 0;
		} else if (is_digit(c) && dashes == 1 && !digits) {
			i = digits_end(L, i) - 1;
			digits = 1;
		} else {
			return 0;
		}
	}
	return dashes == 2 && digits;
}

static size_t word_end(const struct line *L, size_t i);

/* "(19)" at [lp, rp) is a year label when it opens an item of a series:
 * after ":" or an arrow, and before the figure it labels. */
static int series_label(const struct line *L, size_t lp, size_t rp)
{
	size_t k = lp, j = rp;
	while (k > 0 && is_space(L->cp[k - 1]))
		k--;
	if (k == 0 || !(L->cp[k - 1] == ':' || L->cp[k - 1] == 0x2192 || L->cp[k - 1] == 0x21E8))
		return 0;
	while (j < L->n && is_space(L->cp[j]))
		j++;
	return j > rp && (is_digit(cp_at(L, j)) || cp_at(L, j) == '-' || cp_at(L, j) == '+');
}

/* A number set beside a Latin word with one space, with no unit of its own
 * (or a four-digit year): part of a name. Returns the end of the name, or 0. */
static size_t latin_neighbour(const struct line *L, size_t i, size_t d, size_t floor)
{
	int before = 0;
	/* a word with a lower-case letter: a name ("Ward", "Vision"), not an
	 * abbreviation heading a table row ("R&D 318 41 6,250") */
	if (i >= 2 && i - 1 >= floor && is_space(L->cp[i - 1]) && is_alpha(L->cp[i - 2])) {
		for (size_t k = i - 1; k > floor && is_alpha(L->cp[k - 1]); k--)
			before |= L->cp[k - 1] >= 'a' && L->cp[k - 1] <= 'z';
	}
	int after = is_space(cp_at(L, d)) && is_alpha(cp_at(L, d + 1));
	int year = d - i == 4 && L->cp[i] <= '2';

	if (!before && !after)
		return 0;
	if (cp_at(L, d) == ',' && is_digit(cp_at(L, d + 1)))
		return 0; /* "Top 1,000" is a figure */
	if (cp_at(L, d) == '.' && is_digit(cp_at(L, d + 1)))
		return 0;
	if (is_hangul(cp_at(L, d)))
		return before && year ? word_end(L, d) : 0;
	if (is_alpha(cp_at(L, d)) || cp_at(L, d) == '%')
		return 0;
	return d;
}

/* After "제" + digits: the counter and a following "의 2" ("제8조의 2"). */
static size_t ordinal_end(const struct line *L, size_t d)
{
	size_t e = d;

	while (e < L->n && is_hangul(L->cp[e]))
		e++;
	if (e > d && L->cp[e - 1] == 0xC758 /* 의 */) {
		size_t k = e;
		if (k < L->n && is_space(L->cp[k]))
			k++;
		if (is_digit(cp_at(L, k)))
			e = digits_end(L, k);
	}
	return e;
}

/* digits [·․ digits]… + an ordinal counter ("1·2차", "1․2급", "3 ․ 4급"):
 * the end of the chain, or 0. */
static size_t ordinal_chain(const struct line *L, size_t i)
{
	size_t e = digits_end(L, i), k;
	int links = 0;
	char tmp[32];

	for (;;) {
		k = e;
		while (k < L->n && is_space(L->cp[k]))
			k++;
		if (!is_middle_dot(cp_at(L, k)))
			break;
		k++;
		while (k < L->n && is_space(L->cp[k]))
			k++;
		if (!is_digit(cp_at(L, k)))
			break;
		e = digits_end(L, k);
		links++;
	}
	if (!links)
		return 0;
	k = e;
	while (k < L->n && is_hangul(L->cp[k]) && k - e < 3)
		k++;
	if (k == e || span_copy(L, e, k, tmp, sizeof(tmp)))
		return 0;
	while (k > e) { /* the longest counter that is an ordinal one */
		span_copy(L, e, k, tmp, sizeof(tmp));
		if (ordinal_unit(tmp))
			return k;
		k--;
	}
	return 0;
}

static size_t word_end(const struct line *L, size_t i)
{
	while (i < L->n && (is_hangul(L->cp[i]) || is_alpha(L->cp[i]) || is_digit(L->cp[i])))
		i++;
	return i;
}

/* Where a token beginning at the digit i really starts: a sign, "△ ",
 * "약 ", an apostrophe, "~’". Never before `floor`. */
static size_t token_start(const struct line *L, size_t i, size_t floor, int *dateish)
{
	size_t p = i, k;

	*dateish = 0;
	if (p > floor && is_apos(L->cp[p - 1])) {
		p--;
		*dateish = 1;
		k = p; /* "~’22. 12.", "~ ’22. 9." */
		while (k > floor && is_space(L->cp[k - 1]))
			k--;
		if (k > floor && is_tilde(L->cp[k - 1]) && (k - 1 == 0 || !is_digit(L->cp[k - 2])))
			p = k - 1;
		return p;
	}
	if (p > floor && is_tilde(L->cp[p - 1]) &&
	    (p - 1 == 0 || is_space(L->cp[p - 2]) || L->cp[p - 2] == '(')) {
		*dateish = 1; /* "~12." open start; tried as a date only */
		return p - 1;
	}
	if (p > floor && (L->cp[p - 1] == '+' || L->cp[p - 1] == '-' || L->cp[p - 1] == 0x2212)) {
		int before = p - 1 > 0 ? L->cp[p - 2] : ' ';
		if (p - 1 == floor ||
		    !(is_digit(before) || is_alpha(before) || is_hangul(before) || before == ')'))
			return p - 1;
		return p;
	}
	k = p;
	while (k > floor && is_space(L->cp[k - 1]))
		k--;
	if (k > floor && (L->cp[k - 1] == 0x25B3 || L->cp[k - 1] == 0x25B2))
		return k - 1;
	if (k > floor && L->cp[k - 1] == 0xC57D /* 약 */ &&
	    (k - 1 == 0 || !is_hangul(L->cp[k - 2])))
		return k - 1;
	return p;
}

void cover_tokens_init(struct cover_tokens *t)
{
	memset(t, 0, sizeof(*t));
}

void cover_tokens_release(struct cover_tokens *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/* "1~1.5억원": the 1 before the tilde is 1억원 too. */
static void inherit_ranges(const char *s, struct cover_tokens *out, size_t first)
{
	for (size_t i = first; i + 1 < out->n; i++) {
		struct cover_token *a = &out->v[i], *b = &out->v[i + 1];
		size_t gap_a = a->off + a->len, tildes = 0, k;
		char tmp[JY_PRINTED_BYTES_MAX + 1];
		struct jy_err e;

		if (a->cls != COVER_QTY || b->cls != COVER_QTY || !a->has_num || !b->has_num ||
		    a->num.unit[0] || (a->num.flags & KNUM_MAGNITUDE) ||
		    (!b->num.unit[0] && !(b->num.flags & KNUM_MAGNITUDE)))
			continue;
		for (k = gap_a; k < b->off; k++) {
			if (s[k] == '~')
				tildes++;
			else if (s[k] != ' ')
				break;
		}
		if (k != b->off || tildes != 1)
			continue;
		size_t last = b->len; /* the suffix after the last digit of b */
		while (last > 0 && !is_digit((unsigned char)s[b->off + last - 1]))
			last--;
		if (a->len + (b->len - last) > JY_PRINTED_BYTES_MAX)
			continue;
		memcpy(tmp, s + a->off, a->len);
		memcpy(tmp + a->len, s + b->off + last, b->len - last);
		tmp[a->len + b->len - last] = '\0';
		if (!knum_parse(tmp, &a->num2, &e))
			a->has_num2 = 1;
	}
}

void cover_tokenize(const char *s, size_t len, int ref_year, struct cover_tokens *out)
{
	struct line L;
	size_t i, floor = 0, first = out->n;
	int depth = 0;

	line_init(&L, s, len);
	if (page_number_line(&L)) {
		line_release(&L);
		return;
	}
	i = floor = heading_number(&L);
	while (i < L.n) {
		int c = L.cp[i], dateish;
		size_t d, st, e;

		if (c == '(' || c == 0xFF08)
			depth++;
		if ((c == ')' || c == 0xFF09) && depth > 0)
			depth--;
		if (c == 0x300C /* 「 */ && i >= floor) {
			/* a title in 「」 with digits is one name: 「1 자치구 1 청년취업사관학교」
			 */
			size_t k = i + 1, has_digit = 0;
			while (k < L.n && L.cp[k] != 0x300D)
				has_digit |= is_digit(L.cp[k++]);
			if (k < L.n && has_digit) {
				size_t a = i + 1, b = k;
				while (a < b && is_space(L.cp[a]))
					a++;
				while (b > a && is_space(L.cp[b - 1]))
					b--;
				push(out, &L, a, b, COVER_LABEL, COVER_LABEL_NAME);
				i = floor = k + 1;
				continue;
			}
		}
		if (!is_digit(c)) {
			i++;
			continue;
		}
		d = digits_end(&L, i);
		/* footnote markers outside parentheses: "1)", "스케일업1)을" */
		if (d - i <= 2 && (cp_at(&L, d) == ')' || cp_at(&L, d) == 0xFF09) &&
		    (depth == 0 || cp_at(&L, d + 1) == ')')) { /* "투자3))" */
			i = floor = d + 1;
			continue;
		}
		/* a year label of a series: "고용률 : (19) 60.8 → (20) 59.5" */
		if (d - i == 2 && i >= 1 && L.cp[i - 1] == '(' && cp_at(&L, d) == ')' &&
		    series_label(&L, i - 1, d + 1)) {
			struct cover_token *t =
				push(out, &L, i - 1, d + 1, COVER_DATE, COVER_LABEL_NONE);
			int y = 2000 + (L.cp[i] - '0') * 10 + (L.cp[i + 1] - '0');
			t->has_date = 1;
			t->date.start = (struct kdate){y, 1, 1};
			t->date.end = (struct kdate){y, 12, 31};
			t->date.gran = KDATE_YEAR;
			t->date.start_wday = t->date.end_wday = -1;
			i = floor = d + 1;
			if (depth > 0)
				depth--;
			continue;
		}
		/* next to a Latin word: "Ward 8, District 11", "‘500 Global’", "Vision 2030펀드" */
		if ((e = latin_neighbour(&L, i, d, floor))) {
			size_t a = i;
			if (i >= 2 && is_space(L.cp[i - 1]) && is_alpha(L.cp[i - 2])) {
				a = i - 1;
				while (a > floor && is_alpha(L.cp[a - 1]))
					a--;
			}
			push(out, &L, a, e, COVER_LABEL, COVER_LABEL_NAME);
			i = floor = e;
			continue;
		}
		/* a second lot number: "소파로 126, 130" */
		if (out->n > first && out->v[out->n - 1].label == COVER_LABEL_LOCATOR && i >= 2 &&
		    L.off[i - 2] == out->v[out->n - 1].off + out->v[out->n - 1].len &&
		    L.cp[i - 2] == ',' && L.cp[i - 1] == ' ' && !is_hangul(cp_at(&L, d))) {
			push(out, &L, i, d, COVER_LABEL, COVER_LABEL_LOCATOR);
			i = floor = d;
			continue;
		}
		/* time of day */
		if (d - i <= 2 && cp_at(&L, d) == ':' && digits_end(&L, d + 1) == d + 3) {
			push(out, &L, i, d + 3, COVER_LABEL, COVER_LABEL_TIME);
			i = floor = d + 3;
			continue;
		}
		/* digits glued after letters: an ordinal (제6조), a name, or a prefix */
		if (i > floor && (is_hangul(L.cp[i - 1]) || is_alpha(L.cp[i - 1]))) {
			size_t w = i;
			while (w > floor && (is_hangul(L.cp[w - 1]) || is_alpha(L.cp[w - 1])))
				w--;
			if (i - w == 1 && L.cp[w] == 0xC81C /* 제 */) {
				e = ordinal_end(&L, d);
				push(out, &L, w, e, COVER_LABEL, COVER_LABEL_ORDINAL);
				i = floor = e;
				continue;
			}
			if (!quantity_prefix(&L, w, i) &&
			    !(i - w == 1 && L.cp[w] == 'B' && cp_at(&L, d) == 0xCE35 /* B2층 */)) {
				e = word_end(&L, d);
				push(out, &L, w, e, COVER_LABEL, COVER_LABEL_NAME);
				i = floor = e;
				continue;
			}
		}
		/* a street number after "…로 " / "…길 ", a lot number "117-3" */
		if (cp_at(&L, d) == '-' && is_digit(cp_at(&L, d + 1)) &&
		    (i == 0 || !is_digit(L.cp[i - 1]))) {
			e = digits_end(&L, d + 1);
			push(out, &L, i, e, COVER_LABEL, COVER_LABEL_LOCATOR);
			i = floor = e;
			continue;
		}
		if (i >= 2 && i - 1 >= floor && is_space(L.cp[i - 1]) &&
		    (L.cp[i - 2] == 0xB85C /* 로 */ || L.cp[i - 2] == 0xAE38 /* 길 */)) {
			e = d;
			if (cp_at(&L, e) == 0xAE38) /* "양재대로 12길" */
				e++;
			push(out, &L, i, e, COVER_LABEL, COVER_LABEL_LOCATOR);
			i = floor = e;
			continue;
		}
		/* digits before Latin letters that are not a unit: "3D", "5G" */
		if (is_alpha(cp_at(&L, d))) {
			size_t a = d;
			while (a < L.n && is_alpha(L.cp[a]))
				a++;
			if (!latin_unit(&L, d, a)) {
				e = word_end(&L, d);
				push(out, &L, i, e, COVER_LABEL, COVER_LABEL_NAME);
				i = floor = e;
				continue;
			}
		}
		if ((e = ordinal_chain(&L, i))) {
			push(out, &L, i, e, COVER_LABEL, COVER_LABEL_ORDINAL);
			i = floor = e;
			continue;
		}

		/* a glued footnote marker: "361)" is 36 and the marker 1) */
		size_t limit = L.n;
		if (depth == 0 && d - i > 2 && (cp_at(&L, d) == ')' || cp_at(&L, d) == 0xFF09))
			limit = d - 1;

		st = token_start(&L, i, floor, &dateish);
		struct knum num;
		struct kdate_range date;
		size_t de = longest_kdate(&L, st, limit, ref_year, &date);
		size_t ne = 0;
		if (dateish && !de) {
			st = i; /* an apostrophe that begins no date */
			dateish = 0;
			de = longest_kdate(&L, st, limit, ref_year, &date);
		}
		if (!dateish)
			ne = longest_knum(&L, st, limit, &num);
		int is_date = 0;
		if (de && dateish)
			is_date = 1;
		else if (de && (span_has(&L, st, de, "년") || span_has(&L, st, de, "월") ||
				span_has(&L, st, de, "분기") || span_has(&L, st, de, "반기") ||
				span_has(&L, st, de, "(")))
			is_date = 1;
		else if (de) {
			int dots = 0;
			for (size_t k = st; k < de; k++)
				dots += L.cp[k] == '.';
			if (dots >= 2)
				is_date = 1;
			else if (ne && date_particle(num.unit))
				is_date = 1;
			else if (!ne)
				is_date = 1;
		}
		struct cover_token *t;
		/* a bare four-digit year ("Try Everything 2022", "서울디자인 2022"):
		 * a report prints a year it means as a date with 년 or as ’22 */
		if (!is_date && ne == d && st == i && d - i == 4 && num.value.coef >= 1900 &&
		    num.value.coef <= 2199 && !num.unit[0]) {
			t = push(out, &L, i, d, COVER_LABEL, COVER_LABEL_NAME);
			t->has_num = 1;
			t->num = num;
			i = floor = d;
			continue;
		}
		if (is_date) {
			t = push(out, &L, st, de, COVER_DATE, COVER_LABEL_NONE);
			t->has_date = 1;
			t->date = date;
			if (ne == de) { /* "6월" also reads as a number */
				t->has_num = 1;
				t->num = num;
			}
			e = de;
		} else if (ne) {
			int ord = ordinal_unit(num.unit);
			t = push(out, &L, st, ne, ord ? COVER_LABEL : COVER_QTY,
				 ord ? COVER_LABEL_ORDINAL : COVER_LABEL_NONE);
			t->has_num = 1;
			t->num = num;
			if (de == ne) { /* "6.5": June 5th or six and a half */
				t->has_date = 1;
				t->date = date;
			}
			e = ne;
		} else {
			e = d; /* digits nothing reads: too long, or malformed */
		}
		i = floor = e;
		if (limit < L.n && i == limit)
			i = floor = limit + 2; /* past the glued marker */
	}
	inherit_ranges(s, out, first);
	line_release(&L);
}

const char *cover_class_name(enum cover_class c)
{
	switch (c) {
	case COVER_QTY:
		return "quantity";
	case COVER_DATE:
		return "date";
	case COVER_LABEL:
		return "label";
	}
	return "?";
}

const char *cover_label_name(enum cover_label l)
{
	switch (l) {
	case COVER_LABEL_NONE:
		return "";
	case COVER_LABEL_ORDINAL:
		return "ordinal";
	case COVER_LABEL_NAME:
		return "name";
	case COVER_LABEL_TIME:
		return "time";
	case COVER_LABEL_LOCATOR:
		return "locator";
	}
	return "?";
}
