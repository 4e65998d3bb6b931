/*
 * schema.c - the resource table (see schema.h and docs/DATA.md).
 */
#include "schema.h"

#include <string.h>

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct field_def units_fields[] = {
	{"id", FT_ID, 1, NULL, NULL, "Unit id"},
	{"parent", FT_ID, 0, NULL, "units.id", "Parent unit"},
	{"kind", FT_ENUM, 1, "office|bureau|division|team|facility|agency", NULL, "Kind"},
	{"seq", FT_INT, 1, NULL, NULL, "Order as printed"},
	{"name_ko", FT_TEXT, 1, NULL, NULL, "Name (Korean)"},
	{"name_en", FT_TEXT, 0, NULL, NULL, "Name (English)"},
	{"rank", FT_TEXT, 0, NULL, NULL, "Rank as printed"},
	{"source", FT_SOURCE, 0, NULL, NULL, "Source"},
};

static const struct field_def functions_fields[] = {
	{"unit", FT_ID, 1, NULL, "units.id", "Unit"},
	{"seq", FT_INT, 1, NULL, NULL, "Order"},
	{"text", FT_TEXT, 1, NULL, NULL, "Function as printed"},
	{"source", FT_SOURCE, 0, NULL, NULL, "Source"},
};

static const struct field_def nodes_fields[] = {
	{"id", FT_ID, 1, NULL, NULL, "Node id"},
	{"parent", FT_ID, 0, NULL, "nodes.id", "Parent node"},
	{"kind", FT_ENUM, 1, "vision|goal|strategy|task|area|program|subprogram|section", NULL,
	 "Kind"},
	{"seq", FT_INT, 1, NULL, NULL, "Order among siblings"},
	{"number", FT_TEXT, 0, NULL, NULL, "Number as printed"},
	{"title_ko", FT_TEXT, 1, NULL, NULL, "Title (Korean)"},
	{"title_en", FT_TEXT, 0, NULL, NULL, "Title (English)"},
	{"owner", FT_ID, 0, NULL, "units.id", "Responsible unit"},
	{"source", FT_SOURCE, 0, NULL, NULL, "Source"},
};

static const struct field_def fields_fields[] = {
	{"node", FT_ID, 1, NULL, "nodes.id", "Node"},
	{"seq", FT_INT, 1, NULL, NULL, "Order"},
	{"key", FT_TEXT, 1, NULL, NULL, "Key as printed"},
	{"value", FT_TEXT, 0, NULL, NULL, "Value as printed"},
	{"source", FT_SOURCE, 0, NULL, NULL, "Source"},
};

static const struct field_def texts_fields[] = {
	{"node", FT_ID, 1, NULL, "nodes.id", "Node"},
	{"section", FT_ENUM, 1, "summary|overview|status|plan|note|direction", NULL, "Section"},
	{"seq", FT_INT, 1, NULL, NULL, "Order"},
	{"depth", FT_INT, 1, NULL, NULL, "Depth"},
	{"marker", FT_TEXT, 0, NULL, NULL, "Bullet as printed"},
	{"text", FT_TEXT, 1, NULL, NULL, "Text as printed"},
	{"source", FT_SOURCE, 0, NULL, NULL, "Source"},
};

static const struct field_def milestones_fields[] = {
	{"node", FT_ID, 1, NULL, "nodes.id", "Node"},
	{"seq", FT_INT, 1, NULL, NULL, "Order"},
	{"title", FT_TEXT, 1, NULL, NULL, "Title as printed"},
	{"when", FT_TEXT, 0, NULL, NULL, "Date as printed"},
	{"status", FT_ENUM, 1, "planned|in_progress|done|delayed|cancelled", NULL, "Status"},
	{"status_as_of", FT_ISODATE, 0, NULL, NULL, "Status as of"},
	{"note", FT_TEXT, 0, NULL, NULL, "Note"},
	{"source", FT_SOURCE, 0, NULL, NULL, "Source"},
};

