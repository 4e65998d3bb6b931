/*
 * schema.h - the resources of a Jipyo data package and their fields.
 *
 * This table is the one description of the data model's columns: the CSV
 * reader checks headers and cell types against it, the writer emits the
 * Frictionless descriptor from it, the store maps it to SQL columns.
 * docs/DATA.md explains each field for people.
 */
#ifndef JY_SCHEMA_H
#define JY_SCHEMA_H

#include <stddef.h>

enum field_type {
	FT_TEXT,   /* any text */
	FT_ID,	   /* ASCII slug [a-z0-9][a-z0-9-]* */
	FT_INT,	   /* integer */
	FT_DEC,	   /* canonical exact decimal */
	FT_ENUM,   /* one of field_def.values ("a|b|c") */
	FT_SOURCE, /* FILE:LINE[;FILE:LINE…] */
	FT_ISODATE /* YYYY-MM-DD */
};

/* field_def.required: whether a row must fill the cell. */
enum field_need {
	FIELD_OPTIONAL = 0,
	FIELD_REQUIRED = 1,
	/* facts.source: required of a printed fact, empty for an entered one
	 * (entered_by set; see "provenance" in docs/DATA.md) */
	FIELD_REQUIRED_PRINTED = 2,
	/* optional, and a trailing column a package may leave out of its file
	 * and its descriptor: export writes it only when some row fills it,
	 * so a package without it is written back byte for byte */
	FIELD_MAY_BE_ABSENT = 3
};

struct field_def {
	const char *name;
	enum field_type type;
	int required;	    /* enum field_need */
	const char *values; /* FT_ENUM: allowed values separated by '|' */
	const char *ref;    /* "resource.field" this field refers to, or NULL */
	const char *title;  /* for the descriptor */
};

enum resource_id {
	RES_UNITS,
	RES_FUNCTIONS,
	RES_NODES,
	RES_FIELDS,
	RES_TEXTS,
	RES_MILESTONES,
	RES_DIMENSIONS,
	RES_MEMBERS,
	RES_MEASURES,
	RES_FACTS,
	RES_RULES,
	RES_UNCOVERED,
	RES_TABLES,
	RES_COUNT
};

struct resource_def {
	const char *name; /* resource name and table name */
	const char *path; /* file name in the package */
	const struct field_def *fields;
	int n_fields;
	const char *primary_key; /* "id", "unit,seq", … (comma separated) */
	const char *title;
	/* a package may leave it out (of its descriptor and its files): it is
	 * then empty, and export writes it only when it has rows */
	int optional;
};

extern const struct resource_def schema_resources[RES_COUNT];

/* How many of r's fields a package must have: the rest may be absent. */
int schema_fields_min(const struct resource_def *r);

/* Whether a package needs resource r: the ones every package uses. */
static inline int schema_resource_required(const struct resource_def *r)
{
	return !r->optional;
}

/* Index of the field called name in resource r, or -1. */
int schema_field_index(const struct resource_def *r, const char *name);

#endif
