/*
 * report_opts.c - what every renderer shares about how a report is printed
 * (report.h): the clean copy's findings.
 */
#include "report.h"

const struct check_result *report_findings(const struct report_opts *opt,
					   const struct check_result *res,
					   struct check_result *scratch)
{
	if (!opt || !opt->clean)
		return res;
	/* a shallow copy that lists nothing: the outline then places no mark,
	 * and nothing of it is released (the original owns it all) */
	*scratch = *res;
	scratch->findings = NULL;
	scratch->n_findings = 0;
	scratch->errors = scratch->warnings = 0;
	return scratch;
}
