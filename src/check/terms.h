/*
 * terms.h - the term check: words of the report one jamo or letter away
 * from a name of the report's own glossary, as warnings (see terms.c).
 */
#ifndef JY_TERMS_H
#define JY_TERMS_H

#include "check.h"

/* Appends one warning finding ("term") per near-miss word to res, with the
 * sources of the rows that print it. */
void check_terms(const struct model *m, struct check_result *res);

#endif
