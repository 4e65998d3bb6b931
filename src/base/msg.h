/*
 * msg.h - the catalogue of messages people read, in Korean and in English.
 *
 * Every message has an id and two printf formats that take the same
 * arguments in the same order (tests/unit/test_msg.c checks it). msg()
 * gives the one the locale asks for: Korean when LC_ALL, else LC_MESSAGES,
 * else LANG (the first that is set and not empty, as POSIX orders them)
 * names a Korean locale ("ko", "ko_KR.UTF-8"), English otherwise. A message
 * not yet in the catalogue stays as it is written at its call; moving it here
 * is adding an id and its two texts (docs/DESIGN.md, "The command line").
 */
#ifndef JY_MSG_H
#define JY_MSG_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

enum msg_id {
	/* prefixes of a line, as git prints them */
	M_ERROR,
	M_HINT,
	M_NOTE,
	/* the command line */
	M_USAGE,
	M_OPTIONS,
	M_EXAMPLE,
	M_COMMANDS,
	M_HELP_MORE,
	M_UNKNOWN_COMMAND,
	M_HINT_COMMANDS,
	M_UNKNOWN_OPTION,
	M_AMBIGUOUS_OPTION,
	M_OPTION_TWICE,
	M_OPTION_NEEDS_VALUE,
	M_OPTION_NO_VALUE,
	M_TOO_MANY_ARGS,
	M_WRONG_ARGS,
	M_HINT_HELP,
	M_NEEDS_DB,
	M_OPTION_BAD_VALUE,
	M_STDOUT_FAILED,
	M_WRITE_FAILED_BEFORE,
	M_OUT_OF_MEMORY,
	M_VERSION_DATA,
	M_VERSION_NO_DATA,
	/* what each option does (cmd/args.c's table) */
	M_OPT_DB,
	M_OPT_PACKAGE,
	M_OPT_FORMAT,
	M_OPT_OUTPUT,
	M_OPT_AS_OF,
	M_OPT_SEED,
	M_OPT_MIN,
	M_OPT_JSON,
	M_OPT_UNCOVERED,
	M_OPT_EXCEL,
	M_OPT_BY,
	M_OPT_REASON,
	M_OPT_IF_REVISION,
	M_OPT_ADD,
	M_OPT_DELETE,
	M_OPT_CLEAN,
	M_OPT_SEVERITY,
	M_OPT_DIVISION,
	M_OPT_TABLE,
	M_OPT_MEASURE,
	M_OPT_DIM,
	M_OPT_PERIOD,
	M_OPT_KIND,
	M_OPT_SHEET,
	M_OPT_PROPOSE_RULES,
	M_OPT_LISTEN,
	M_OPT_PUBLIC,
	M_OPT_ROLE,
	M_OPT_UNIT,
	M_OPT_HELP,
	/* commands */
	M_IMPORTED,
	M_HISTORY_BROKEN,
	M_FORMAT_UNKNOWN,
	M_FORMAT_NEEDS_FILE,
	M_SEED_REQUIRED,
	M_MIN_BAD,
	M_REF_BAD,
	M_CP949_LOST,
	M_HINT_CP949,
	M_TABLE_IMPORTED,
	M_TABLE_CSV_SHEET,
	M_TABLE_HEADER_NO_COL,
	M_TABLE_NO_HEADER,
	M_TABLE_NO_UNIT,
	M_TABLE_NO_NODE,
	M_TABLE_MEASURE_FORM,
	M_TABLE_NO_MEASURE,
	M_TABLE_MEASURE_DIMS,
	M_TABLE_DIMS_DIFFER,
	M_TABLE_CHANGED,
	M_PROGRESS,
	/* the most common validation messages */
	M_ROW_COLUMNS,
	M_REQUIRED,
	M_NOT_SOURCE,
	M_NOT_DECIMAL,
	/* validation (model/validate.c) and package reading (pkg/pkg.c) */
	M_HEADER_LACKS,
	M_HEADER_EXTRA,
	M_HEADER_LACKS_BEFORE,
	M_HEADER_COLUMN,
	M_EMPTY_FILE,
	M_RES_PATH,
	M_RES_FIELDS_RANGE,
	M_RES_FIELDS,
	M_RES_FIELD_NAME,
	M_RES_UNKNOWN,
	M_RES_TWICE,
	M_JSON_INVALID,
	M_DESCRIPTOR_OBJECT,
	M_DESCRIPTOR_NO_RESOURCES,
	M_MKDIR_FAILED,
	M_ENTERED_NEEDS,
	M_ENTERED_SOURCE,
	M_NOT_UTC,
	M_REQUIRED_MISSING,
	M_NOT_ID,
	M_NOT_INTEGER,
	M_NOT_PLAIN_DECIMAL,
	M_VALUE_DIGITS,
	M_NOT_ENUM,
	M_SOURCE_PAST_END,
	M_NOT_ISODATE,
	M_DUPLICATE_KEY,
	M_UNKNOWN_REF,
	M_UNKNOWN_TABLE,
	M_UNKNOWN_MEMBER,
	M_OWN_PARENT,
	M_PARENT_CYCLE,
	M_NOT_PRINTED_DATE,
	M_PERIOD_PIN,
	M_NO_DIMENSION,
	M_ROW_NO_KEY,
	M_SEQ_BAD,
	M_FIELD_NEEDS,
	M_UNKNOWN_NODE,
	M_NO_MILESTONE,
	M_UNKNOWN_MEASURE,
	M_SUM_PERIOD,
	M_SUM_DIM,
	M_EXPR_AT,
	M_SCOPE_NOT_KV,
	M_SCOPE_KEY,
	M_RES_MISSING_ONE,
	M_RES_MISSING_MANY,
	M_PROBLEMS_ONE,
	M_PROBLEMS_MANY,
	M_PROBLEMS_FIRST_SHOWN,
	/* facts and measures (model/facts.c, model/edit.c) */
	M_PERIOD_VALUE,
	M_PERIOD_NOT,
	M_PERIOD_REVERSED,
	M_NA_EMPTY_FORM,
	M_DIMS_TOO_MANY,
	M_DIM_UNKNOWN,
	M_DIM_TWICE,
	M_COORD_NOT_KV,
	M_COORDS_MORE,
	M_COORD_ORDER,
	M_COORD_MEMBER,
	M_COORDS_FEWER,
	M_NA_VALUE,
	M_DASH_VALUE,
	M_NOT_PRINTED_NUMBER,
	M_PRINTED_UNIT,
	M_PRINTED_READS,
	M_FACT_TWICE,
	M_KEY_CHANGED,
	M_FACTS_NOT_WRITABLE,
	/* numbers as printed (base/knum.c) and as a machine writes them
	 * (base/dec.c): the reason after "… is not a number as printed: " */
	M_NUM_TOO_LARGE,
	M_NUM_COMMA_LEAD,
	M_NUM_COMMA_GROUPS,
	M_NUM_AFTER_POINT,
	M_NUM_MISPLACED,
	M_NUM_SCALE,
	M_NUM_SECOND_SIGN,
	M_NUM_AFTER_SIGN,
	M_NUM_AFTER_WORD,
	M_NUM_RANGE,
	M_NUM_BEFORE_POINT,
	M_NUM_EXPECTED,
	M_NUM_MAG_ORDER,
	M_NUM_PART_NOT_SMALLER,
	M_NUM_SECOND,
	M_NUM_FRAC_LAST,
	M_NUM_TOO_LONG,
	M_NUM_BAD_UTF8,
	M_NUM_EMPTY,
	M_NUM_MISPLACED_MAG,
	M_NUM_UNIT_LONG,
	M_NUM_UNIT_MIDDLE,
	M_NUM_AFTER_NUMBER,
	M_DEC_TOO_LONG,
	M_DEC_DIGIT,
	M_DEC_UNEXPECTED,
	M_DEC_SCALE_RANGE,
	M_DIV_ZERO,
	/* dates as printed (base/kdate.c): the reason after "… is not a date as
	 * printed: "; the date's Korean words are arguments */
	M_DATE_BAD_UTF8,
	M_DATE_CONTROL,
	M_DATE_CHAR,
	M_DATE_NUM_LONG,
	M_DATE_TOO_LONG,
	M_DATE_EMPTY,
	M_DATE_ENDS_EARLY,
	M_DATE_UNEXPECTED,
	M_DATE_WANT_DATE,
	M_DATE_WANT_AFTER_TILDE,
	M_DATE_WANT_END,
	M_DATE_WANT_RP_ASOF,
	M_DATE_WANT_RP_START,
	M_DATE_WANT_WDAY,
	M_DATE_WANT_RP_WDAY,
	M_DATE_WANT_DOT,
	M_DATE_WANT_YEAR2,
	M_DATE_TOO_MANY,
	M_DATE_NOT_YMD,
	M_DATE_YEAR_WORD,
	M_DATE_MONTH_WORD,
	M_DATE_QUARTER_WORD,
	M_DATE_DAY_WORD,
	M_DATE_YEAR_RANGE,
	M_DATE_MONTH_OR_DAY,
	M_DATE_AFTER_HALF,
	M_DATE_DAY_NEEDS_MONTH,
	M_DATE_YEAR_DIGITS,
	M_DATE_QUARTER_RANGE,
	M_DATE_MONTH_RANGE,
	M_DATE_NOT_DAY,
	M_DATE_WDAY_MONTH,
	M_DATE_WDAY_PERIOD,
	/* reading and writing files (pkg/csv.c, base/utf8.c): CSV, encodings */
	M_CSV_COLUMNS,
	M_CSV_FIELD_LONG,
	M_CSV_NUL,
	M_CSV_MALFORMED,
	M_CSV_EPARSE,
	M_CSV_UNTERMINATED,
	M_BAD_BYTE,
	M_BYTE_NOT_UTF8,
	M_BYTE_NOT_CP949,
	M_NOT_CP949_AT,
	M_TEXT_NOT_UTF8,
	M_CANNOT_OPEN,
	M_IS_FOLDER,
	M_NOT_REGULAR_FILE,
	M_FILE_TOO_LARGE,
	M_READ_ERROR,
	M_CANNOT_WRITE,
	M_WRITE_FAILED,
	M_CANNOT_RENAME,
	/* workbooks (pkg/xlsx.c reads one, pkg/book.c the package as one) */
	M_XLSX_NOT_ZIP,
	M_XLSX_NO_FILE,
	M_XLSX_NO_PART,
	M_XLSX_PART_LARGE,
	M_XLSX_PART_READ,
	M_XLSX_PART_DAMAGED,
	M_XLSX_PART_XML,
	M_XLSX_DTD,
	M_XLSX_NO_SHEETS,
	M_XLSX_NO_SHEET_N,
	M_XLSX_BAD_REF,
	M_XLSX_CELLS,
	M_NO_SHEET,
	M_EMPTY_SHEET,
	M_BOOK_NO_META,
	M_BOOK_ROWS,
	M_BOOK_CREATE,
	M_BOOK_WRITE,
	/* databases (store/): opening one, the packages it holds, PostgreSQL's
	 * connection */
	M_DB_NO_SUCH,
	M_DB_NOT_JIPYO,
	M_DB_OTHER_PROGRAM,
	M_DB_CANNOT_OPEN,
	M_DB_NO_MEMORY,
	M_DB_NEWER,
	M_DB_NO_PATH,
	M_DB_HOLDS_PACKAGE,
	M_PG_CANNOT_CONNECT,
	M_PG_LOST,
	M_PG_NO_STORE,
	M_PG_NO_PACKAGE,
	M_PG_NONE,
	M_PG_HOLDS_NONE,
	M_PG_HOLDS_MANY,
	M_PG_REMOVED,
	M_PG_ROLLED_BACK,
	M_COUNT
};