static const struct field_def dimensions_fields[] = {
	{"id", FT_ID, 1, NULL, NULL, "Dimension id"},
	{"name_ko", FT_TEXT, 1, NULL, NULL, "Name (Korean)"},
	{"name_en", FT_TEXT, 0, NULL, NULL, "Name (English)"},
	{"members_from", FT_ENUM, 1, "members|units|nodes", NULL, "Where members come from"},
};

static const struct field_def members_fields[] = {
	{"dimension", FT_ID, 1, NULL, "dimensions.id", "Dimension"},
	{"id", FT_ID, 1, NULL, NULL, "Member id"},
	{"parent", FT_ID, 0, NULL, NULL, "Parent member"},
	{"seq", FT_INT, 1, NULL, NULL, "Order"},
	{"name_ko", FT_TEXT, 1, NULL, NULL, "Name (Korean)"},
	{"name_en", FT_TEXT, 0, NULL, NULL, "Name (English)"},
};

static const struct field_def measures_fields[] = {
	{"id", FT_ID, 1, NULL, NULL, "Measure id"},
	{"name_ko", FT_TEXT, 1, NULL, NULL, "Name (Korean)"},
	{"name_en", FT_TEXT, 0, NULL, NULL, "Name (English)"},
	{"unit", FT_TEXT, 1, NULL, NULL, "Unit of the values"},
	{"base_unit", FT_TEXT, 1, NULL, NULL, "Base unit"},
	{"scale", FT_DEC, 1, NULL, NULL, "Base units per unit"},
	{"dims", FT_TEXT, 0, NULL, NULL, "Dimensions (;-separated)"},
	{"aggregation", FT_ENUM, 1, "flow|stock|rate|level", NULL, "Aggregation"},
	{"rounding", FT_ENUM, 1, "exact|rounded", NULL, "Rounding of printed values"},
	{"not_applicable", FT_TEXT, 0, NULL, NULL,
	 "Printed forms meaning not applicable (|-separated)"},
};

static const struct field_def facts_fields[] = {
	{"measure", FT_ID, 1, NULL, "measures.id", "Measure"},
	{"coords", FT_TEXT, 0, NULL, NULL, "Coordinates dim=member;…"},
	{"period", FT_TEXT, 0, NULL, NULL, "Period (ISO)"},
	{"kind", FT_ENUM, 1, "actual|target|estimate|plan", NULL, "Kind"},
	{"table", FT_ID, 0, NULL, NULL, "Printed table"},
	{"value", FT_DEC, 1, NULL, NULL, "Value in the measure's unit"},
	{"printed", FT_TEXT, 1, NULL, NULL, "As printed"},
	{"source", FT_SOURCE, FIELD_REQUIRED_PRINTED, NULL, NULL, "Source"},
	/* provenance of a figure no document printed (docs/DATA.md) */
	{"entered_by", FT_TEXT, FIELD_MAY_BE_ABSENT, NULL, NULL, "Entered by"},
	{"entered_at", FT_TEXT, FIELD_MAY_BE_ABSENT, NULL, NULL, "Entered at (UTC)"},
	{"entered_revision", FT_INT, FIELD_MAY_BE_ABSENT, NULL, NULL, "Entered at revision"},
};

static const struct field_def rules_fields[] = {
	{"id", FT_ID, 1, NULL, NULL, "Rule id"},
	{"kind", FT_ENUM, 1, "sum|ratio|equal|bound|diff|date|count", NULL, "Kind"},
	{"measures", FT_TEXT, 0, NULL, NULL, "Measures ($m)"},
	{"expr", FT_TEXT, 1, NULL, NULL, "Expression"},
	{"scope", FT_TEXT, 0, NULL, NULL, "Scope"},
	{"severity", FT_ENUM, 1, "error|warning", NULL, "Highest severity"},
	{"message_ko", FT_TEXT, 1, NULL, NULL, "Message (Korean)"},
	{"message_en", FT_TEXT, 0, NULL, NULL, "Message (English)"},
	{"source", FT_SOURCE, 0, NULL, NULL, "Source"},
};

