/*
 * unit_main.c
 *	  Runs the parser's and the rule engine's unit suites (no server) and prints "N passed, N failed";
 *	  exits non-zero on any failure.  Usage: unit_tests [SOURCE_ROOT]
 */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

int			unit_passed;
int			unit_failed;
const char *unit_root = ".";

/* The 0-based cell position of a code (a stored cell), or -1. */
int
unit_code_pos(const GiTemplate *t, const char *code)
{
	int			c = gi_code_lookup(t, code, (int) strlen(code));

	return c < 0 ? -1 : t->codes[c].pos;
}

/* The value of a cell of a parsed report; false when NULL or unknown. */
bool
unit_cell(const GiParseResult *r, const char *code, long long *v)
{
	int			pos;

	if (r == NULL || r->template == NULL)
		return false;
	pos = unit_code_pos(r->template, code);
	if (pos < 0 || r->nulls[pos])
		return false;
	*v = (long long) r->vals[pos];
	return true;
}

/* The message of the log entry of that severity whose label and raw are these; NULL when none. */
const char *
unit_log_message(const GiParseResult *r, const char *severity, const char *label, const char *raw)
{
	for (int i = 0; r != NULL && i < r->nlog; i++)
		if (strcmp(r->log[i].severity, severity) == 0 && strcmp(r->log[i].label, label) == 0 &&
			strcmp(r->log[i].raw, raw) == 0)
			return r->log[i].message;
	return NULL;
}

/* Is there a log entry of that severity (NULL = any) whose message, label or raw contains needle? */
bool
unit_log_has(const GiParseResult *r, const char *severity, const char *needle)
{
	for (int i = 0; r != NULL && i < r->nlog; i++)
	{
		const GiParseLogEntry *e = &r->log[i];

		if (severity != NULL && strcmp(e->severity, severity) != 0)
			continue;
		if (strstr(e->message, needle) || strstr(e->label, needle) || strstr(e->raw, needle))
			return true;
	}
	return false;
}

bool
unit_valid_utf8(const char *s)
{
	size_t		n = strlen(s);

	for (size_t i = 0; i < n;)
	{
		uint32_t	cp;
		int			k = gi_utf8_decode((const unsigned char *) s + i, n - i, &cp);

		if (cp == 0xFFFD && !(k == 3 && (unsigned char) s[i] == 0xEF))
			return false;
		i += (size_t) k;
	}
	return true;
}

void
unit_dump_log(const GiParseResult *r)
{
	for (int i = 0; r != NULL && i < r->nlog; i++)
		fprintf(stderr, "    %s [%s] {%s} <%s> %s\n", r->log[i].severity, r->log[i].section,
				r->log[i].label, r->log[i].raw, r->log[i].message);
}

int
main(int argc, char **argv)
{
	if (argc > 1)
		unit_root = argv[1];
	test_fixtures();
	test_cells();
	test_layouts();
	test_narrative();
	test_robust();
	test_rules();
	test_locate();
	test_agency();
	test_runs();
	test_wrapped();
	printf("%d passed, %d failed\n", unit_passed, unit_failed);
	return unit_failed == 0 ? 0 : 1;
}
