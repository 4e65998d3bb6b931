/*
 * msg.c - the message catalogue (see msg.h): each id with its Korean and
 * English text, side by side, so that a translation is never missing. The
 * groups follow msg.h's, by the module that says them; a reason another
 * message embeds (a number's, a date's, the system's) is its own id, so
 * that the whole line reads in one language.
 */
#include "msg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct msg_text {
	const char *ko, *en;
};

static const struct msg_text catalogue[M_COUNT] = {
	/* prefixes of a line, as git prints them */
	[M_ERROR] = {"오류", "error"},
	[M_HINT] = {"힌트", "hint"},
	[M_NOTE] = {"참고", "note"},

	/* the command line */
	[M_USAGE] = {"사용법", "usage"},
	[M_OPTIONS] = {"옵션", "options"},
	[M_EXAMPLE] = {"예", "example"},
	[M_COMMANDS] = {"명령", "commands"},
	[M_HELP_MORE] = {"명령 하나의 설명: `jipyo help COMMAND` 또는 `jipyo COMMAND --help`",
			 "one command: `jipyo help COMMAND` or `jipyo COMMAND --help`"},
	[M_UNKNOWN_COMMAND] = {"알 수 없는 명령 '%s'", "unknown command '%s'"},
	[M_HINT_COMMANDS] = {"`jipyo --help`에 명령이 모두 있습니다",
			     "`jipyo --help` lists the commands"},
	[M_UNKNOWN_OPTION] = {"알 수 없는 옵션 '%s'", "unknown option '%s'"},
	[M_AMBIGUOUS_OPTION] = {"옵션 '%s'이(가) 여러 옵션의 앞부분입니다",
				"option '%s' is the start of more than one option"},
	[M_OPTION_TWICE] = {"옵션 %s이(가) 두 번 주어졌습니다", "option %s given twice"},
	[M_OPTION_NEEDS_VALUE] = {"옵션 %s에는 값이 필요합니다", "option %s needs a value"},
	[M_OPTION_NO_VALUE] = {"옵션 %s은(는) 값을 받지 않습니다", "option %s takes no value"},
	[M_TOO_MANY_ARGS] = {"인수가 너무 많습니다: '%s'", "too many arguments: '%s'"},
	[M_WRONG_ARGS] = {"인수가 맞지 않습니다", "wrong arguments"},
	[M_HINT_HELP] = {"`jipyo help %s`에 옵션과 예가 있습니다",
			 "`jipyo help %s` lists the options, with an example"},
	[M_NEEDS_DB] = {"%s에는 --db FILE이 필요합니다", "%s needs --db FILE"},
	[M_OPTION_BAD_VALUE] = {"%s \"%s\": %s이어야 합니다", "%s \"%s\": must be %s"},
	[M_STDOUT_FAILED] = {"출력(표준 출력)을 쓸 수 없습니다: %s",
			     "cannot write the output (standard output): %s"},
	[M_WRITE_FAILED_BEFORE] = {"앞선 쓰기가 실패했습니다", "a write failed before"},
	[M_OUT_OF_MEMORY] = {"메모리가 부족합니다(%zu바이트 할당)",
			     "out of memory allocating %zu bytes"},
	[M_VERSION_DATA] = {"자료 %s, 판 %ld", "data %s, revision %ld"},
	[M_VERSION_NO_DATA] = {"자료: --db FILE을 주면 자료의 판을 보입니다",
			       "data: give --db FILE for the data's revision"},

	/* what each option does (cmd/args.c's table) */
	[M_OPT_DB] = {"데이터베이스: 경로, sqlite:PATH 또는 postgresql://…",
		      "the database: a path, sqlite:PATH or postgresql://…"},
	[M_OPT_PACKAGE] = {"패키지 (데이터베이스에 여럿일 때; 없으면 하나뿐인 것)",
			   "the package (when the database holds several; the only one without)"},
	[M_OPT_FORMAT] = {"형식: md, html, hwpx, xlsx, pdf (기본 md)",
			  "the format: md, html, hwpx, xlsx, pdf (md unless told)"},
	[M_OPT_OUTPUT] = {"쓸 파일 (없으면 표준 출력)",
			  "the file to write (standard output without)"},
	[M_OPT_AS_OF] = {"기준일 (YYYY-MM-DD)", "the day it is as of (YYYY-MM-DD)"},
	[M_OPT_SEED] = {"보고서 본문 파일", "the report's text"},
	[M_OPT_MIN] = {"요구하는 비율(%%, 기본 97)", "the share required, in percent (97)"},
	[M_OPT_JSON] = {"JSON으로 출력 (한 줄에 하나, 종료 코드 포함)",
			"print JSON (one object a line, the exit code stated)"},
	[M_OPT_UNCOVERED] = {"아무 행도 담지 않은 것만", "only what no row carries"},
	[M_OPT_EXCEL] = {"엑셀용: BOM·CRLF CSV와 통합문서 package.xlsx",
			 "for Excel: CSV with a BOM and CRLF, and the workbook package.xlsx"},
	[M_OPT_BY] = {"고친 사람 (기본: 로그인 이름)", "who makes the change (the login name)"},
	[M_OPT_REASON] = {"이력에 남길 까닭", "why, for the history"},
	[M_OPT_IF_REVISION] = {"자료가 이 판일 때만 씀", "write only if the data is at revision N"},
	[M_OPT_ADD] = {"수치를 새로 추가", "add a fact"},
	[M_OPT_DELETE] = {"수치를 삭제", "delete a fact"},
	[M_OPT_CLEAN] = {"제출본: 표시와 발견사항 없이",
			 "the copy to submit: no marks, no findings"},
	[M_OPT_SEVERITY] = {"이 수준 이상만: error 또는 warning",
			    "only this severity or worse: error or warning"},
	[M_OPT_DIVISION] = {"이 조직(과)의 발견사항만 (조직 id 또는 이름)",
			    "only the findings of this unit (its id or name)"},
	[M_OPT_TABLE] = {"이 표의 수치 (사실의 table 열)",
			 "the facts of this table (their table column)"},
	[M_OPT_MEASURE] = {"열 머리=측정 id (열마다 하나, 여러 번)",
			   "column header=measure id (one a column, repeated)"},
	[M_OPT_DIM] = {"행 이름이 속한 차원 (기본: 측정의 첫 차원)",
		       "the dimension the row labels are members of (the measure's first)"},
	[M_OPT_PERIOD] = {"수치의 기간 (ISO: 2023, 2023-06-30)",
			  "the facts' period (ISO: 2023, 2023-06-30)"},
	[M_OPT_KIND] = {"수치의 종류: actual, target, estimate, plan (기본 actual)",
			"the facts' kind: actual, target, estimate, plan (actual)"},
	[M_OPT_SHEET] = {"읽을 시트 이름 (기본: 첫 시트)", "the sheet to read (the first)"},
	[M_OPT_PROPOSE_RULES] = {"표의 모양이 뜻하는 규칙을 rules.csv 형식으로 출력",
				 "print the rules the layout implies, as rules.csv rows"},
	[M_OPT_LISTEN] = {"들을 주소와 포트 (기본 127.0.0.1:8080, 포트 0은 시스템이 고름)",
			  "the address and port to listen on (127.0.0.1:8080; port 0: any free)"},
	[M_OPT_PUBLIC] = {"로그인 없이 누구나 읽기만",
			  "anybody reads without logging in; nobody writes"},
	[M_OPT_ROLE] = {"역할: admin, planner, editor, viewer",
			"role: admin, planner, editor, viewer"},
	[M_OPT_UNIT] = {"편집자가 맡은 부서", "the unit an editor owns"},
	[M_OPT_HELP] = {"이 설명", "this help"},

	/* commands: import, report, check, table import */
	[M_IMPORTED] = {"%s을(를) %s에 가져왔습니다: 수치 %zu, 규칙 %zu, 항목 %zu, 조직 %zu",
			"imported %s into %s: %zu facts, %zu rules, %zu nodes, %zu units"},
	[M_HISTORY_BROKEN] = {"%s: 이력이 깨졌습니다: %s", "%s: history broken: %s"},
	[M_FORMAT_UNKNOWN] = {"알 수 없는 형식 '%s' (md, html, hwpx, xlsx, pdf)",
			      "unknown format '%s' (md, html, hwpx, xlsx, pdf)"},
	[M_FORMAT_NEEDS_FILE] = {"--format %s은(는) 파일로만 씁니다: -o FILE을 주십시오",
				 "--format %s writes a file: give -o FILE"},
	[M_SEED_REQUIRED] = {"--seed FILE(보고서 본문)이 필요합니다",
			     "--seed FILE (the report text) is required"},
	[M_MIN_BAD] = {"--min \"%s\": 0..100의 백분율(소수 한 자리까지)이어야 합니다",
		       "--min \"%s\": a percentage 0..100 with at most one decimal"},
	[M_REF_BAD] = {"%s: %ld번째 글자: %s", "%s: character %ld: %s"},
	[M_CP949_LOST] = {"CP949로 저장하면서 CP949에 없는 글자가 '?'로 바뀌었습니다: "
			  "\"%s\"은(는) 원래 \"%s\"입니다",
			  "saved as CP949, characters CP949 lacks became '?': \"%s\" was \"%s\""},
	[M_HINT_CP949] = {"UTF-8 CSV(엑셀: 「CSV UTF-8」)나 XLSX로 저장해 다시 가져오십시오",
			  "save it as UTF-8 CSV (Excel: \"CSV UTF-8\") or as XLSX and import that"},
	[M_TABLE_IMPORTED] = {"%s: 수치 %zu개를 %s에 썼습니다(추가 %zu, 정정 %zu, 판 %ld)",
			      "%s: wrote %zu facts into %s (%zu added, %zu changed, revision %ld)"},
	[M_TABLE_CSV_SHEET] = {"--sheet: CSV 파일에는 시트가 없습니다",
			       "--sheet: a CSV file has no sheets"},
	[M_TABLE_HEADER_NO_COL] = {"머리행에 열 \"%s\"이(가) 없습니다",
				   "the header row has no column \"%s\""},
	[M_TABLE_NO_HEADER] =
		{"열 \"%s\"이(가) 있는 행이 없습니다 (--measure HEADER=ID의 HEADER는 인쇄된 열 "
		 "머리입니다)",
		 "no row has a column \"%s\" (--measure HEADER=ID names a header as printed)"},
	[M_TABLE_NO_UNIT] = {"\"%s\"은(는) 패키지의 조직이 아닙니다",
			     "\"%s\" is no unit of the package"},
	[M_TABLE_NO_NODE] = {"\"%s\"은(는) 패키지의 항목이 아닙니다",
			     "\"%s\" is no node of the package"},
	[M_TABLE_MEASURE_FORM] =
		{"--measure \"%s\": HEADER=MEASURE(열 머리=측정값 id)로 주십시오",
		 "--measure \"%s\": give HEADER=MEASURE (a column's header=a measure's id)"},
	[M_TABLE_NO_MEASURE] = {"--measure: 측정값 \"%s\"이(가) %s에 없습니다",
				"--measure: no measure \"%s\" in %s"},
	[M_TABLE_MEASURE_DIMS] = {"측정값 \"%s\"에 행의 차원(\"%s\") 말고 다른 차원이 있습니다: 표 "
				  "가져오기는 차원 하나를 채웁니다",
				  "measure \"%s\" has dimensions other than the rows' (\"%s\"): a "
				  "table import fills one dimension"},
	[M_TABLE_DIMS_DIFFER] = {"측정값들의 차원이 다릅니다 (%s, %s)",
				 "the measures have different dimensions (%s, %s)"},
	[M_TABLE_CHANGED] =
		{"%s: 그 사이에 패키지가 바뀌었습니다 (판 %ld, 지금 %ld): 다시 실행하십시오",
		 "%s: the package changed meanwhile (revision %ld, now %ld): run it again"},
	[M_PROGRESS] = {"%s… %.0f초", "%s… %.0f s"},
	[M_LEDGER_IMPORTED] = {"%s: 거래 %ld건을 %.2f초에 가져왔습니다 (초당 %.0f건), %s에",
			       "imported %s: %ld transactions in %.2f s (%.0f rows/s) into %s"},
	[M_LEDGER_CHECKED] = {"%s: 거래 %ld건을 %.2f초에 검사했습니다 (초당 %.0f건); 아무것도 "
			      "기록하지 않았습니다 (--dry-run)",
			      "checked %s: %ld transactions in %.2f s (%.0f rows/s); nothing "
			      "written (--dry-run)"},
	[M_LEDGER_HEADER_LACKS] = {"헤더에 열 %s이(가) 없습니다", "the header lacks column %s"},
	[M_LEDGER_HEADER_COLUMN] = {"헤더의 %d번째 열은 %s이어야 합니다(\"%s\"가 아님)",
				    "column %d of the header must be %s, not \"%s\""},
	[M_LEDGER_HEADER_EXTRA] = {"헤더에 열이 더 있습니다: \"%s\"", "an extra column \"%s\""},
	[M_LEDGER_OVER_OBLIGATION] = {"지출액이 원인행위액을 넘습니다",
				      "expenditure beyond its obligation"},
	[M_LEDGER_OVER_BUDGET] = {"원인행위액이 예산현액을 넘습니다",
				  "obligations beyond the current budget"},
	[M_LEDGER_BELOW_ZERO] = {"누계가 음수가 됩니다", "a cumulative figure below zero"},
	[M_LEDGER_VIOLATION] = {"%s (%s, %s 기준: %s > %s)", "%s (%s, as of %s: %s > %s)"},
	[M_LEDGER_SQLITE_ONLY] = {"%s: 집행 원장은 아직 SQLite 파일에만 둡니다",
				  "%s: the ledger is kept in an SQLite file only, for now"},
	[M_LEDGER_QUOTE_OPEN] = {"따옴표가 닫히지 않았습니다", "a quote is not closed"},
	[M_LEDGER_QUOTE_INSIDE] = {"따옴표는 칸의 처음에만 올 수 있습니다",
				   "a quote inside an unquoted field"},
	[M_LEDGER_FIELD_LONG] = {"칸이 %d바이트보다 깁니다", "a field longer than %d bytes"},
	[M_LEDGER_AFTER_QUOTE] = {"닫는 따옴표 뒤에 글자가 있습니다", "text after a closing quote"},
	[M_LEDGER_NOT_UTF8] = {"UTF-8이 아닌 바이트가 있습니다 (--encoding cp949?)",
			       "bytes that are not UTF-8 (try --encoding cp949)"},
	[M_LEDGER_UNKNOWN_UNIT] = {"알 수 없는 부서: \"%s\"", "unknown unit: \"%s\""},
	[M_LEDGER_UNKNOWN_PROGRAM] = {"알 수 없는 사업: \"%s\"", "unknown program: \"%s\""},
	[M_LEDGER_VOUCHER_BOOKED] = {"이미 기록된 증빙번호: \"%s\"",
				     "voucher already booked: \"%s\""},
	[M_LEDGER_TOTAL_OVERFLOW] = {"합계가 범위를 넘습니다", "the running total overflows"},
	[M_LEDGER_TRANSFER_LEGS] =
		{"전용·이용·이체는 두 건이 짝을 이뤄야 합니다 (증빙번호 \"%s\"는 %d건)",
		 "a transfer is two legs (voucher \"%s\" has %d)"},
	[M_LEDGER_TRANSFER_UNBALANCED] = {"전용·이용·이체 \"%s\"의 두 건 합이 0이 아닙니다",
					  "the two legs of transfer \"%s\" do not balance"},
	[M_LEDGER_TRANSFER_DAYS] = {"전용·이용·이체 \"%s\"의 두 건이 다른 날입니다",
				    "the legs of transfer \"%s\" are on different days"},
	[M_LEDGER_LINE_UNOPENED] =
		{"예산이 편성되지 않은 과목입니다 (%s나 전용·이용·이체 행이 먼저 "
		 "있어야 합니다)",
		 "unknown budget line (no %s or transfer row opens it)"},
	[M_LEDGER_CUM_OVERFLOW] = {"누계가 범위를 넘습니다", "a cumulative figure overflows"},
	[M_LEDGER_EMPTY] = {"빈 파일입니다", "an empty file"},
	[M_LEDGER_NO_FILE] = {"읽을 수 있는 파일이 아닙니다", "no such file"},
	[M_LEDGER_DAMAGED] = {"%s: 누계가 손상되었습니다",
			      "%s: the cumulative figures are damaged"},
	[M_LEDGER_NOTHING_WRITTEN] = {"%s의 어느 것도 기록하지 않았습니다",
				      "nothing of %s was written"},
	[M_LEDGER_MISSING] = {"%s이(가) 필요합니다", "missing %s"},
	[M_LEDGER_FILE] = {"원장 파일", "the ledger file"},
	[M_LEDGER_ENCODING_BAD] = {"--encoding \"%s\": utf-8 또는 cp949여야 합니다",
				   "--encoding \"%s\": must be utf-8 or cp949"},
	[M_LEDGER_AS_OF_BAD] = {"--as-of \"%s\": 날짜가 아닙니다 (2022-08-29 또는 ’22.8.29.)",
				"--as-of \"%s\": not a day (2022-08-29 or ’22.8.29.)"},
	[M_LEDGER_BY_REPORT_BAD] = {"--by \"%s\": unit, program, line 또는 month여야 합니다",
				    "--by \"%s\": must be unit, program, line or month"},
	[M_LEDGER_FORMAT_BAD] = {"--format \"%s\": md, csv 또는 xlsx여야 합니다",
				 "--format \"%s\": must be md, csv or xlsx"},
	[M_LEDGER_BY_MONITOR_BAD] = {"--by \"%s\": unit 또는 program이어야 합니다",
				     "--by \"%s\": must be unit or program"},
	[M_LEDGER_TARGET_BAD] = {"--target \"%s\": linear, h1:PCT 또는 prior여야 합니다",
				 "--target \"%s\": must be linear, h1:PCT or prior"},
	[M_LEDGER_UNKNOWN_SUB] = {"알 수 없는 ledger 명령 '%s'", "unknown ledger command '%s'"},
	[M_LEDGER_WHICH_SUB] = {"어느 ledger 명령입니까? (import, report, facts, monitor)",
				"which ledger command? (import, report, facts, monitor)"},

	/* the most common validation messages */
	[M_ROW_COLUMNS] = {"행의 열이 %d개입니다. %d개여야 합니다",
			   "row has %d columns, expected %d"},
	[M_REQUIRED] = {"필수 항목이 비어 있습니다", "required"},
	[M_NOT_SOURCE] = {"\"%s\"은(는) 파일:줄 또는 파일!셀이 아닙니다",
			  "\"%s\" is not FILE:LINE or FILE!CELL"},
	[M_NOT_DECIMAL] = {"\"%s\"은(는) 십진수가 아닙니다", "\"%s\" is not a decimal number"},

	/* validation (model/validate.c) and package reading (pkg/pkg.c) */
	[M_HEADER_LACKS] = {"머리행에 열 \"%s\"이(가) 없습니다 (열 %d개, %d개여야 함)",
			    "header lacks column \"%s\" (%d columns, expected %d)"},
	[M_HEADER_EXTRA] = {"머리행에 남는 열 \"%s\"이(가) 있습니다 (열 %d개, %d개여야 함)",
			    "header has an extra column \"%s\" (%d columns, expected %d)"},
	[M_HEADER_LACKS_BEFORE] = {"머리행에 열 \"%s\"이(가) 없습니다 (\"%s\" 앞)",
				   "header lacks column \"%s\" before \"%s\""},
	[M_HEADER_COLUMN] = {"머리행의 %d번째 열이 \"%s\"입니다. \"%s\"여야 합니다",
			     "header column %d is \"%s\", expected \"%s\""},
	[M_EMPTY_FILE] = {"빈 파일: 머리행이 필요합니다", "empty file: a header row is required"},
	[M_RES_PATH] = {"자원 \"%s\"의 path는 \"%s\"여야 합니다",
			"resource \"%s\" must have path \"%s\""},
	[M_RES_FIELDS_RANGE] = {"자원 \"%s\"은(는) 필드를 %d~%d개 선언해야 합니다",
				"resource \"%s\" must declare %d to %d fields"},
	[M_RES_FIELDS] = {"자원 \"%s\"은(는) 필드를 %d개 선언해야 합니다",
			  "resource \"%s\" must declare %d fields"},
	[M_RES_FIELD_NAME] = {"%d번째 필드(자원 \"%s\")는 \"%s\"여야 합니다",
			      "field %d of resource \"%s\" must be \"%s\""},
	[M_RES_UNKNOWN] = {"%zu번째 자원(\"%s\")은 지표가 다루는 자원이 아닙니다 (%s)",
			   "resource %zu (\"%s\") is not one Jipyo keeps (%s)"},
	[M_RES_TWICE] = {"자원 \"%s\"이(가) 두 번 나옵니다", "resource \"%s\" is listed twice"},
	[M_JSON_INVALID] = {"JSON이 올바르지 않습니다: %s", "invalid JSON: %s"},
	[M_DESCRIPTOR_OBJECT] = {"기술자(datapackage.json)는 객체여야 합니다",
				 "descriptor must be an object"},
	[M_DESCRIPTOR_NO_RESOURCES] = {"기술자에 \"resources\" 배열이 없습니다",
				       "descriptor has no \"resources\" array"},
	[M_MKDIR_FAILED] = {"폴더를 만들 수 없습니다: %s", "cannot create folder: %s"},
	[M_ENTERED_NEEDS] =
		{"입력한 수치에는 entered_by, entered_at, entered_revision이 모두 있어야 합니다",
		 "an entered fact needs entered_by, entered_at and entered_revision"},
	[M_ENTERED_SOURCE] =
		{"입력한 수치에는 출처 줄이 없습니다 (인쇄된 수치에는 entered_by가 없음)",
		 "an entered fact has no source line (a printed one has no entered_by)"},
	[M_NOT_UTC] = {"\"%s\"은(는) UTC 시각 YYYY-MM-DDTHH:MM:SSZ가 아닙니다",
		       "\"%s\" is not a UTC time YYYY-MM-DDTHH:MM:SSZ"},
	[M_REQUIRED_MISSING] = {"필수 값이 비어 있습니다", "required value is missing"},
	[M_NOT_ID] =
		{"\"%s\"은(는) 식별자가 아닙니다 (ASCII 소문자, 숫자, '-', %d바이트 이하)",
		 "\"%s\" is not an id (lowercase ASCII letters, digits, '-', at most %d bytes)"},
	[M_NOT_INTEGER] = {"\"%s\"은(는) 정수가 아닙니다", "\"%s\" is not an integer"},
	[M_NOT_PLAIN_DECIMAL] =
		{"\"%s\"은(는) 보통 십진수가 아닙니다 (%s). 인쇄된 형태는 \"printed\"에 씁니다",
		 "\"%s\" is not a plain decimal (%s); the printed form goes in \"printed\""},
	[M_VALUE_DIGITS] = {"\"%s\"은(는) %d자리를 넘어 정확히 계산할 수 없습니다",
			    "\"%s\" has more than %d digits and cannot be held exactly"},
	[M_NOT_ENUM] = {"\"%s\"은(는) %s 중 하나가 아닙니다", "\"%s\" is not one of %s"},
	[M_SOURCE_PAST_END] = {"%ld번째 줄은 %s의 끝(%ld줄)을 넘습니다",
			       "line %ld is past the end of %s (%ld lines)"},
	[M_NOT_ISODATE] = {"\"%s\"은(는) 날짜 YYYY-MM-DD가 아닙니다",
			   "\"%s\" is not a date YYYY-MM-DD"},
	[M_DUPLICATE_KEY] = {"키(%s)가 겹칩니다: 이미 %ld번째 줄에 있습니다",
			     "duplicate key (%s) already on line %ld"},
	[M_UNKNOWN_REF] = {"알 수 없는 %s \"%s\"", "unknown %s \"%s\""},
	[M_UNKNOWN_TABLE] = {"알 수 없는 표 \"%s\": tables.csv에 없는 id입니다",
			     "unknown table \"%s\": tables.csv has no such id"},
	[M_UNKNOWN_MEMBER] = {"구성원 \"%s\"은(는) 차원 \"%s\"에 없습니다",
			      "unknown member \"%s\" of dimension \"%s\""},
	[M_OWN_PARENT] = {"\"%s\"이(가) 자기 자신의 상위 항목입니다", "\"%s\" is its own parent"},
	[M_PARENT_CYCLE] = {"상위 항목이 순환합니다: %s", "parents form a cycle: %s"},
	[M_NOT_PRINTED_DATE] = {"\"%s\"은(는) 인쇄된 날짜로 읽히지 않습니다: %s",
				"\"%s\" is not a date as printed: %s"},
	[M_PERIOD_PIN] = {"period=\"%s\"은(는) %s", "period=\"%s\" %s"},
	[M_NO_DIMENSION] = {"측정값 \"%s\"에 차원 \"%s\"이(가) 없습니다",
			    "measure \"%s\" has no dimension \"%s\""},
	[M_ROW_NO_KEY] = {"%s{…}에 키 \"%s\"이(가) 없습니다 (%s)", "%s{…} has no key \"%s\" (%s)"},
	[M_SEQ_BAD] = {"seq=\"%s\"은(는) 일정 번호, 범위 A..B(A가 B보다 크지 않고 각 9자리 이하) "
		       "또는 next가 아닙니다",
		       "seq=\"%s\" is not a milestone number, a range A..B of them (A not above B, "
		       "at most 9 digits each) or next"},
	[M_FIELD_NEEDS] = {"field{…}에는 node=와 key=가 필요합니다",
			   "field{…} needs node= and key="},
	[M_UNKNOWN_NODE] = {"알 수 없는 항목 \"%s\"", "unknown node \"%s\""},
	[M_NO_MILESTONE] = {"항목 \"%s\"에 일정 %s이(가) 없습니다",
			    "node \"%s\" has no milestone %s"},
	[M_UNKNOWN_MEASURE] = {"알 수 없는 측정값 \"%s\"", "unknown measure \"%s\""},
	[M_SUM_PERIOD] = {"\"%s\"은(는) 기간별로 더할 수 없습니다: 집계가 flow가 아닙니다 (stock의 "
			  "합계는 마지막 값)",
			  "cannot sum \"%s\" by period: its aggregation is not flow (a stock's "
			  "total is its latest value)"},
	[M_SUM_DIM] = {"\"%s\"을(를) \"%s\"별로 더할 수 없습니다: 그 차원이 아닙니다",
		       "cannot sum \"%s\" by \"%s\": not one of its dimensions"},
	[M_EXPR_AT] = {"%s (식의 %ld번째 글자)", "%s (character %ld of the expression)"},
	[M_SCOPE_NOT_KV] = {"\"%.*s\"은(는) key=value가 아닙니다", "\"%.*s\" is not key=value"},
	[M_SCOPE_KEY] = {"알 수 없는 범위 키 \"%s\" (period, kind, table 또는 차원)",
			 "unknown scope key \"%s\" (period, kind, table or a dimension)"},
	[M_RES_MISSING_ONE] = {"필수 자원 %s이(가) 없습니다", "required resource %s missing"},
	[M_RES_MISSING_MANY] = {"필수 자원 %s이(가) 없습니다", "required resources %s missing"},
	[M_PROBLEMS_ONE] = {"패키지에 문제가 %d개 있습니다%s", "%d problem in the package%s"},
	[M_PROBLEMS_MANY] = {"패키지에 문제가 %d개 있습니다%s", "%d problems in the package%s"},
	[M_PROBLEMS_FIRST_SHOWN] = {" (앞의 것만 보입니다)", " (the first ones are shown)"},

	/* facts and measures (model/facts.c, model/edit.c) */
	[M_PERIOD_VALUE] = {"\"%s\"은(는) %s", "\"%s\" %s"},
	[M_PERIOD_NOT] = {"기간(YYYY, YYYY-MM, YYYY-MM-DD, YYYY-H1, YYYY-Q1, A..B)이 아닙니다",
			  "is not a period (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-H1, YYYY-Q1, A..B)"},
	[M_PERIOD_REVERSED] = {"끝이 시작보다 앞선 기간입니다",
			       "is a period that ends before it starts"},
	[M_NA_EMPTY_FORM] = {"\"%s\"에 빈 형태가 있습니다: 해당 없음을 뜻하는 인쇄 형태를 '|'로 "
			     "나누어 적으십시오 (\"%s\")",
			     "\"%s\" has an empty form: list the printed forms that mean not "
			     "applicable, separated by '|' (\"%s\")"},
	[M_DIMS_TOO_MANY] = {"차원이 %d개를 넘습니다", "more than %d dimensions"},
	[M_DIM_UNKNOWN] = {"알 수 없는 차원 \"%s\"", "unknown dimension \"%s\""},
	[M_DIM_TWICE] = {"차원 \"%s\"이(가) 두 번 나옵니다", "dimension \"%s\" listed twice"},
	[M_COORD_NOT_KV] = {"\"%.*s\"은(는) 차원=구성원(dim=member)이 아닙니다",
			    "\"%.*s\" is not dim=member"},
	[M_COORDS_MORE] = {"측정값 \"%s\"의 차원은 %d개(%s)인데 좌표가 더 있습니다",
			   "measure \"%s\" has %d dimension(s) (%s), more coordinates given"},
	[M_COORD_ORDER] = {"%d번째 좌표는 \"%s\"여야 합니다(측정값의 차원 순서). "
			   "\"%.*s\"이(가) 있습니다",
			   "coordinate %d must be \"%s\" (the measure's dimensions, in order), "
			   "found \"%.*s\""},
	[M_COORD_MEMBER] = {"구성원 \"%.*s\"은(는) 차원 \"%s\"에 없습니다",
			    "unknown member \"%.*s\" of dimension \"%s\""},
	[M_COORDS_FEWER] = {"측정값 \"%s\"에는 좌표가 %d개 필요합니다. %d개가 있습니다",
			    "measure \"%s\" needs %d coordinate(s), %d given"},
	[M_NA_VALUE] = {"\"%s\"은(는) 측정값 \"%s\"에서 해당 없음을 뜻하므로(measures.csv "
			"not_applicable) value는 0이어야 합니다 (지금 %s)",
			"\"%s\" means not applicable for measure \"%s\" (measures.csv "
			"not_applicable), so value must be 0, not %s"},
	[M_DASH_VALUE] = {"\"-\"은(는) 0을 뜻하는데 value가 %s입니다",
			  "\"-\" stands for zero but value is %s"},
	[M_NOT_PRINTED_NUMBER] = {"\"%s\"은(는) 인쇄된 수로 읽히지 않습니다: %s",
				  "\"%s\" is not a number as printed: %s"},
	[M_PRINTED_UNIT] = {"인쇄된 단위 \"%s\"이(가) 측정값의 단위 \"%s\"와 다릅니다",
			    "printed unit \"%s\" is not the measure's unit \"%s\""},
	[M_PRINTED_READS] = {"\"%s\"은(는) %s %s(으)로 읽히는데 value는 %s입니다",
			     "\"%s\" reads as %s %s but value is %s"},
	[M_FACT_TWICE] = {"같은 수치(measure, coords, period, kind, table)가 이미 %ld번째 줄에 "
			  "있습니다. 둘 중 하나에 table을 주십시오",
			  "the same fact (measure, coords, period, kind, table) is already on line "
			  "%ld; give one of them a table"},
	[M_KEY_CHANGED] = {"수치의 키가 바뀌었습니다: 값의 정정이 아닙니다",
			   "the fact's key changed: not an edit of its value"},
	[M_FACTS_NOT_WRITABLE] = {"수치 기록을 쓸 수 없습니다", "cannot write the fact records"},

	/* numbers as printed (base/knum.c) and as a machine writes them (base/dec.c) */
	[M_NUM_TOO_LARGE] = {"수가 너무 큽니다", "number too large"},
	[M_NUM_COMMA_LEAD] = {"쉼표의 자리가 맞지 않습니다: 천 단위 묶음 앞에는 숫자가 1~3개여야 "
			      "합니다",
			      "misplaced comma: thousands groups need 1-3 leading digits"},
	[M_NUM_COMMA_GROUPS] = {"쉼표의 자리가 맞지 않습니다 (세 자리씩 묶어야 합니다)",
				"misplaced comma (groups of three digits expected)"},
	[M_NUM_AFTER_POINT] = {"소수점 뒤에 숫자가 있어야 합니다",
			       "digits expected after the point"},
	[M_NUM_MISPLACED] = {"'%c'의 자리가 맞지 않습니다", "misplaced '%c'"},
	[M_NUM_SCALE] = {"소수점 아래가 %d자리를 넘습니다", "more than %d digits after the point"},
	[M_NUM_SECOND_SIGN] = {"두 번째 부호 '%.*s'", "a second sign '%.*s'"},
	[M_NUM_AFTER_SIGN] = {"부호 뒤에 숫자가 있어야 합니다", "digits expected after the sign"},
	[M_NUM_AFTER_WORD] = {"'%s' 뒤에 숫자가 있어야 합니다", "digits expected after '%s'"},
	[M_NUM_RANGE] = {"수 하나가 아니라 범위입니다('%.*s'): 나누어 적으십시오",
			 "a range (at '%.*s'), not one number: split it"},
	[M_NUM_BEFORE_POINT] = {"소수점 앞에 숫자가 있어야 합니다",
				"a digit expected before the point"},
	[M_NUM_EXPECTED] = {"수가 있어야 하는데 '%.*s'이(가) 있습니다",
			    "a number expected, found '%.*s'"},
	[M_NUM_MAG_ORDER] = {"수의 단위(조, 억, 만 …)의 순서가 맞지 않습니다: 뒤의 부분은 앞보다 "
			     "작은 단위여야 합니다",
			     "magnitude words out of order: each part needs a smaller one than the "
			     "part before"},
	[M_NUM_PART_NOT_SMALLER] = {"이 부분이 앞의 수 단위보다 작지 않습니다: 수 하나가 아닙니다",
				    "this part is not smaller than the magnitude word before it: "
				    "not one number"},
	[M_NUM_SECOND] = {"두 번째 수가 있습니다: 수는 하나여야 합니다",
			  "a second number: one number expected"},
	[M_NUM_FRAC_LAST] = {"소수점 아래 숫자는 수의 마지막 부분에만 올 수 있습니다",
			     "only the last part of a number may have digits after the point"},
	[M_NUM_TOO_LONG] = {"%d바이트보다 깁니다: 수가 아닙니다",
			    "longer than %d bytes: not a number"},
	[M_NUM_BAD_UTF8] = {"UTF-8이 올바르지 않습니다", "invalid UTF-8"},
	[M_NUM_EMPTY] = {"비어 있습니다: 수가 있어야 합니다", "empty: a number expected"},
	[M_NUM_MISPLACED_MAG] = {"수의 단위 '%.*s'의 자리가 맞지 않습니다",
				 "misplaced magnitude word '%.*s'"},
	[M_NUM_UNIT_LONG] = {"단위가 %d바이트보다 깁니다", "unit longer than %d bytes"},
	[M_NUM_UNIT_MIDDLE] = {"단위 \"%s\" 뒤에 숫자가 있습니다: 단위가 가운데에 있습니다",
			       "digits after the unit \"%s\": a unit in the middle"},
	[M_NUM_AFTER_NUMBER] = {"수 뒤에 뜻밖의 '%.*s'이(가) 있습니다",
				"unexpected '%.*s' after the number"},
	[M_DEC_TOO_LONG] = {"수가 %d바이트보다 깁니다", "number longer than %d bytes"},
	[M_DEC_DIGIT] = {"숫자가 있어야 합니다 (기계가 쓰는 형태는 \"-12.5\"와 같습니다)",
			 "a digit expected (machine form is like \"-12.5\")"},
	[M_DEC_UNEXPECTED] = {"수에 뜻밖의 '%c'이(가) 있습니다 (기계가 쓰는 형태는 \"-12.5\"와 "
			      "같습니다)",
			      "unexpected '%c' in a number (machine form is like \"-12.5\")"},
	[M_DEC_SCALE_RANGE] = {"소수 자릿수 %d이(가) 0..%d 밖입니다", "scale %d outside 0..%d"},
	[M_DIV_ZERO] = {"0으로 나눕니다", "division by zero"},

	/* dates as printed (base/kdate.c) */
	[M_DATE_BAD_UTF8] = {"날짜에 올바르지 않은 UTF-8 바이트 0x%02X이(가) 있습니다",
			     "invalid UTF-8 byte 0x%02X in a date"},
	[M_DATE_CONTROL] = {"날짜에 뜻밖의 제어 문자 U+%04X이(가) 있습니다",
			    "unexpected control character U+%04X in a date"},
	[M_DATE_CHAR] = {"날짜에 뜻밖의 \"%.*s\"(U+%04X)이(가) 있습니다",
			 "unexpected \"%.*s\" (U+%04X) in a date"},
	[M_DATE_NUM_LONG] = {"날짜의 숫자가 너무 깁니다 (4자리 넘음)",
			     "number too long for a date (over 4 digits)"},
	[M_DATE_TOO_LONG] = {"날짜 글이 %d바이트보다 깁니다", "date text longer than %d bytes"},
	[M_DATE_EMPTY] = {"빈 날짜", "empty date"},
	[M_DATE_ENDS_EARLY] = {"날짜가 일찍 끝납니다: %s", "date ends early: %s"},
	[M_DATE_UNEXPECTED] = {"뜻밖의 \"%.*s\": %s", "unexpected \"%.*s\": %s"},
	[M_DATE_WANT_DATE] = {"날짜가 있어야 합니다", "expected a date"},
	[M_DATE_WANT_AFTER_TILDE] = {"\"~\" 뒤에 날짜가 있어야 합니다",
				     "expected a date after \"~\""},
	[M_DATE_WANT_END] = {"날짜가 여기서 끝나야 합니다", "expected the end of the date"},
	[M_DATE_WANT_RP_ASOF] = {"\"%s\" 뒤에 \")\"이(가) 있어야 합니다",
				 "expected \")\" after \"%s\""},
	[M_DATE_WANT_RP_START] = {"처음의 \"(\"을(를) 닫는 \")\"이(가) 있어야 합니다",
				  "expected \")\" closing the \"(\" at the start"},
	[M_DATE_WANT_WDAY] = {"\"(\" 뒤에 요일(%s)이 있어야 합니다",
			      "expected a weekday (%s) after \"(\""},
	[M_DATE_WANT_RP_WDAY] = {"요일 뒤에 \")\"이(가) 있어야 합니다",
				 "expected \")\" after the weekday"},
	[M_DATE_WANT_DOT] = {"\"%.*s\" 앞에 \".\"이(가) 있어야 합니다",
			     "expected \".\" before \"%.*s\""},
	[M_DATE_WANT_YEAR2] = {"’ 뒤에 두 자리 연도가 있어야 합니다",
			       "expected a 2-digit year after the apostrophe"},
	[M_DATE_TOO_MANY] = {"날짜에 숫자가 너무 많습니다", "too many numbers in a date"},
	[M_DATE_NOT_YMD] =
		{"\"%.*s\"은(는) 연도(’와 2자리, 또는 4자리)도 월이나 일도 아닙니다",
		 "\"%.*s\" is neither a year (’ and 2 digits, or 4 digits) nor a month or day"},
	[M_DATE_YEAR_WORD] = {"\"%s\"은(는) 2자리나 4자리 연도 뒤에 와야 합니다",
			      "\"%s\" must follow a year of 2 or 4 digits"},
	[M_DATE_MONTH_WORD] = {"\"%s\"은(는) 월의 숫자 뒤에 와야 합니다",
			       "\"%s\" must follow the month"},
	[M_DATE_QUARTER_WORD] = {"\"%s\"은(는) 분기 번호(1~4) 뒤에 와야 합니다",
				 "\"%s\" must follow the quarter (1 to 4)"},
	[M_DATE_DAY_WORD] = {"\"%s\" 뒤의 날에는 \"%s\"을(를) 붙입니다 (%d%s)",
			     "a day after \"%s\" is written with \"%s\" (%d%s)"},
	[M_DATE_YEAR_RANGE] = {"%04d년은 %d년과 %d년 사이가 아닙니다",
			       "year %04d is not between %d and %d"},
	[M_DATE_MONTH_OR_DAY] =
		{"\"%d\"만으로는 월인지 일인지 알 수 없습니다: %d%s로 쓰거나 연도를 붙이십시오 "
		 "(’22.%d.)",
		 "\"%d\" alone could be a month or a day: write %d%s, or add the year (’22.%d.)"},
	[M_DATE_AFTER_HALF] = {"\"%d\"은(는) 반기(%s) 뒤에서 뜻이 없습니다",
			       "\"%d\" after a half year (%s) means nothing"},
	[M_DATE_DAY_NEEDS_MONTH] = {"\"%d%s\" 앞에 월이 있어야 합니다",
				    "\"%d%s\" needs a month before it"},
	[M_DATE_YEAR_DIGITS] = {"연도는 2자리나 4자리여야 합니다", "a year needs 2 or 4 digits"},
	[M_DATE_QUARTER_RANGE] = {"%d분기는 없습니다 (1~4분기)", "quarter %d is not 1 to 4"},
	[M_DATE_MONTH_RANGE] = {"%d월은 없습니다 (1~12월)", "month %d is not 1 to 12"},
	[M_DATE_NOT_DAY] = {"%d.%d.%d.은(는) 달력에 없는 날입니다",
			    "%d.%d.%d. is not a calendar day"},
	[M_DATE_WDAY_MONTH] = {"요일에는 날이 있어야 합니다. 월만으로는 안 됩니다",
			       "a weekday needs a day, not only a month"},
	[M_DATE_WDAY_PERIOD] = {"요일에는 날이 있어야 합니다. 기간만으로는 안 됩니다",
				"a weekday needs a day, not only a period"},

	/* reading and writing files (pkg/csv.c, base/utf8.c) */
	[M_CSV_COLUMNS] = {"열이 %d개를 넘습니다", "more than %d columns"},
	[M_CSV_FIELD_LONG] = {"칸이 %d바이트보다 깁니다", "field longer than %d bytes"},
	[M_CSV_NUL] = {"칸에 NUL 바이트가 있습니다", "NUL byte in field"},
	[M_CSV_MALFORMED] = {"CSV 형식이 잘못되었습니다: %s (따옴표가 없는 칸 안에 따옴표가 "
			     "있거나, 닫는 따옴표 뒤에 글이 있습니다)",
			     "malformed CSV: %s (a quote inside an unquoted field, or text after a "
			     "closing quote)"},
	[M_CSV_EPARSE] = {"엄격한 검사에서 읽을 수 없는 데이터",
			  "error parsing data while strict checking enabled"},
	[M_CSV_UNTERMINATED] = {"CSV 형식이 잘못되었습니다: 따옴표로 연 칸이 끝나지 않습니다 "
				"(여기서 연 따옴표가 닫히지 않음)",
				"malformed CSV: unterminated quoted field (the quote opened here "
				"is never closed)"},
	[M_BAD_BYTE] = {"바이트 0x%02X은(는) %s", "byte 0x%02X %s"},
	[M_BYTE_NOT_UTF8] = {"UTF-8이 아닌데 파일의 나머지는 UTF-8입니다 (파일은 한 인코딩으로 "
			     "읽습니다: 모두 UTF-8로 저장하십시오)",
			     "is not UTF-8, while the rest of the file is (a file is read in one "
			     "encoding: save it all as UTF-8)"},
	[M_BYTE_NOT_CP949] = {"UTF-8도 CP949도 아닙니다", "is neither UTF-8 nor CP949"},
	[M_NOT_CP949_AT] = {"UTF-8도 CP949도 아닙니다 (%zu번째 바이트가 잘못됨)",
			    "neither UTF-8 nor CP949 (invalid byte at offset %zu)"},
	[M_TEXT_NOT_UTF8] = {"글이 올바른 UTF-8이 아닙니다", "text is not valid UTF-8"},
	[M_CANNOT_OPEN] = {"열 수 없습니다: %s", "cannot open: %s"},
	[M_IS_FOLDER] = {"파일이 아니라 폴더입니다", "is a folder, not a file"},
	[M_NOT_REGULAR_FILE] = {"보통 파일이 아닙니다 (파이프, 장치)",
				"is not a regular file (a pipe, a device)"},
	[M_FILE_TOO_LARGE] = {"파일이 %zu바이트보다 큽니다", "file larger than %zu bytes"},
	[M_READ_ERROR] = {"읽기 오류: %s", "read error: %s"},
	[M_CANNOT_WRITE] = {"쓸 수 없습니다: %s", "cannot write: %s"},
	[M_WRITE_FAILED] = {"쓰기가 실패했습니다: %s", "write failed: %s"},
	[M_CANNOT_RENAME] = {"이름을 바꿀 수 없습니다: %s", "cannot rename: %s"},

	/* workbooks (pkg/xlsx.c, pkg/book.c) */
	[M_XLSX_NOT_ZIP] = {"XLSX 통합문서가 아닙니다 (ZIP 파일이 아님)",
			    "not an XLSX workbook (not a ZIP file)"},
	[M_XLSX_NO_FILE] = {"그런 파일이 없습니다", "No such file"},
	[M_XLSX_NO_PART] = {"부분 %s이(가) 없습니다: XLSX 통합문서가 아닙니다",
			    "no part %s: not an XLSX workbook"},
	[M_XLSX_PART_LARGE] = {"부분 %s은(는) 압축을 풀면 %llu바이트로, %ld바이트를 넘습니다",
			       "part %s is %llu bytes uncompressed, more than %ld"},
	[M_XLSX_PART_READ] = {"부분 %s을(를) 읽을 수 없습니다: %s", "cannot read part %s: %s"},
	[M_XLSX_PART_DAMAGED] = {"부분 %s이(가) 손상되었습니다", "part %s is damaged"},
	[M_XLSX_PART_XML] = {"부분 %s: 올바른 XML이 아닙니다%s%s",
			     "part %s: not well-formed XML%s%s"},
	[M_XLSX_DTD] = {"부분 %s에 DTD가 선언되어 있습니다 (통합문서에는 없는 것)",
			"part %s declares a DTD, which no workbook has"},
	[M_XLSX_NO_SHEETS] = {"통합문서에 시트가 없습니다", "the workbook has no sheet"},
	[M_XLSX_NO_SHEET_N] = {"%zu번째 시트가 없습니다", "no sheet %zu"},
	[M_XLSX_BAD_REF] = {"셀 참조 \"%s\"이(가) 잘못되었습니다", "bad cell reference \"%s\""},
	[M_XLSX_CELLS] = {"셀이 %ld개를 넘습니다", "more than %ld cells"},
	[M_NO_SHEET] = {"시트 \"%s\"이(가) 없습니다", "no sheet \"%s\""},
	[M_EMPTY_SHEET] = {"빈 시트: 머리행이 필요합니다", "empty sheet: a header row is required"},
	[M_BOOK_NO_META] = {"시트 \"%s\"이(가) 없습니다: 패키지 통합문서가 아닙니다 (export "
			    "--excel이 만듭니다)",
			    "no sheet \"%s\": not a package workbook (export --excel writes one)"},
	[M_BOOK_ROWS] = {"%s의 행이 %zu개로, 시트 하나에 담을 수 있는 수(%d)를 넘습니다",
			 "%s has %zu rows, more than a sheet holds (%d)"},
	[M_BOOK_CREATE] = {"통합문서를 만들 수 없습니다", "cannot create the workbook"},
	[M_BOOK_WRITE] = {"통합문서를 쓸 수 없습니다: %s", "cannot write the workbook: %s"},

	/* databases (store/) */
	[M_DB_NO_SUCH] = {"%s: 그런 데이터베이스가 없습니다 (먼저 `jipyo import DIR --db %s`를 "
			  "실행하십시오)",
			  "%s: no such database (run `jipyo import DIR --db %s` first)"},
	[M_DB_NOT_JIPYO] =
		{"%s: 지표 데이터베이스가 아닙니다 (`jipyo import DIR --db %s`로 만드십시오)",
		 "%s: not a Jipyo database (run `jipyo import DIR --db %s` to make one)"},
	[M_DB_OTHER_PROGRAM] = {"%s: 다른 프로그램의 데이터베이스입니다 (표는 있으나 지표의 스키마 "
				"판이 없음): 바꾸지 않았습니다",
				"%s: a database of another program (it has tables but no Jipyo "
				"schema version): not changed"},
	[M_DB_CANNOT_OPEN] = {"%s: 열 수 없습니다: %s", "%s: cannot open: %s"},
	[M_DB_NO_MEMORY] = {"메모리가 부족합니다", "out of memory"},
	[M_DB_NEWER] = {"%s: 스키마 판 %d이(가) 이 프로그램의 판(%d)보다 새롭습니다",
			"%s: schema version %d is newer than this program (%d)"},
	[M_DB_NO_PATH] = {"%s: 스킴 뒤에 경로가 없습니다", "%s: no path after the scheme"},
	[M_DB_HOLDS_PACKAGE] = {"%s: 패키지 %s이(가) 들어 있습니다. %s이(가) 아닙니다 (SQLite "
				"파일에는 패키지가 하나만 들어갑니다)",
				"%s: holds package %s, not %s (an SQLite file holds one package)"},
	[M_PG_CANNOT_CONNECT] = {"PostgreSQL: 서버에 연결할 수 없습니다: %s",
				 "PostgreSQL: cannot connect to the server: %s"},
	[M_PG_LOST] = {"%s: 서버 연결이 끊겼습니다 (%s): 이 명령은 아무것도 쓰지 않았습니다. "
		       "서버가 돌아오면 다시 실행하십시오",
		       "%s: the connection to the server was lost (%s): nothing of this command "
		       "was written; run it again once the server is back"},
	[M_PG_NO_STORE] =
		{"%s: 지표 저장소가 없습니다 (먼저 `jipyo import DIR --db URI`를 실행하십시오)",
		 "%s: holds no Jipyo store (run `jipyo import DIR --db URI` first)"},
	[M_PG_NO_PACKAGE] = {"%s: 패키지 %s이(가) 없습니다 (있는 것: %s)",
			     "%s: no package %s (it holds: %s)"},
	[M_PG_NONE] = {"없음", "none"},
	[M_PG_HOLDS_NONE] =
		{"%s: 패키지가 없습니다 (먼저 `jipyo import DIR --db URI`를 실행하십시오)",
		 "%s: holds no package (run `jipyo import DIR --db URI` first)"},
	[M_PG_HOLDS_MANY] = {"%s: 패키지가 %d개 있습니다 (%s): --package ID로 하나를 고르십시오",
			     "%s: holds %d packages (%s): name one with --package ID"},
	[M_PG_REMOVED] = {"%s: 패키지 %s이(가) 지워졌습니다", "%s: package %s was removed"},
	[M_PG_ROLLED_BACK] = {"%s: 트랜잭션이 되돌려졌습니다",
			      "%s: the transaction was rolled back"},
	[M_PG_NO_NAME] = {"패키지에 이름이 없습니다: 이름을 주거나 --package ID로 정하십시오",
			  "the package has no name: give it one, or name it with --package ID"},
	[M_IMPORT_BUSY] = {"다른 가져오기가 이것을 만들고 있습니다",
			   "another import is creating it"},

	/* the commands' own (cmd/) */
	[M_IMPORT_PACKAGE_MANY] = {"--package는 패키지 하나를 가리킵니다: 여러 폴더는 이 옵션 없이 "
				   "가져오십시오 (각각 기술자의 이름으로 저장됩니다)",
				   "--package names one package: import several folders without it "
				   "(each is stored under its descriptor's name)"},
	[M_IMPORT_SQLITE_MANY] = {"%s: SQLite 파일에는 패키지가 하나만 들어갑니다: 여러 폴더는 "
				  "PostgreSQL 데이터베이스로 가져오십시오",
				  "%s: an SQLite file holds one package: import several folders "
				  "into a PostgreSQL database"},
	[M_IMPORT_STOPPED] =
		{"%s을(를) 가져오지 않았습니다 (%d번째, 모두 %d개); 그 앞의 폴더는 가져왔습니다",
		 "%s not imported (%d of %d); the folders before it were"},
	[M_IMAGE_EDITS] = {"모델 이미지 뒤의 정정을 그 이미지에 적용할 수 없습니다",
			   "the edits since the model image cannot be applied to it"},
	[M_IMAGE_FALLBACK] = {"%s; 대신 표를 읽습니다", "%s; reading the tables instead"},
	[M_IMAGE_DAMAGED] = {"모델 이미지가 손상되었습니다 (%s, %zu바이트째)",
			     "damaged model image (%s at byte %zu)"},
	[M_IMAGE_MAP] = {"%s: 메모리에 올릴 수 없습니다: %s", "%s: cannot map: %s"},
	[M_REF_TOO_LONG] = {"%s: 참조가 너무 깁니다", "%s: reference too long"},
	[M_IF_REVISION_BAD] = {"--if-revision %s: 판 번호가 아닙니다",
			       "--if-revision %s: not a revision number"},
	[M_USER_NAME_BAD] = {"name: 사용자 이름은 영문 소문자, 숫자, . _ -로 %d자까지입니다",
			     "name: a user name is up to %d of a-z 0-9 . _ -"},
	[M_USER_ROLE_BAD] = {"--role: admin, planner, editor, viewer 중 하나를 지정하십시오",
			     "--role: one of admin, planner, editor, viewer"},
	[M_USER_UNIT_BAD] = {"--unit: 조직은 편집자에게만, 편집자에게는 반드시 지정합니다",
			     "--unit: an editor, and only an editor, has a unit"},
	[M_USER_UNKNOWN_VERB] = {"알 수 없는 user 명령 '%s'", "unknown user command '%s'"},
	[M_USER_ADDED] = {"사용자 %s을(를) 추가했습니다\n", "user %s added\n"},
	[M_USER_ADDED_PASSWORD] = {"사용자 %s을(를) 추가했습니다. 비밀번호 %s (한 번만 보입니다)\n",
				   "user %s added; password %s (shown once)\n"},
	[M_USER_DISABLED] = {"사용자 %s을(를) 사용 중지했습니다\n", "user %s disabled\n"},
	[M_USER_ENABLED] = {"사용자 %s을(를) 다시 사용하게 했습니다\n", "user %s enabled\n"},
	[M_USER_NEW_PASSWORD] = {"사용자 %s: 새 비밀번호 %s (한 번만 보입니다)\n",
				 "user %s: new password %s (shown once)\n"},
	[M_USER_PASSWORD_CHANGED] = {"사용자 %s: 비밀번호를 바꿨습니다\n",
				     "user %s: password changed\n"},
	[M_USER_EXISTS] = {"사용자 '%s'이(가) 이미 있습니다", "user '%s' exists"},
	[M_USER_NONE] = {"사용자 '%s'이(가) 없습니다", "no user '%s'"},
	[M_USER_NO_UNIT] = {"조직 '%s'이(가) 패키지에 없습니다", "no unit '%s' in the package"},
	[M_USER_ACTIVE] = {"사용", "active"},
	[M_USER_INACTIVE] = {"중지", "disabled"},
	[M_SERVE_ADMIN_GIVEN] = {"첫 관리자: 'admin'으로 로그인하십시오. 비밀번호는 "
				 "JIPYO_ADMIN_PASSWORD의 값입니다\n",
				 "first admin: log in as 'admin' with the password in "
				 "JIPYO_ADMIN_PASSWORD\n"},
	[M_SERVE_ADMIN_MADE] =
		{"첫 관리자: 'admin'으로 비밀번호 %s을(를) 써서 로그인하십시오 "
		 "(한 번만 보입니다. `jipyo user passwd admin --db %s%s`로 바꾸십시오)\n",
		 "first admin: log in as 'admin' with password %s (shown once; change "
		 "it with `jipyo user passwd admin --db %s%s`)\n"},
	[M_AUDIT_INTACT] = {"%s: 이력 %ld건, 사슬이 온전합니다; 마지막 해시 %s\n",
			    "%s: %ld history entries, chain intact; last hash %s\n"},
	[M_COVER_SUMMARY] =
		{"%s의 숫자 %zu개(%zu줄): 행에 담김 %zu개 (%ld.%ld%%, 요구 %ld.%ld%%), "
		 "까닭 있음 %zu개, 까닭 없음 %zu개",
		 "coverage %s: %zu numeric tokens on %zu lines; %zu covered (%ld.%ld%%, "
		 "required %ld.%ld%%), %zu explained, %zu unexplained"},
	[M_COVER_UNUSED_COUNT] = {"; 빠진 숫자에 맞지 않는 까닭 %zu개",
				  "; %zu reasons match no uncovered token"},
	[M_COVER_UNUSED] =
		{"uncovered.csv:%ld: \"%s\"(%s)의 까닭에 맞는 빠진 숫자가 없습니다\n",
		 "uncovered.csv:%ld: reason for \"%s\" at %s matches no uncovered token\n"},
	[M_EXPORT_NOT_FILE] =
		{"파일도 링크도 아니어서 내보내기가 남길 수 없습니다: 다른 폴더로 내보내십시오",
		 "neither a file nor a link, which an export cannot keep: export into another "
		 "folder"},
	[M_NOT_FOLDER] = {"폴더가 아닙니다", "is not a folder"},
	[M_CANNOT_READ] = {"읽을 수 없습니다: %s", "cannot read: %s"},
	[M_CANNOT_READ_ALL] = {"읽을 수 없습니다", "cannot read"},
	[M_CANNOT_CREATE] = {"만들 수 없습니다: %s", "cannot create: %s"},
	[M_CANNOT_RUN] = {"실행할 수 없습니다: %s", "cannot run: %s"},
	[M_TMPDIR_FAILED] = {"%s: 임시 폴더를 만들 수 없습니다: %s",
			     "%s: cannot create a temporary folder: %s"},
	[M_PDF_NO_CHROMIUM] =
		{"PDF는 Chromium으로 인쇄합니다: 설치되어 있지 않습니다 (apt-get install chromium, "
		 "또는 JIPYO_CHROMIUM 지정); --format html로 같은 보고서를 인쇄할 수 있습니다",
		 "printing PDF needs Chromium (apt-get install chromium, or set JIPYO_CHROMIUM); "
		 "--format html gives the same report to print"},
	[M_PDF_FAILED] = {"%s이(가) 보고서를 PDF로 인쇄하지 못했습니다 (상태 %d)",
			  "%s failed to print the report to PDF (status %d)"},
	[M_PDF_NONE] = {"%s이(가) PDF를 인쇄하지 않았습니다", "%s printed no PDF"},

	/* a rule's expression (rule/expr.c) */
	[M_EXPR_FAIL_AT] = {"%s: \"%.20s\"에서", "%s at \"%.20s\""},
	[M_EXPR_END] = {"식의 끝", "end of expression"},
	[M_EXPR_WANT_MEASURE] = {"측정값이 있어야 합니다", "expected a measure"},
	[M_EXPR_NO_MEASURES] = {"$m을 썼지만 규칙에 측정값(measures)이 없습니다",
				"$m used but the rule lists no measures"},
	[M_EXPR_WANT_DIM] = {"차원 이름이 있어야 합니다", "expected a dimension name"},
	[M_EXPR_WANT_EQ] = {"'='이(가) 있어야 합니다", "expected '='"},
	[M_EXPR_WANT_VALUE] = {"값이 있어야 합니다", "expected a value"},
	[M_EXPR_TOO_MANY_COORDS] = {"좌표가 너무 많습니다", "too many coordinates"},
	[M_EXPR_COORD_TWICE] = {"좌표가 두 번 주어졌습니다", "coordinate given twice"},
	[M_EXPR_WANT_COMMA] = {"',' 또는 '}'이(가) 있어야 합니다", "expected ',' or '}'"},
	[M_EXPR_TOO_DEEP] = {"식이 너무 깊게 겹쳐 있습니다", "expression nested too deeply"},
	[M_EXPR_NUMBER_LONG] = {"수가 너무 깁니다", "number too long"},
	[M_EXPR_BAD_NUMBER] = {"수의 형식이 잘못되었습니다", "malformed number"},
	[M_EXPR_WANT_BY] = {"sum(measure by dimension)에 'by'가 있어야 합니다",
			    "expected 'by' in sum(measure by dimension)"},
	[M_EXPR_WANT_BY_DIM] = {"'by' 뒤에 차원이 있어야 합니다",
				"expected a dimension after 'by'"},
	[M_EXPR_WANT_RP_SUM] = {"sum(을 닫는 ')'이(가) 있어야 합니다", "expected ')' closing sum("},
	[M_EXPR_WANT_RP] = {"')'이(가) 있어야 합니다", "expected ')'"},
	[M_EXPR_WANT_TARGET] = {"milestone{…} 또는 field{…}이(가) 있어야 합니다",
				"expected milestone{…} or field{…}"},
	[M_EXPR_FIELD_COUNT] = {"field는 항목의 목록입니다: count(field{…})만 쓸 수 있습니다",
				"a field lists items: only count(field{…}) applies"},
	[M_EXPR_WANT_CMP] = {"비교(= <= >= < > in)가 있어야 합니다",
			     "expected a comparison (= <= >= < > in)"},
	[M_EXPR_UNEXPECTED] = {"뜻밖의 글", "unexpected text"},
	[M_EXPR_DATES_CMP] =
		{"날짜 범위는 '=' 또는 'in'으로만, 양쪽 모두 milestone{…}만으로 비교합니다",
		 "date ranges compare only with '=' or 'in', both sides bare milestone{…}"},
	[M_EXPR_DATES_ARITH] =
		{"계산 속의 날짜 범위에는 start(), end(), days() 또는 months()가 필요합니다",
		 "a date range in arithmetic needs start(), end(), days() or months()"},
	[M_EXPR_DATES_MILESTONES] =
		{"날짜 범위는 일정(milestone)에만 있습니다; field는 항목의 목록입니다",
		 "only milestones have date ranges; a field lists items"},
	[M_EXPR_ANCHOR] = {"왼쪽은 수치 참조(기준)로 시작해야 합니다",
			   "the left side must start with a fact reference (the anchor)"},

	/* references and edits (model/ref.c, check/edit.c) */
	[M_REF_PART_LONG] = {"%s이(가) 너무 깁니다", "%s is too long"},
	[M_REF_UNKNOWN_FIELD] = {"알 수 없는 필드 \"%s\"", "unknown field \"%s\""},
	[M_REF_EXPECTED] = {"%s이(가) 있어야 합니다", "expected %s"},
	[M_REF_TOO_MANY_PARTS] = {"%s 뒤에 부분이 너무 많습니다", "too many parts after %s"},
	[M_REF_MEASURE_FIRST] = {"수치 참조는 측정값 id로 시작합니다",
				 "a fact reference starts with a measure id"},
	[M_REF_OPEN_BRACE] = {"\"{\"을(를) 닫는 \"}\"이(가) 없습니다", "\"{\" without its \"}\""},
	[M_REF_OPEN_BRACKET] = {"\"[\"을(를) 닫는 \"]\"이(가) 없습니다", "\"[\" without its \"]\""},
	[M_REF_UNEXPECTED] =
		{"뜻밖의 \"%.20s\" (측정값 뒤에는 {…}, @PERIOD, [TABLE], kind=KIND)",
		 "unexpected \"%.20s\" (after the measure: {…}, @PERIOD, [TABLE], kind=KIND)"},
	[M_REF_TWICE] = {"두 번 주어졌거나 너무 깁니다", "given twice or too long"},
	[M_EDIT_EXISTS] =
		{"%s: 이미 있습니다 (키는 한 번만 추가합니다. --add 없이 주면 정정합니다)",
		 "%s: exists already (a key is added once; without --add it is changed)"},
	[M_EDIT_ADD_FACTS] = {"%s: 추가할 수 있는 것은 수치뿐입니다", "%s: only facts are added"},
	[M_EDIT_DELETE_FACTS] = {"%s: 삭제할 수 있는 것은 수치뿐입니다",
				 "%s: only facts are deleted"},
	[M_EDIT_ADD_DELETE_FACTS] = {"%s: 추가하거나 삭제할 수 있는 것은 수치뿐입니다",
				     "%s: only facts are added or deleted"},
	[M_EDIT_NO_ROW] =
		{"%s: 이 키를 가진 %s 행이 없습니다 (발견사항의 `where`를 복사하거나 "
		 "`jipyo set --help`를 보십시오)",
		 "%s: no row of %s has this key (copy the `where` of a finding, or see `jipyo "
		 "set --help`)"},
	[M_EDIT_MANY] = {"%s: 수치 %zu개에 맞습니다 (kind %s): kind=KIND를 붙이십시오",
			 "%s: matches %zu facts (kinds %s): add kind=KIND"},
	[M_EDIT_UNKNOWN_MEASURE] = {"%s: 알 수 없는 측정값 \"%s\"", "%s: unknown measure \"%s\""},
	[M_EDIT_VALUE] = {"%s: %s", "%s: %s"},
	[M_EDIT_NO_FIELD] = {"%s: %s에 필드 \"%s\"이(가) 없습니다", "%s: %s has no field \"%s\""},
	[M_EDIT_STALE] = {"%s: 패키지가 판 %ld입니다(%ld이(가) 아님): 그 사이에 바뀌었습니다 "
			  "(`jipyo log --db %s` 참고); 아무것도 쓰지 않았습니다",
			  "%s: the package is at revision %ld, not %ld: it changed since (see "
			  "`jipyo log --db %s`); nothing written"},
	[M_EDIT_CHANGED] =
		{"%s: 정정하는 사이에 패키지가 바뀌었습니다 (판 %ld, 지금 %ld): 다시 실행하십시오",
		 "%s: the package changed while this edit was made (revision %ld, now %ld): run it "
		 "again"},

	/* the history's audit (store/history.c), coverage's report text (cover/cover.c) */
	[M_HISTORY_REORDERED] = {"이력 %ld번(판 %ld)의 순서가 바뀌었습니다: 바로 앞 항목이 아니라 "
				 "%ld번 뒤에 있습니다",
				 "entry %ld (revision %ld) was reordered: it follows entry %ld, "
				 "not the entry before it"},
	[M_HISTORY_DELETED] =
		{"이력 %ld번이 지워졌습니다: %ld번(판 %ld)이 이력에 더는 없는 항목 뒤에 있습니다",
		 "entry %ld was deleted: entry %ld (revision %ld) follows an entry the history no "
		 "longer has"},
	[M_HISTORY_INSERTED] =
		{"이력 %ld번(판 %ld)이 끼워 넣어졌습니다: 이력의 어느 항목 뒤에도 있지 않습니다",
		 "entry %ld (revision %ld) was inserted: it follows no entry of the history"},
	[M_HISTORY_EDITED] =
		{"이력 %ld번(판 %ld, %s, %s)이 고쳐졌습니다: 내용이 해시와 맞지 않습니다",
		 "entry %ld (revision %ld, %s by %s) was edited: its content does not match its "
		 "hash"},
	[M_HISTORY_CUT] = {"패키지는 판 %ld인데 이력은 판 %ld에서 끝납니다: 마지막 항목이 "
			   "지워졌거나 판이 바뀌었습니다",
			   "the package is at revision %ld but the history ends at revision %ld: "
			   "its last entries were deleted or the revision changed"},
	[M_SEED_MISSING] = {"그런 파일이 없습니다 (출처가 가리키는 보고서 본문)",
			    "no such file (the report text the sources cite)"},
	[M_SEED_NOT_FILE] = {"보통 파일이 아닙니다", "not a regular file"},
	[M_SEED_NOT_UTF8] = {"UTF-8이 아닙니다 (보고서 본문은 UTF-8이어야 합니다)",
			     "not UTF-8 (the report text must be UTF-8)"},
	[M_SEED_NUL] = {"NUL 바이트가 있습니다: 글 파일이 아닙니다",
			"contains a NUL byte: not a text file"},
	[M_SEED_UNCITED] = {"패키지의 어느 행도 출처에서 \"%s\"을(를) 가리키지 않습니다: 이 "
			    "패키지가 담은 보고서가 맞습니까?",
			    "no row of the package cites \"%s\" in its source: is it the report "
			    "this package encodes?"},

	/* the history in words (cmd/log.c), a change as set says it (cmd/set.c),
	 * a finding's status written (store/status_sqlite.c) */
	[M_LOG_IMPORT] = {"가져오기 %s: 수치 %lld, 규칙 %lld\n",
			  "import %s: %lld facts, %lld rules\n"},
	[M_LOG_FINDING_STATUS] = {"지적 상태 %s\n", "finding status %s\n"},
	[M_LOG_ADDED] = {"추가 %s: %s\n", "added %s: %s\n"},
	[M_LOG_DELETED] = {"삭제 %s: %s\n", "deleted %s: %s\n"},
	[M_LOG_CHANGED_VALUE] = {"정정 %s: %s → %s\n", "changed %s: %s → %s\n"},
	[M_LOG_CHANGED] = {"정정 %s:", "changed %s:"},
	[M_LOG_REASON] = {"      사유: %s\n", "      reason: %s\n"},
	[M_STATUS_OPEN] = {"열림", "open"},
	[M_STATUS_ACKNOWLEDGED] = {"확인함", "acknowledged"},
	[M_STATUS_FIXED] = {"고침", "fixed"},
	[M_STATUS_STALE] = {"패키지가 판 %ld입니다(%ld이(가) 아님): 그 사이에 바뀌었습니다",
			    "the package is at revision %ld, not %ld: it changed since"},
	[M_SET_ADDED] = {"추가: %s %s (판 %ld)\n", "added: %s %s (revision %ld)\n"},
	[M_SET_DELETED] = {"삭제: %s %s (판 %ld)\n", "deleted: %s %s (revision %ld)\n"},
	[M_SET_CHANGED_VALUE] = {"정정: %s %s → %s (판 %ld)\n",
				 "changed: %s %s → %s (revision %ld)\n"},
	[M_SET_CHANGED_FIELD] = {"정정: %s %s: %s → %s (판 %ld)\n",
				 "changed: %s %s: %s → %s (revision %ld)\n"},
	[M_NONE] = {"(없음)", "(none)"},
	[M_SODIUM_FAILED] = {"libsodium을 시작할 수 없습니다", "libsodium cannot start"},

	/* check's table on a terminal (check/print.c) */
	[M_CHECK_HEAD_SEVERITY] = {"심각도", "severity"},
	[M_CHECK_HEAD_WHERE] = {"위치", "where"},
	[M_CHECK_HEAD_STATED] = {"명시", "stated"},
	[M_CHECK_HEAD_COMPUTED] = {"계산", "computed"},
	[M_CHECK_HEAD_DELTA] = {"차이", "delta"},
	[M_CHECK_WARNING] = {"경고", "warning"},
	[M_CHECK_SIDES] = {"좌변 %s, 우변 %s: 좌변 %s 우변이어야 함",
			   "left %s, right %s: left %s right must hold"},
	[M_CHECK_SOURCES] = {"출처: %s", "sources: %s"},
	[M_CHECK_SUSPECT] = {"의심: %s %s (%s): %s이면 이 값을 읽는 실패 규칙이 모두 충족",
			     "suspect: %s %s (%s): %s satisfies every failing rule that reads it"},
	[M_CHECK_SUMMARY] = {"오류 %d건, 경고 %d건; 규칙 인스턴스 %zu개를 수치 %zu개에 대해 평가함",
			     "%d error(s), %d warning(s); %zu rule instance(s) evaluated over %zu "
			     "fact(s)"},
	/* coverage's table on a terminal (cover/cover_print.c) */
	[M_COVER_HEAD_LINE] = {"줄", "line"},
	[M_COVER_HEAD_TOKEN] = {"숫자", "token"},
	[M_COVER_HEAD_KIND] = {"종류", "kind"},
	[M_COVER_HEAD_STATUS] = {"상태", "status"},
	[M_COVER_HEAD_BY] = {"담은 행 또는 까닭", "covered by / reason"},
	[M_COVER_KIND_QUANTITY] = {"수량", "quantity"},
	[M_COVER_KIND_DATE] = {"날짜", "date"},
	[M_COVER_KIND_ORDINAL] = {"회차", "ordinal"},
	[M_COVER_KIND_NAME] = {"이름", "name"},
	[M_COVER_KIND_TIME] = {"시각", "time"},
	[M_COVER_KIND_LOCATOR] = {"번지·번호", "locator"},
	[M_COVER_COVERED] = {"행에 담김", "covered"},
	[M_COVER_EXPLAINED] = {"까닭 있음", "explained"},
	[M_COVER_MISSING] = {"까닭 없음", "missing"},
	[M_COVER_VIA_PERIOD] = {"기간: ", "period: "},
	[M_COVER_VIA_TITLE] = {"제목: ", "title: "},
	[M_COVER_UNEXPLAINED] = {"!! 까닭 없음: 수치를 더하거나 까닭을 적으십시오 (uncovered.csv)",
				 "!! unexplained: add a fact or a reason (uncovered.csv)"},
	/* a figure named as check describes it (render/describe.c) */
	[M_DESCRIBE_NONE] = {"%s: 이런 수치가 없습니다; check가 보여 주는 위치를 그대로 쓰십시오",
			     "%s: no figure is described so; copy the where that check prints"},
	[M_DESCRIBE_MANY] = {"%s: 수치 %zu개가 이렇게 불립니다; `check --json`의 where를 쓰십시오",
			     "%s: %zu figures are described so; use the where of `check --json`"},
	/* the import's note, the server's --listen */
	[M_IMPORT_NO_IMAGE] =
		{"%s: 모델 이미지 없이 저장함 (%s); check, report, coverage는 표를 "
		 "읽습니다",
		 "%s: stored without its model image (%s); check, report and coverage "
		 "read the tables"},
	[M_LISTEN_FORM] = {"--listen은 주소:포트입니다 (예: 127.0.0.1:8080): '%s'",
			   "--listen is ADDR:PORT (e.g. 127.0.0.1:8080): '%s'"},
	[M_LISTEN_IPV4] = {"--listen은 IPv4 주소:포트입니다: '%s'",
			   "--listen is an IPv4 ADDR:PORT: '%s'"},
};