/* The format for id in the locale's language. */
const char *msg(enum msg_id id);
/* 1 when messages are Korean. */
int msg_korean(void);
/* Reads the locale again (tests; a program reads it once, at the first msg). */
void msg_reset(void);
/* The text of id in a language (ko 1: Korean): for tests and for JSON, which
 * carries both. */
const char *msg_in(enum msg_id id, int ko);

/* "error: " and the message, one line, to stderr; returns 2 so that
 * `return msg_error(...)` reads as bad input does. */
int msg_error(enum msg_id id, ...);
/* "hint: " and the message, one line, to stderr. */
void msg_hint(enum msg_id id, ...);
/* The message alone, formatted, to out (no prefix, no line end added). */
void msg_print(FILE *out, enum msg_id id, ...);
/* The message formatted into s (snprintf's rules). */
int msg_format(char *s, size_t size, enum msg_id id, ...);

/* strerror(e) in the locale's language: Korean for the errors a person
 * meets (a missing file, no permission, a full disk), strerror's English
 * otherwise (setlocale is not called, so strerror is English). */
const char *msg_errno(int e);

/* jy_err_at (err.h) with the message of id in the locale's language. */
int jy_err_msg(struct jy_err *e, int code, const char *file, long line, long col, const char *field,
	       enum msg_id id, ...);

#endif
