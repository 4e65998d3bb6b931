/*
 * static.c - the bytes served as they are: the stylesheet of the pages and
 * docs/openapi.yaml, built into the program (.incbin: the file is read when
 * this is compiled, from the top of the source tree), so that the server
 * needs no files beside it.
 */
#include <string.h>

#include "web.h"

__asm__(".section .rodata\n"
	".global web_openapi_yaml\n"
	".type web_openapi_yaml, @object\n"
	"web_openapi_yaml:\n"
	".incbin \"docs/openapi.yaml\"\n"
	".byte 0\n"
	".previous\n");

/* Colours meet WCAG AA contrast on white (ink #1a1a1a, links #0b4f9c,
 * error #a0001c, warning #7a4d00); focus is always visible. */
static const char app_css[] =
	":root{--ink:#1a1a1a;--navy:#1f3864;--link:#0b4f9c;--rule:#767676;--head:#e7ebf1;"
	"--err:#a0001c;--err-bg:#fde0e0;--warn:#7a4d00;--warn-bg:#fff0c2}\n"
	"html{font-family:\"NanumGothic\",\"Noto Sans CJK KR\",\"맑은 고딕\",\"Malgun "
	"Gothic\",sans-serif;font-size:16px;line-height:1.55;color:var(--"
	"ink);"
	"background:#fff;word-break:keep-all;overflow-wrap:anywhere}\n"
	"body{margin:0}\n"
	"a{color:var(--link)}\n"
	"a:focus,button:focus,input:focus,select:focus{outline:3px solid "
	"#f0a500;outline-offset:2px}\n"
	".skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:"
	"4px}\n"
	"header.top{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;"
	"background:var(--navy);color:#fff;padding:8px 16px}\n"
	"header.top a{color:#fff;margin-right:16px}header.top .brand{font-weight:800}\n"
	"header.top form{display:flex;gap:8px;align-items:center}\n"
	"main{max-width:1100px;margin:0 auto;padding:16px}\n"
	"h1{font-size:1.6rem;color:var(--navy);margin:.5rem 0 1rem}\n"
	"h2{font-size:1.25rem;color:var(--navy);margin:1.5rem 0 .5rem}\n"
	".grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:8px "
	"32px}\n"
	".grid>.wide{grid-column:1/-1}\n"
	"table.data td.when,table.data th.when{white-space:nowrap}\n"
	"table.data{border-collapse:collapse;width:100%}\n"
	"table.data th,table.data td{border-bottom:1px solid var(--rule);padding:4px 8px;"
	"text-align:left;vertical-align:top}\n"
	"table.data thead th{background:var(--head)}table.data .num{text-align:right}"
	"table.data th{word-break:keep-all}\n"
	".num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	"tr.err .badge{background:var(--err-bg);color:var(--err);font-weight:700;padding:0 4px}\n"
	"tr.warn .badge{background:var(--warn-bg);color:var(--warn);font-weight:700;padding:0 "
	"4px}\n"
	".note{color:#444;font-size:.9rem}\n"
	".badge,table.findings th,table.findings td:last-child{white-space:nowrap}\n"
	".alert{background:var(--err-bg);color:var(--err);padding:8px;border-left:4px solid "
	"var(--err)}\n"
	"form.login{display:grid;grid-template-columns:max-content 16rem;gap:8px 12px;"
	"align-items:center}\n"
	"form.login button{grid-column:2}\n"
	"form.inline{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:.5rem 0}\n"
	"form.edit{display:flex;flex-wrap:wrap;gap:6px 8px;align-items:center;margin:.4rem 0}\n"
	"form.edit textarea{font:inherit;flex:1 1 30rem;border:1px solid var(--rule)}\n"
	"p.saved{padding:6px 10px;border-left:4px solid var(--navy);background:#eef2f8}\n"
	"button{font:inherit;padding:4px 12px;border:1px solid var(--navy);background:#fff;"
	"color:var(--navy);border-radius:3px;cursor:pointer}\n"
	"header.top button{background:var(--navy);color:#fff;border-color:#fff}\n"
	"input,select,textarea{font:inherit;padding:3px 6px;border:1px solid var(--rule)}\n"
	"svg.chart{max-width:100%;height:auto;font-size:15px}\n"
	"figure.chart{margin:0}figure.chart svg{max-width:100%;height:auto}"
	".scroll{overflow-x:auto}\n"
	"svg .lbl,svg .val{fill:var(--ink)}svg .bar{fill:var(--navy)}svg "
	".bar.behind{fill:#b35900}\n"
	"svg .elapsed{stroke:var(--err);stroke-width:2;stroke-dasharray:4 3}\n"
	"svg .grid{stroke:#ccc}svg .ms{fill:#5b7bb2}svg .ms.done{fill:#3c7d3c}"
	"svg .ms.planned{fill:#8a8f96}\n"
	".legend .sw{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 .8em;"
	"vertical-align:-.1em}.sw.done{background:#3c7d3c}.sw.in_progress{background:#5b7bb2}"
	".sw.planned{background:#8a8f96}\n"
	"dl.facts{display:grid;grid-template-columns:max-content auto;gap:4px 16px}"
	"dl.facts dt{font-weight:700}dl.facts dd{margin:0}\n"
	".crumbs{font-size:.95rem}\n"
	/* the report's own blocks, as report_html prints them */
	".report section{margin:0 0 1rem}.report .en{font-size:.8em;color:#444;margin-left:6px}\n"
	".report h2,.report h3,.report h4,.report h5,.report h6{color:var(--navy)}\n"
	".report .k-program>h4 .num{background:var(--navy);color:#fff;padding:0 6px;"
	"border-radius:3px;margin-right:6px}\n"
	".report p.t{margin:.15rem 0;padding-left:1.6em;text-indent:-1.6em}\n"
	".report p.d1{padding-left:2.8em}.report p.d2{padding-left:4em}"
	".report p.d3{padding-left:5.2em}.report p.d4,.report p.d5,.report "
	"p.d6{padding-left:6.4em}\n"
	".report .mk{display:inline-block;min-width:1.6em;text-indent:0}\n"
	".report .summary{border:1px solid var(--navy);padding:6px 10px;margin:.5rem 0}\n"
	".report figure{margin:.75rem 0;overflow-x:auto}\n"
	".report figcaption{display:flex;justify-content:space-between;font-size:.85rem}\n"
	".report table{border-collapse:collapse;border-top:2px solid var(--ink);"
	"border-bottom:2px solid var(--ink);font-size:.9rem}\n"
	".report th,.report td{border:1px solid var(--rule);padding:3px 6px}\n"
	".report thead th{background:var(--head)}.report tr.total{background:#f1f1f1;"
	"font-weight:700}\n"
	".report td.err,.report mark.err{background:var(--err-bg);color:var(--err)}\n"
	".report td.warn,.report mark.warn{background:var(--warn-bg);color:var(--warn)}\n"
	".report sup.fn a{color:inherit}\n"
	"@media print{header.top,form,.skip{display:none}main{max-width:none;padding:0}"
	"a{color:inherit;text-decoration:none}.grid{display:block}"
	"section,table,figure{break-inside:avoid}"
	"svg .bar{fill:#555}html{font-size:11pt}}\n";

void page_css(struct web_req *rq, struct web_resp *rs)
{
	(void)rq;
	rs->ctype = "text/css; charset=utf-8";
	rs->static_body = app_css;
	rs->static_len = sizeof(app_css) - 1;
	web_header(rq, rs, "Cache-Control", "max-age=3600");
}