/* -1 not read yet, 0 English, 1 Korean; atomic, as validation's threads
 * format messages (each read gives the same answer) */
static _Atomic int lang = -1;

static int read_locale(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "ko", 2) == 0 &&
			       (v[2] == '\0' || v[2] == '_' || v[2] == '.' || v[2] == '@');
	}
	return 0;
}

int msg_korean(void)
{
	int l = atomic_load(&lang);
	if (l < 0)
		atomic_store(&lang, l = read_locale());
	return l;
}

void msg_reset(void)
{
	atomic_store(&lang, -1);
}

const char *msg_in(enum msg_id id, int ko)
{
	if ((unsigned)id >= M_COUNT || !catalogue[id].en)
		return "?";
	return ko ? catalogue[id].ko : catalogue[id].en;
}

const char *msg(enum msg_id id)
{
	return msg_in(id, msg_korean());
}

const char *msg_errno(int e)
{
	static const struct {
		int e;
		const char *ko;
	} ko[] = {
		{ENOENT, "그런 파일이나 폴더가 없습니다"},
		{ENOTDIR, "폴더가 아닙니다"},
		{EISDIR, "폴더입니다"},
		{EACCES, "권한이 없습니다"},
		{EPERM, "허용되지 않는 작업입니다"},
		{EROFS, "읽기 전용 파일 시스템입니다"},
		{ENOSPC, "장치에 남은 공간이 없습니다"},
		{EDQUOT, "디스크 할당량을 넘었습니다"},
		{EEXIST, "이미 있습니다"},
		{EIO, "입출력 오류"},
	};
	if (msg_korean())
		for (size_t i = 0; i < sizeof(ko) / sizeof(ko[0]); i++)
			if (ko[i].e == e)
				return ko[i].ko;
	return strerror(e);
}

