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
/* A document the sources cite, read to count its lines (a report's text is
 * a few hundred KiB; a bigger file is not looked up, not refused). */
#ifndef JY_DOCUMENT_BYTES_MAX
#define JY_DOCUMENT_BYTES_MAX (64L * 1024 * 1024)
#endif

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

/* A row reference as `set` and `log` read it (model/ref.h): a fact's
 * measure, coordinates, period, table and kind. */
#ifndef JY_REF_BYTES_MAX
#define JY_REF_BYTES_MAX 2048
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

/* Arguments that are not options on one command line (import takes one
 * folder per package: a ministry's 243 governments at once). */
#ifndef JY_ARGS_POSITIONAL_MAX
#define JY_ARGS_POSITIONAL_MAX 4096
#endif

/* A package of fewer rows (all its tables) is validated and checked on one
 * thread: starting and joining threads then costs more than the split
 * saves. On the loaded 2-core machine a package of 3,700 rows was validated
 * and checked in 3 ms on one thread against 9–12 ms on two; at 16,000 rows
 * in 13–27 ms against 12–41 ms; at 31,000 rows two won. */
#ifndef JY_PAR_ROWS_MIN
#define JY_PAR_ROWS_MIN 16384
#endif

/* An allocation of at least this many bytes asks the kernel for huge pages
 * (mem.c): an import of a million facts otherwise takes some 250,000 page
 * faults, and on the virtual machines we measured on each cost ~12 µs of
 * system time (bench/RESULTS.md: 4.3 s against 3.2 s wall). Smaller ones are
 * left as they are: a server's memory stays in 4 KiB pages. */
#ifndef JY_HUGE_ALLOC_BYTES
#define JY_HUGE_ALLOC_BYTES (4L * 1024 * 1024)
#endif

/* Edits of fact values kept as a replay after the model image before an
 * edit writes a new image (each costs a reader about 0.1 ms; a new image
 * costs the edit about as much as an import's image). */
#ifndef JY_IMAGE_EDITS_MAX
#define JY_IMAGE_EDITS_MAX 1000
#endif

/* What a package held for edits (check/edit.h) may spend on the cells its
 * edits replaced before it is loaded again from the store: an edit of a
 * value leaves its old cells behind in the model (an arena), 60-odd bytes
 * an edit, and a server edits the same package for as long as it runs.
 * Loading the seed again and checking it whole takes tens of milliseconds,
 * once every several thousand edits. */
#ifndef JY_EDIT_PKG_SLACK_BYTES
#define JY_EDIT_PKG_SLACK_BYTES (512 * 1024)
#endif

/* The web server (src/web/). A request's line and headers (URI and cookies
 * among them): 16 KiB is twice a browser's largest ordinary request (nginx
 * allows 8 KiB a line); over it, 431. */
#ifndef JY_HTTP_HEADER_BYTES_MAX
#define JY_HTTP_HEADER_BYTES_MAX (16 * 1024)
#endif

/* The memory MHD gives a connection: the headers read, and the answer's
 * headers written. MHD 0.9.75 zeroes all of it between two requests of a
 * connection, so it is the limit above and room for the answer's headers,
 * no more (64 KiB was a tenth of a cached read's time). Headers that do not
 * fit it get MHD's own 431. */
#ifndef JY_HTTP_CONNECTION_BYTES
#define JY_HTTP_CONNECTION_BYTES (JY_HTTP_HEADER_BYTES_MAX + 4 * 1024)
#endif

/* A request body: a form or a one-row edit is under a kilobyte; 64 KiB is
 * room for a pasted text. Larger bodies get 413 before they are read. */
#ifndef JY_HTTP_BODY_BYTES_MAX
#define JY_HTTP_BODY_BYTES_MAX (64 * 1024)
#endif

/* A URI's path and query: longer is not a link anyone made. */
#ifndef JY_HTTP_URI_BYTES_MAX
#define JY_HTTP_URI_BYTES_MAX 2048
#endif

/* Query or form parameters of one request: the widest route allows eight. */
#ifndef JY_HTTP_ARGS_MAX
#define JY_HTTP_ARGS_MAX 16
#endif

/* Path segments captured by a route pattern ("/api/units/{}"). */
#ifndef JY_HTTP_CAPTURES_MAX
#define JY_HTTP_CAPTURES_MAX 4
#endif

