/*
 * test_msg.c - unit tests of the message catalogue (src/base/msg.c): every
 * message has both texts with the same conversions in the same order, and
 * the locale picks the language as POSIX orders LC_ALL, LC_MESSAGES, LANG.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"

/* The printf conversions of a format, in order ("%s%ld%zu"). */
static void conversions(const char *f, char *out, size_t size)
{
	size_t n = 0;
	for (const char *p = f; *p; p++) {
		if (*p != '%')
			continue;
		p++;
		if (*p == '%')
			continue;
		while (*p && strchr("0123456789.-+ #*lzhj", *p) && n + 1 < size)
			out[n++] = *p++;
		if (*p && n + 1 < size)
			out[n++] = *p;
		if (!*p)
			break;
	}
	out[n] = '\0';
}

Test(msg, every_message_has_both_texts_with_the_same_conversions)
{
	for (int id = 0; id < M_COUNT; id++) {
		const char *ko = msg_in(id, 1), *en = msg_in(id, 0);
		char cko[64], cen[64];
		cr_assert(strcmp(ko, "?") != 0 && *ko, "message %d has no Korean text", id);
		cr_assert(strcmp(en, "?") != 0 && *en, "message %d has no English text", id);
		conversions(ko, cko, sizeof(cko));
		conversions(en, cen, sizeof(cen));
		cr_assert_str_eq(cko, cen, "message %d: \"%s\" takes %s, \"%s\" takes %s", id, ko,
				 cko, en, cen);
	}
}

Test(msg, a_message_is_not_two_languages_glued)
{
	/* the Korean text has Hangul, the English none */
	for (int id = 0; id < M_COUNT; id++) {
		const char *en = msg_in(id, 0);
		for (const unsigned char *p = (const unsigned char *)en; *p; p++)
			cr_assert(!(p[0] == 0xEA || p[0] == 0xEB || p[0] == 0xEC || p[0] == 0xED) ||
					  id == M_TABLE_IMPORTED,
				  "message %d's English has Hangul: %s", id, en);
	}
	cr_assert_str_eq(msg_in(M_ERROR, 1), "오류");
	cr_assert_str_eq(msg_in(M_ERROR, 0), "error");
}

static void lang(const char *all, const char *messages, const char *lang_, int korean)
{
	if (all)
		setenv("LC_ALL", all, 1);
	else
		unsetenv("LC_ALL");
	if (messages)
		setenv("LC_MESSAGES", messages, 1);
	else
		unsetenv("LC_MESSAGES");
	if (lang_)
		setenv("LANG", lang_, 1);
	else
		unsetenv("LANG");
	msg_reset();
	cr_assert_eq(msg_korean(), korean, "LC_ALL=%s LC_MESSAGES=%s LANG=%s", all ? all : "-",
		     messages ? messages : "-", lang_ ? lang_ : "-");
}

Test(msg, the_locale_chooses_the_language)
{
	lang(NULL, NULL, NULL, 0);
	lang(NULL, NULL, "ko_KR.UTF-8", 1);
	lang(NULL, NULL, "ko", 1);
	lang(NULL, NULL, "ko_KR.eucKR", 1);
	lang(NULL, NULL, "kok_IN", 0); /* Konkani is no Korean */
	lang(NULL, NULL, "C.UTF-8", 0);
	lang("C", NULL, "ko_KR.UTF-8", 0); /* LC_ALL first */
	lang("", NULL, "ko_KR.UTF-8", 1);  /* an empty one is not set */
	lang(NULL, "ko_KR.UTF-8", "C", 1); /* LC_MESSAGES before LANG */
	lang(NULL, "en_US.UTF-8", "ko_KR.UTF-8", 0);
	lang("ko_KR.UTF-8", "en_US.UTF-8", NULL, 1);
	cr_assert_str_eq(msg(M_HINT), "힌트");
	lang(NULL, NULL, NULL, 0);
	cr_assert_str_eq(msg(M_HINT), "hint");
}

Test(msg, formats_in_the_language)
{
	char s[128];
	setenv("LC_ALL", "ko_KR.UTF-8", 1);
	msg_reset();
	msg_format(s, sizeof(s), M_UNKNOWN_OPTION, "--x");
	cr_assert_str_eq(s, "알 수 없는 옵션 '--x'");
	setenv("LC_ALL", "C", 1);
	msg_reset();
	msg_format(s, sizeof(s), M_UNKNOWN_OPTION, "--x");
	cr_assert_str_eq(s, "unknown option '--x'");
	cr_assert_str_eq(msg_in((enum msg_id)M_COUNT, 0), "?");
}

Test(msg, system_errors_in_the_language)
{
	setenv("LC_ALL", "ko_KR.UTF-8", 1);
	msg_reset();
	cr_assert_str_eq(msg_errno(ENOENT), "그런 파일이나 폴더가 없습니다");
	cr_assert_str_eq(msg_errno(ENOSPC), "장치에 남은 공간이 없습니다");
	/* one the table lacks: the system's text */
	cr_assert_str_eq(msg_errno(ENOTSOCK), strerror(ENOTSOCK));
	setenv("LC_ALL", "C", 1);
	msg_reset();
	cr_assert_str_eq(msg_errno(ENOENT), strerror(ENOENT));
}

Test(msg, both_texts_end_a_line_alike)
{
	/* the messages printed to standard output end with their line end */
	for (int id = 0; id < M_COUNT; id++) {
		const char *ko = msg_in(id, 1), *en = msg_in(id, 0);
		int ko_nl = ko[strlen(ko) - 1] == '\n', en_nl = en[strlen(en) - 1] == '\n';
		cr_assert_eq(ko_nl, en_nl, "message %d: one text ends a line, the other not: %s", id,
			     en);
	}
}
