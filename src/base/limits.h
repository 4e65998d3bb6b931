/*
 * limits.h - every bound Jipyo puts on its input, in one place.
 *
 * Each limit can be overridden at build time (-DJY_LIMIT=...). The reason
 * for each value sits beside it; parsers check these before allocating.
 */
#ifndef JY_LIMITS_H
#define JY_LIMITS_H

/* A CSV row of the data package: the longest narrative text of a report is
 * a few hundred bytes; 64 KiB leaves room for pasted paragraphs. */
#ifndef JY_CSV_FIELD_BYTES_MAX
#define JY_CSV_FIELD_BYTES_MAX (64 * 1024)
#endif

/* Columns per CSV row: our widest resource has eleven. */
#ifndef JY_CSV_COLUMNS_MAX
#define JY_CSV_COLUMNS_MAX 64
#endif

/* A resource file: 1 GiB is ten times the largest benchmark package. */
#ifndef JY_CSV_FILE_BYTES_MAX
#define JY_CSV_FILE_BYTES_MAX (1024L * 1024 * 1024)
#endif

/* datapackage.json: a descriptor is a few KiB; refuse anything absurd. */
#ifndef JY_DESCRIPTOR_BYTES_MAX
#define JY_DESCRIPTOR_BYTES_MAX (4 * 1024 * 1024)
#endif

/* Coordinates of one fact: a printed table rarely has more than 4 axes. */
#ifndef JY_FACT_DIMS_MAX
#define JY_FACT_DIMS_MAX 8
#endif

/* Identifiers (unit, node, measure, member ids): ASCII slugs. */
#ifndef JY_ID_BYTES_MAX
#define JY_ID_BYTES_MAX 96
#endif

/* Rule expressions: terms per side and nesting depth of parentheses. */
#ifndef JY_EXPR_TERMS_MAX
#define JY_EXPR_TERMS_MAX 64
#endif
#ifndef JY_EXPR_DEPTH_MAX
#define JY_EXPR_DEPTH_MAX 16
#endif

/* Addends of one sum: a printed table column rarely exceeds a few hundred
 * rows; the benchmark goes to 10,000. */
#ifndef JY_SUM_PARTS_MAX
#define JY_SUM_PARTS_MAX 100000
#endif

/* Korean number and date strings as printed: longer input is not a number. */
#ifndef JY_PRINTED_BYTES_MAX
#define JY_PRINTED_BYTES_MAX 256
#endif

/* Exact decimals: digits after the point we keep (ratios are computed at
 * this scale before rounding to the printed precision). */
#ifndef JY_DEC_SCALE_MAX
#define JY_DEC_SCALE_MAX 12
#endif

/* Digits (before and after the point together) of a value in a package.
 * Evaluation adds up to JY_SUM_PARTS_MAX values and aligns them to a common
 * scale inside a 64-bit coefficient: 15 digits leave room for both, and no
 * report prints a figure of more (it is the precision people read). */
#ifndef JY_VALUE_DIGITS_MAX
#define JY_VALUE_DIGITS_MAX 15
#endif

/* The terminal findings table: a finding's "where" wider than this many
 * display columns is printed on a line of its own, its numbers on the next,
 * so that one long entry does not push every row's numbers off the screen. */
#ifndef JY_TERM_WHERE_COLS
#define JY_TERM_WHERE_COLS 80
#endif

/* Temporary files one command has at once (a database being built, its
 * image, an exported file), removed if a signal ends the command. */
#ifndef JY_TMP_FILES_MAX
#define JY_TMP_FILES_MAX 8
#endif

/* Edits of fact values kept as a replay after the model image before an
 * edit writes a new image (each costs a reader about 0.1 ms; a new image
 * costs the edit about as much as an import's image). */
#ifndef JY_IMAGE_EDITS_MAX
#define JY_IMAGE_EDITS_MAX 1000
#endif

/* Error messages. */
#ifndef JY_ERR_MSG_BYTES
#define JY_ERR_MSG_BYTES 512
#endif

#endif
