/*
 * test_facts.c - unit tests of the typed fact set (src/model/facts.c): ids
 * of members, periods, kinds and tables, lookups by id tuple, groupings of a
 * measure's facts, and validation on several threads giving what one thread
 * gives.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/facts.h"
#include "model/model.h"

static struct model M;
static long next_line[RES_COUNT];

static void setup(void)
{
	model_init(&M);
	for (int i = 0; i < RES_COUNT; i++)
		next_line[i] = 2;
}

static void teardown(void)
{
	model_release(&M);
	unsetenv("JIPYO_THREADS");
}

TestSuite(facts, .init = setup, .fini = teardown);

static void add(enum resource_id r, const char *const *v)
{
	model_add_row(&M, r, v, next_line[r]++);
}

static void fact(const char *coords, const char *period, const char *table, const char *value)
{
	char source[32];
	snprintf(source, sizeof(source), "r.txt:%ld", next_line[RES_FACTS]);
	const char *v[JY_CSV_COLUMNS_MAX] = /* provenance columns empty */ {
		"staff", coords, period, "actual", table, value, value, source};
	add(RES_FACTS, v);
}

/* staff by org (a hierarchy) and grade, over two periods and two tables */
static void model(void)
{
	const char *dims[][4] = {{"org", "org", "", "members"}, {"grade", "grade", "", "members"}};
	const char *members[][6] = {
		{"org", "all", "", "1", "all", ""}, {"org", "a", "all", "2", "a", ""},
		{"org", "a1", "a", "3", "a1", ""},  {"org", "b", "all", "4", "b", ""},
		{"grade", "hi", "", "1", "hi", ""}, {"grade", "lo", "", "2", "lo", ""}};
	const char *measure[] = {"staff", "staff",     "",     "명",   "명",
				 "1",	  "org;grade", "flow", "exact", ""};

	for (int i = 0; i < 2; i++)
		add(RES_DIMENSIONS, dims[i]);
	for (int i = 0; i < 6; i++)
		add(RES_MEMBERS, members[i]);
	add(RES_MEASURES, measure);
	const char *orgs[] = {"all", "a", "a1", "b"};
	for (int t = 0; t < 2; t++)
		for (int p = 0; p < 2; p++)
			for (int o = 0; o < 4; o++) {
				char coords[64], value[16];
				snprintf(coords, sizeof(coords), "org=%s;grade=%s", orgs[o],
					 o % 2 ? "hi" : "lo");
				snprintf(value, sizeof(value), "%d", 100 * t + 10 * p + o);
				fact(coords, p ? "2023" : "2022", t ? "t2" : "t1", value);
			}
}

static const char *S_coords(const struct factset *fs, long i)
{
	return fact_coords(fs, &fs->facts[i]);
}

static struct fact_coord key(const struct factset *fs, const char *org, const char *grade,
			     const char *period, const char *table)
{
	struct fact_coord k = {0};
	k.measure = (uint32_t)factset_measure(fs, "staff");
	k.members[0] = factset_member_id(fs, factset_dim(fs, "org"), org);
	k.members[1] = factset_member_id(fs, factset_dim(fs, "grade"), grade);
	k.period = name_table_find(&fs->periods, period);
	k.kind = name_table_find(&fs->kinds, "actual");
	k.table = name_table_find(&fs->tables, table);
	return k;
}

Test(facts, ids_and_lookups)
{
	struct factset fs;
	struct jy_err err;

	model();
	cr_assert_eq(model_validate_facts(&M, stderr, &fs, &err), 0, "%s", err.msg);
	cr_assert_eq(fs.n_facts, 16);
	int org = factset_dim(&fs, "org");
	uint32_t a = factset_member_id(&fs, org, "a"), a1 = factset_member_id(&fs, org, "a1");
	cr_assert_neq(a, FS_NONE);
	cr_assert_eq(fs.dims[org].parents[a1], a, "a1's parent is a");
	cr_assert_eq(factset_member_id(&fs, org, "zz"), FS_NONE);
	cr_assert_eq(fs.periods.index.count, 2);
	cr_assert_eq(fs.tables.index.count, 2);
	for (size_t i = 0; i < fs.n_facts; i++) {
		const struct fact_info *f = &fs.facts[i];
		cr_assert_eq(factset_find(&fs, &f->key), (long)i, "fact %zu finds itself", i);
		cr_assert_str_eq(fact_member(&fs, f, 0), fs.dims[org].names[f->key.members[0]],
				 "names follow ids");
	}
	struct fact_coord k = key(&fs, "a1", "lo", "2023", "t2");
	long i = factset_find(&fs, &k);
	cr_assert_geq(i, 0);
	cr_assert_str_eq(S_coords(&fs, i), "org=a1;grade=lo");
	k = key(&fs, "a1", "hi", "2023", "t2"); /* a1 is only printed with lo */
	cr_assert_eq(factset_find(&fs, &k), -1);
	k = key(&fs, "a1", "lo", "2024", "t2"); /* no such period: FS_NONE */
	cr_assert_eq(k.period, FS_NONE);
	cr_assert_eq(factset_find(&fs, &k), -1);
	factset_release(&fs);
}