static void line(const char *prefix, enum msg_id id, va_list ap)
{
	fprintf(stderr, "%s: ", prefix);
	vfprintf(stderr, msg(id), ap);
	fputc('\n', stderr);
}

int msg_error(enum msg_id id, ...)
{
	va_list ap;
	va_start(ap, id);
	line(msg(M_ERROR), id, ap);
	va_end(ap);
	return 2;
}

void msg_hint(enum msg_id id, ...)
{
	va_list ap;
	va_start(ap, id);
	line(msg(M_HINT), id, ap);
	va_end(ap);
}

void msg_note(enum msg_id id, ...)
{
	va_list ap;
	va_start(ap, id);
	line(msg(M_NOTE), id, ap);
	va_end(ap);
}

void msg_print(FILE *out, enum msg_id id, ...)
{
	va_list ap;
	va_start(ap, id);
	vfprintf(out, msg(id), ap);
	va_end(ap);
}

void msg_add(struct buf *b, enum msg_id id, ...)
{
	va_list ap;
	va_start(ap, id);
	buf_vaddf(b, msg(id), ap);
	va_end(ap);
}

int msg_format(char *s, size_t size, enum msg_id id, ...)
{
	va_list ap;
	va_start(ap, id);
	int n = vsnprintf(s, size, msg(id), ap);
	va_end(ap);
	return n;
}

int jy_err_msg(struct jy_err *e, int code, const char *file, long line_no, long col,
	       const char *field, enum msg_id id, ...)
{
	char text[JY_ERR_MSG_BYTES];
	va_list ap;

	va_start(ap, id);
	vsnprintf(text, sizeof(text), msg(id), ap);
	va_end(ap);
	return jy_err_at(e, code, file, line_no, col, field, "%s", text);
}
