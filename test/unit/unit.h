/*
 * unit.h
 *	  A minimal harness for the pure-C unit tests (parser, rule engine): CHECK counts
 *	  passes and failures, unit_main.c prints "N passed, N failed".
 */
#ifndef GOVINFO_UNIT_H
#define GOVINFO_UNIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "parse.h"

extern int	unit_passed;
extern int	unit_failed;
extern const char *unit_root;	/* the source tree (test/ is below it) */

#define CHECK(cond, ...) \
	do { \
		if (cond) \
			unit_passed++; \
		else \
		{ \
			unit_failed++; \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
		} \
	} while (0)

/* helpers (unit_main.c) */
extern char *unit_read_file(const char *path, size_t *len);
extern int	unit_code_pos(const GiTemplate *t, const char *code);
extern bool unit_cell(const GiParseResult *r, const char *code, long long *v);
extern bool unit_log_has(const GiParseResult *r, const char *severity, const char *needle);
extern const char *unit_log_message(const GiParseResult *r, const char *severity, const char *label,
									 const char *raw);
extern bool unit_valid_utf8(const char *s);
extern void unit_dump_log(const GiParseResult *r);

/* the suites */
extern void test_fixtures(void);
extern void test_cells(void);
extern void test_layouts(void);
extern void test_narrative(void);
extern void test_robust(void);
extern void test_rules(void);
extern void test_locate(void);
extern void test_agency(void);
extern void test_runs(void);
extern void test_wrapped(void);

#endif							/* GOVINFO_UNIT_H */
