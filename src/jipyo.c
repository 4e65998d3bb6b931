/*
 * jipyo.c - the command table, `jipyo help`, `jipyo --version`.
 *
 * Exit codes (base/err.h, enum jy_exit): 0 success (for check: no
 * error-level findings), 1 findings at error level, 2 bad input or bad
 * arguments, 3 a failure of the program's environment (disk, database,
 * memory).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "base/msg.h"
#include "base/tmp.h"
#include "cmd/cmd.h"
#include "cmd/load.h"

#define JIPYO_VERSION "0.13.0"

static const struct command commands[] = {
	{"import", cmd_import, "(DIR | BOOK.xlsx) --db FILE",
	 "load a data package (a folder, or the workbook export --excel writes) into the "
	 "database (atomic: all or nothing)",
	 "db", "jipyo import data/seoul-econ-2022 --db econ.db",
	 "데이터 패키지(폴더, 또는 export --excel이 쓰는 통합문서)를 데이터베이스에 가져옵니다 "
	 "(원자적: 전부 아니면 전무)"},
	{"export", cmd_export, "--db FILE DIR [--excel]",
	 "write the database back as a data package (--excel: CSV with a BOM and CRLF, and "
	 "package.xlsx, for Excel)",
	 "db,excel", "jipyo export --db econ.db out/ --excel",
	 "데이터베이스를 데이터 패키지로 씁니다 (--excel: 엑셀용 BOM·CRLF CSV와 package.xlsx)"},
	{"check", cmd_check,
	 "(DIR | --db FILE) [--json] [--severity LEVEL] [--division UNIT] [--table TABLE]",
	 "evaluate every rule; exit 0 no errors, 1 errors found, 2 bad input, 3 environment",
	 "db,json,severity,division,table", "jipyo check --db econ.db --severity error",
	 "모든 규칙을 평가합니다. 종료 코드 0 오류 없음, 1 오류 발견, 2 잘못된 입력, 3 환경 실패"},
	{"report", cmd_report, "--db FILE [--format md|html|hwpx|xlsx|pdf] [--clean] [-o FILE]",
	 "render the report with its findings (Markdown, print-ready HTML, HWPX for 한글, an Excel "
	 "workbook or PDF); --clean leaves the findings out, for submission",
	 "db,format,output,clean", "jipyo report --db econ.db --format hwpx -o report.hwpx",
	 "발견사항과 함께 보고서를 만듭니다 (Markdown, HTML, 한글 HWPX, 엑셀, PDF); "
	 "--clean은 제출용"},
	{"coverage", cmd_coverage,
	 "--seed FILE (DIR | --db FILE) [--min PCT] [--uncovered] [--json]",
	 "list every printed figure of the report text with what carries it or why nothing does; "
	 "exit 0 when the share >= --min (97) and none is unexplained",
	 "db,seed,min,json,uncovered",
	 "jipyo coverage --seed data/sources/000_c617418e5a5c9fdf.txt --db econ.db --uncovered",
	 "보고서 본문의 모든 숫자를 담은 행 또는 담지 않은 까닭과 함께 보입니다"},
	{"set", cmd_set,
	 "--db FILE [--add | --delete] REF [VALUE] [--by NAME] [--reason TEXT] "
	 "[--if-revision N] [--json]",
	 "change one fact, milestone, text or field (REF as check prints it), validated as an "
	 "import; prints the findings after it, exit codes as check's",
	 "db,json,by,reason,if-revision,add,delete",
	 "jipyo set --db econ.db 'authorized{unit=econ-office,job_class=total} @2022-08-29 "
	 "[staffing]' 270 --reason '정정'",
	 "수치·일정·문장·항목 하나를 고칩니다 (REF는 check가 보이는 대로)"},
	{"log", cmd_log, "--db FILE [REF] [--json]", "the history of changes, newest first",
	 "db,json", "jipyo log --db econ.db", "바뀐 이력, 최근 것부터"},
	{"audit", cmd_audit, "verify --db FILE",
	 "check the history's hash chain; exit 1 naming the first entry changed by another "
	 "program",
	 "db", "jipyo audit verify --db econ.db", "이력의 해시 사슬을 확인합니다"},
	{"table", cmd_table,
	 "import FILE.(xlsx|csv) --db FILE --measure HEADER=ID ... [--dim DIM] --period PERIOD "
	 "[--kind KIND] [--table TABLE] [--sheet NAME] [--propose-rules] [--by NAME] "
	 "[--reason TEXT] [--json]",
	 "read a table laid out as printed (a header row, a label column, a 계 row) into facts, "
	 "each sourced to its cell; --propose-rules prints the rules its layout implies",
	 "db,measure,dim,period,kind,table,sheet,propose-rules,by,reason,json",
	 "jipyo table import budget.xlsx --db gov.db --measure 예산액=budget --measure "
	 "집행액=spent --measure 집행률=exec_rate --period 2023 --table budget --propose-rules",
	 "인쇄된 모양의 표(머리 행, 이름 열, 계 행)를 셀마다 출처를 단 수치로 가져옵니다"},
	{"ledger", cmd_ledger, "import|report|facts|monitor ... (`jipyo ledger --help`)",
	 "the budget execution ledger: transactions, figures as of a day, monitoring", NULL,
	 "jipyo ledger report --db econ.db --as-of 2022-08-29",
	 "예산 집행 원장: 거래, 어느 날의 집행 실적, 목표 대비 점검"},
	{"serve", cmd_serve, "--db FILE [--listen ADDR:PORT] [--public]",
	 "serve the dashboard, program pages, findings and the JSON API (127.0.0.1:8080)",
	 "db,listen,public", "jipyo serve --db econ.db --listen 127.0.0.1:8080",
	 "대시보드, 사업 쪽, 발견사항과 JSON API를 웹으로 보입니다"},
	{"user", cmd_user,
	 "(add NAME --role ROLE [--unit UNIT] | passwd NAME | disable NAME | "
	 "enable NAME | list) --db FILE",
	 "manage who may log in to serve (password from JIPYO_PASSWORD, else printed once)",
	 "db,role,unit", "jipyo user add kim --role editor --unit jobs-policy-div --db econ.db",
	 "웹에 로그인할 사람을 관리합니다"},
};

enum { N_COMMANDS = sizeof(commands) / sizeof(commands[0]) };

const struct command *cmd_find(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void usage(FILE *out)
{
	fprintf(out,
		"%s: jipyo COMMAND [ARGS]\n\n지표 Jipyo: policy programs as checked "
		"facts.\n\n%s:\n",
		msg(M_USAGE), msg(M_COMMANDS));
	for (size_t i = 0; i < N_COMMANDS; i++) {
		const struct command *c = &commands[i];
		fprintf(out, "  %-9s %s\n", c->name,
			msg_korean() && c->summary_ko ? c->summary_ko : c->summary);
	}
	fprintf(out, "\n  jipyo --version [--db FILE]\n\n%s\n", msg(M_HELP_MORE));
}

/* `jipyo --version [--db FILE]`: the program's, the data's, SQLite's. */
static int version(int argc, char **argv)
{
	const char *db = NULL;
	struct jy_err err;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (strncmp(argv[i], "--db=", 5) == 0)
			db = argv[i] + 5;
		else {
			msg_error(M_UNKNOWN_OPTION, argv[i]);
			msg_hint(M_HINT_COMMANDS);
			return JY_EXIT_INPUT;
		}
	}
	printf("jipyo %s\n", JIPYO_VERSION);
	if (db) {
		struct buf rev;
		long n = 0;
		buf_init(&rev);
		if (load_revision(db, &rev, &n, &err)) {
			buf_release(&rev);
			return cmd_fail(&err);
		}
		msg_print(stdout, M_VERSION_DATA, rev.data, n);
		fputc('\n', stdout);
		buf_release(&rev);
	}
	printf("SQLite %s\n", sqlite3_libversion());
	return 0;
}

/* `jipyo help [COMMAND]`: the command's own --help, so that both print the same. */
static int help(int argc, char **argv)
{
	const struct command *c;

	if (argc == 0) {
		usage(stdout);
		return 0;
	}
	if (!(c = cmd_find(argv[0]))) {
		msg_error(M_UNKNOWN_COMMAND, argv[0]);
		msg_hint(M_HINT_COMMANDS);
		return JY_EXIT_INPUT;
	}
	return c->fn(1, (char *[]){"--help", NULL});
}

int main(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		usage(stderr);
		return JY_EXIT_INPUT;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cmd_close_stdout((usage(stdout), 0));
	if (strcmp(argv[1], "help") == 0)
		return cmd_close_stdout(help(argc - 2, argv + 2));
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)
		return cmd_close_stdout(version(argc - 2, argv + 2));
	c = cmd_find(argv[1]);
	if (!c) {
		msg_error(M_UNKNOWN_COMMAND, argv[1]);
		msg_hint(M_HINT_COMMANDS);
		return JY_EXIT_INPUT;
	}
	tmp_install_handlers();
	return cmd_close_stdout(c->fn(argc - 2, argv + 2));
}
