/*
 * fuzz_parse.c
 *	  libFuzzer harness of the report-text parser and the prose-vs-table
 *	  check (built by `make fuzz` with ASan and UBSan).  Besides memory and
 *	  undefined-behaviour errors it aborts when an invariant of the result
 *	  breaks: strings that are not valid UTF-8, a negative value in a cell
 *	  that cannot be negative, a year out of range.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "narrative.h"
#include "parse.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
require_utf8(const char *s)
{
	size_t		n;

	if (s == NULL)
		abort();
	n = strlen(s);
	for (size_t i = 0; i < n;)
	{
		uint32_t	cp;
		int			k = gi_utf8_decode((const unsigned char *) s + i, n - i, &cp);

		/* U+FFFD may appear, encoded (EF BF BD); a raw invalid byte may not */
		if (cp == 0xFFFD && !(k == 3 && (unsigned char) s[i] == 0xEF))
			abort();
		i += (size_t) k;
	}
}

static void
check(const uint8_t *data, size_t size, const GiParseOptions *opt)
{
	GiParseResult *r = gi_parse_ex((const char *) data, size, opt);
	GiConflict *c = NULL;
	int			n;

	if (r == NULL)
		return;
	for (int i = 0; i < r->nlog; i++)
	{
		require_utf8(r->log[i].severity);
		require_utf8(r->log[i].section);
		require_utf8(r->log[i].label);
		require_utf8(r->log[i].raw);
		require_utf8(r->log[i].message);
	}
	if (r->agency)
		require_utf8(r->agency);
	if (r->year != 0 && (r->year < 1990 || r->year > 2100))
		abort();
	if (r->status == GI_PARSE_OK)
	{
		const GiTemplate *t = r->template;

		if (t == NULL || r->ncells != t->ncells)
			abort();
		for (int p = 0; p < t->ncells; p++)
			if (!r->nulls[p] && r->vals[p] < 0 && !t->rows[t->codes[t->cell_code[p]].row].is_signed)
				abort();
	}
	for (int i = 0, nl = gi_parse_nlines(r); i < nl; i++)
	{
		const char *s;
		int			l;
		bool		in;

		if (!gi_parse_line(r, i, &s, &l, &in) || l < 0)
			abort();
	}
	n = gi_narrative_conflicts((const char *) data, size, r, &c);
	for (int i = 0; i < n; i++)
	{
		require_utf8(c[i].excerpt);
		if (c[i].table_value == c[i].text_value)
			abort();
	}
	gi_conflicts_free(c, n);
	gi_parse_free(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GiParseOptions opt;

	memset(&opt, 0, sizeof(opt));
	check(data, size, &opt);
	/* the same text with a template forced, and a year given */
	if (size > 0 && size < 16384)
	{
		opt.template_name = gi_templates[data[0] % gi_ntemplates]->name;
		opt.year = 2000 + data[size - 1] % 30;
		check(data, size, &opt);
	}
	return 0;
}