/* Printed numeric tokens of the report that no fact, milestone or row
 * carries, each with why (see `jipyo coverage` and docs/DATA.md). */
static const struct field_def uncovered_fields[] = {
	{"source", FT_SOURCE, 1, NULL, NULL, "Source line"},
	{"token", FT_TEXT, 1, NULL, NULL, "Token as printed"},
	{"category", FT_ENUM, 1, "name|title|period|basis|reference|locator|marker", NULL,
	 "Category"},
	{"reason", FT_TEXT, 1, NULL, NULL, "Why no fact carries it"},
};

/* The printed tables and passages facts.csv's `table` names: how the
 * report titles each (docs/DATA.md, "tables.csv"). */
static const struct field_def tables_fields[] = {
	{"id", FT_ID, 1, NULL, NULL, "Table id"},
	{"kind", FT_ENUM, 1, "table|passage", NULL, "Printed as a table or in the text"},
	{"title", FT_TEXT, 0, NULL, NULL, "Title as printed"},
	{"unit", FT_TEXT, 0, NULL, NULL, "Unit line as printed"},
	{"as_of", FT_TEXT, 0, NULL, NULL, "As-of line as printed"},
	{"total", FT_TEXT, 0, NULL, NULL, "Label of the total row as printed"},
	{"source", FT_SOURCE, 0, NULL, NULL, "Source"},
};

/* Optional (1): everything but the figures themselves and what they count. */
const struct resource_def schema_resources[RES_COUNT] = {
	[RES_UNITS] = {"units", "units.csv", units_fields, N(units_fields), "id",
		       "Organisational units", 1},
	[RES_FUNCTIONS] = {"functions", "functions.csv", functions_fields, N(functions_fields),
			   "unit,seq", "Functions of units", 1},
	[RES_NODES] = {"nodes", "nodes.csv", nodes_fields, N(nodes_fields), "id", "Plan tree", 1},
	[RES_FIELDS] = {"fields", "fields.csv", fields_fields, N(fields_fields), "node,seq",
			"Fields of nodes", 1},
	[RES_TEXTS] = {"texts", "texts.csv", texts_fields, N(texts_fields), "node,section,seq",
		       "Narrative", 1},
	[RES_MILESTONES] = {"milestones", "milestones.csv", milestones_fields, N(milestones_fields),
			    "node,seq", "Milestones", 1},
	[RES_DIMENSIONS] = {"dimensions", "dimensions.csv", dimensions_fields, N(dimensions_fields),
			    "id", "Dimensions", 1},
	[RES_MEMBERS] = {"members", "members.csv", members_fields, N(members_fields),
			 "dimension,id", "Members of dimensions", 1},
	[RES_MEASURES] = {"measures", "measures.csv", measures_fields, N(measures_fields), "id",
			  "Measures"},
	[RES_FACTS] = {"facts", "facts.csv", facts_fields, N(facts_fields),
		       "measure,coords,period,kind,table", "Facts"},
	[RES_RULES] = {"rules", "rules.csv", rules_fields, N(rules_fields), "id", "Rules", 1},
	[RES_UNCOVERED] = {"uncovered", "uncovered.csv", uncovered_fields, N(uncovered_fields),
			   "source,token", "Printed numbers not carried, with reasons", 1},
	[RES_TABLES] = {"tables", "tables.csv", tables_fields, N(tables_fields), "id",
			"Printed tables", 1},
};

int schema_fields_min(const struct resource_def *r)
{
	int n = r->n_fields;
	while (n > 0 && r->fields[n - 1].required == FIELD_MAY_BE_ABSENT)
		n--;
	return n;
}

int schema_field_index(const struct resource_def *r, const char *name)
{
	for (int i = 0; i < r->n_fields; i++)
		if (strcmp(r->fields[i].name, name) == 0)
			return i;
	return -1;
}