Test(facts, groupings_keep_the_measure_order)
{
	struct factset fs;
	struct fact_groups g;
	struct jy_err err;
	size_t n;

	model();
	cr_assert_eq(model_validate_facts(&M, stderr, &fs, &err), 0, "%s", err.msg);
	int staff = factset_measure(&fs, "staff");
	/* by org: the column of one grade, period and table */
	fact_groups_build(&g, &fs, staff, 1u << 0);
	struct fact_coord k = key(&fs, "b", "hi", "2023", "t1");
	const uint32_t *parts = fact_groups_get(&g, &fs, &k, &n);
	cr_assert_eq(n, 2, "a and b are printed with hi");
	cr_assert_str_eq(fact_coords(&fs, &fs.facts[parts[0]]), "org=a;grade=hi");
	cr_assert_str_eq(fact_coords(&fs, &fs.facts[parts[1]]), "org=b;grade=hi");
	cr_assert_str_eq(fact_period(&fs, &fs.facts[parts[0]]), "2023");
	cr_assert_str_eq(fact_table(&fs, &fs.facts[parts[0]]), "t1");
	fact_groups_release(&g);
	/* by table: everything but the table ignored */
	fact_groups_build(&g, &fs, staff, COORD_MEMBERS | COORD_PERIOD | COORD_KIND);
	cr_assert_eq(g.n_groups, 2);
	k = key(&fs, "all", "lo", "2022", "t2");
	parts = fact_groups_get(&g, &fs, &k, &n);
	cr_assert_eq(n, 8);
	for (size_t i = 1; i < n; i++)
		cr_assert_lt(parts[i - 1], parts[i], "in the facts' order");
	for (size_t i = 0; i < n; i++)
		cr_assert_str_eq(fact_table(&fs, &fs.facts[parts[i]]), "t2");
	k.table = FS_NONE;
	cr_assert_null(fact_groups_get(&g, &fs, &k, &n));
	cr_assert_eq(n, 0);
	fact_groups_release(&g);
	factset_release(&fs);
}

/* Several threads count problems first; the messages then come from one
 * thread, in the order one thread gives them. */
Test(facts, problems_reported_alike_on_any_number_of_threads)
{
	char *text[2] = {NULL, NULL};
	size_t len[2];

	model();
	fact("org=a;grade=hi", "2022", "t1", "5");	 /* a duplicate key */
	fact("org=zz;grade=lo", "2022", "t1", "5");	 /* an unknown member */
	fact("org=b;grade=lo", "20x2", "t1", "5");	 /* a bad period */
	fact("org=b;grade=hi", "2022-02-31", "t1", "5"); /* a day February lacks */
	fact("org=b;grade=hi", "2020-02-29", "t2", "5"); /* a leap day: fine */
	for (int t = 0; t < 2; t++) {
		struct factset fs;
		struct jy_err err;
		setenv("JIPYO_THREADS", t ? "4" : "1", 1);
		FILE *out = open_memstream(&text[t], &len[t]);
		cr_assert_eq(model_validate_facts(&M, out, &fs, &err), JY_EINPUT);
		fclose(out);
		cr_assert_str_eq(err.msg, "4 problems in the package", "%s", text[t]);
	}
	cr_assert_str_eq(text[0], text[1]);
	cr_assert(strstr(text[0], "already on line 3"), "%s", text[0]);
	cr_assert(strstr(text[0], "unknown member \"zz\""), "%s", text[0]);
	cr_assert(strstr(text[0], "\"2022-02-31\" is not a period"), "%s", text[0]);
	cr_assert(!strstr(text[0], "2020-02-29"), "%s", text[0]);
	free(text[0]);
	free(text[1]);
}