/* Connections served at once, and seconds a quiet connection is kept: an
 * office's staff is a few hundred people; a slow client cannot hold a slot. */
#ifndef JY_HTTP_CONNECTIONS_MAX
#define JY_HTTP_CONNECTIONS_MAX 256
#endif
#ifndef JY_HTTP_TIMEOUT_S
#define JY_HTTP_TIMEOUT_S 30
#endif

/* The access log's buffer: written when full (about 400 lines), at least
 * once a second and at the end. */
#ifndef JY_ACCESS_LOG_BUFFER_BYTES
#define JY_ACCESS_LOG_BUFFER_BYTES (32 * 1024)
#endif

/* Seconds a stopping server waits for requests under way. */
#ifndef JY_HTTP_DRAIN_S
#define JY_HTTP_DRAIN_S 5
#endif

/* One page of a list in the JSON API: the default and the most a client
 * may ask for. */
#ifndef JY_API_PAGE_DEFAULT
#define JY_API_PAGE_DEFAULT 100
#endif
#ifndef JY_API_PAGE_MAX
#define JY_API_PAGE_MAX 1000
#endif

/* Answers that do not depend on who asks (API reads, the dashboard's body)
 * are kept with the site they were made from until the next write: at most
 * this many, of at most this many bytes in all, so an address that varies
 * its query cannot grow the server without bound. */
#ifndef JY_SITE_CACHE_MAX
#define JY_SITE_CACHE_MAX 256
#endif
#ifndef JY_SITE_CACHE_BYTES_MAX
#define JY_SITE_CACHE_BYTES_MAX (4 * 1024 * 1024)
#endif

/* Sessions kept in memory (the oldest is dropped past this) and how long an
 * unused one lives. */
#ifndef JY_SESSIONS_MAX
#define JY_SESSIONS_MAX 1024
#endif
#ifndef JY_SESSION_IDLE_S
#define JY_SESSION_IDLE_S (8 * 3600)
#endif

/* Login throttling: failed logins per name and per client address within
 * the window before further tries are refused until it passes. */
#ifndef JY_LOGIN_FAILURES_MAX
#define JY_LOGIN_FAILURES_MAX 5
#endif
#ifndef JY_LOGIN_WINDOW_S
#define JY_LOGIN_WINDOW_S (15 * 60)
#endif
#ifndef JY_LOGIN_SLOTS
#define JY_LOGIN_SLOTS 256
#endif

/* User names and passwords. */
#ifndef JY_USER_NAME_BYTES_MAX
#define JY_USER_NAME_BYTES_MAX 64
#endif
#ifndef JY_PASSWORD_BYTES_MIN
#define JY_PASSWORD_BYTES_MIN 8
#endif
#ifndef JY_PASSWORD_BYTES_MAX
#define JY_PASSWORD_BYTES_MAX 256
#endif

/* Error messages. */
/* A part of an XLSX workbook, uncompressed (a sheet, the shared strings):
 * the package workbook of a million facts is about 150 MiB; a ZIP bomb is
 * refused before it is inflated. */
#ifndef JY_XLSX_PART_BYTES_MAX
#define JY_XLSX_PART_BYTES_MAX (512L * 1024 * 1024)
#endif

/* Cells of one sheet once laid out as a grid (rows x columns up to the last
 * one used): a package sheet of a million rows of eleven columns fits. */
#ifndef JY_XLSX_CELLS_MAX
#define JY_XLSX_CELLS_MAX (64L * 1024 * 1024)
#endif

/* Sheets of a workbook, and the styles it may declare. */
#ifndef JY_XLSX_SHEETS_MAX
#define JY_XLSX_SHEETS_MAX 256
#endif

#ifndef JY_ERR_MSG_BYTES
#define JY_ERR_MSG_BYTES 512
#endif

/* A ledger import's rows go to its writer thread in batches of this many,
 * this many batches going round (store/ledger_writer.c): ~1 MiB in all. */
#ifndef JY_LEDGER_BATCH_ROWS
#define JY_LEDGER_BATCH_ROWS 4096
#endif
#ifndef JY_LEDGER_BATCHES
#define JY_LEDGER_BATCHES 4
#endif

#endif
