/*
 * test_robust.c
 *	  Hostile input: invalid UTF-8, NUL bytes, deep nesting, huge rows,
 *	  truncation at every point, random bytes.  Nothing may crash, every
 *	  string out must be valid UTF-8, and the work stays bounded.
 */
#include "unit.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "narrative.h"

static int	bad_strings;

static void
check_result(GiParseResult *r)
{
	GiConflict *c = NULL;
	int			n;

	if (r == NULL)
		return;
	for (int i = 0; i < r->nlog; i++)
		if (!unit_valid_utf8(r->log[i].message) || !unit_valid_utf8(r->log[i].label) ||
			!unit_valid_utf8(r->log[i].raw) || !unit_valid_utf8(r->log[i].section))
			bad_strings++;
	if (r->agency && !unit_valid_utf8(r->agency))
		bad_strings++;
	if (r->template)
		for (int p = 0; p < r->template->ncells; p++)
		{
			const GiCode *code = &r->template->codes[r->template->cell_code[p]];

			if (!r->nulls[p] && r->vals[p] < 0 && !r->template->rows[code->row].is_signed)
				bad_strings++;	/* a negative value where the sign rule forbids it */
		}
	n = gi_narrative_conflicts(NULL, 0, r, &c);
	for (int i = 0; i < n; i++)
		if (!unit_valid_utf8(c[i].excerpt))
			bad_strings++;
	gi_conflicts_free(c, n);
}

static void
parse_check(const char *buf, size_t len)
{
	GiParseResult *r = gi_parse(buf, len, NULL);

	check_result(r);
	gi_parse_free(r);
}

static char *
read_seed(size_t *len)
{
	char		path[1024];

	snprintf(path, sizeof(path), "%s/test/seed/2017-shandong-hrss.txt", unit_root);
	return unit_read_file(path, len);
}

void
test_robust(void)
{
	size_t		len;
	char	   *seed = read_seed(&len);
	char	   *buf;
	size_t		big = 3 * 1024 * 1024;
	unsigned	rnd = 12345;
	clock_t		t0;
	GiParseResult *r;
	long long	v;

	CHECK(seed != NULL, "seed readable");
	if (seed == NULL)
		return;
	bad_strings = 0;

	/* every prefix (a truncated upload) */
	for (size_t n = 0; n <= len; n += 97)
		parse_check(seed, n);
	CHECK(bad_strings == 0, "prefixes: valid output");

	/* NUL bytes and invalid UTF-8 sprinkled in */
	buf = malloc(len + 1);
	memcpy(buf, seed, len);
	for (size_t i = 0; i < len; i += 53)
		buf[i] = (i % 3 == 0) ? '\0' : (char) (0x80 + (i % 64));
	parse_check(buf, len);
	CHECK(bad_strings == 0, "NUL and invalid UTF-8: valid output");
	free(buf);

	/* the seed with invalid bytes only in its prose still parses fully */
	buf = malloc(len + 16);
	memcpy(buf, "\xff\xfe\xc0\xaf", 4);
	memcpy(buf + 4, seed, len);
	r = gi_parse(buf, len + 4, NULL);
	CHECK(r && r->status == GI_PARSE_OK && unit_cell(r, "apply.received", &v) && v == 90,
		  "leading garbage: the table is still read");
	check_result(r);
	gi_parse_free(r);
	free(buf);

	/* deep nesting, unclosed tags, a '<' without '>' */
	buf = malloc(big + 1);
	for (size_t i = 0; i + 7 <= big; i += 7)
		memcpy(buf + i, "<table>", 7);
	t0 = clock();
	parse_check(buf, big - big % 7);
	for (size_t i = 0; i < big; i++)
		buf[i] = (i % 2) ? '<' : 'a';
	parse_check(buf, big);
	for (size_t i = 0; i + 4 <= big; i += 4)
		memcpy(buf + i, "<td>", 4);
	parse_check(buf, big);
	for (size_t i = 0; i + 9 <= big; i += 9)
		memcpy(buf + i, "<tr><td>1", 9);
	parse_check(buf, big - big % 9);
	/* one huge row of bars, a huge line of digits, a sea of tabs and blank lines */
	memset(buf, '|', big);
	parse_check(buf, big);
	memset(buf, '7', big);
	parse_check(buf, big);
	for (size_t i = 0; i < big; i++)
		buf[i] = (i % 3 == 0) ? '\n' : (i % 3 == 1) ? '\t' : '5';
	parse_check(buf, big);
	for (size_t i = 0; i + 8 <= big; i += 8)
		memcpy(buf + i, "&#x3000;", 8);
	parse_check(buf, big);
	CHECK(bad_strings == 0, "pathological inputs: valid output");
	CHECK((double) (clock() - t0) / CLOCKS_PER_SEC < 60.0, "pathological inputs: bounded work");

	/* the seed 200 times over (about 3 MB): the densest table is read */
	{
		size_t		reps = 200,
					n = 0;

		free(buf);
		buf = malloc(len * reps + 1);
		for (size_t i = 0; i < reps; i++)
		{
			memcpy(buf + n, seed, len);
			n += len;
		}
		r = gi_parse(buf, n, NULL);
		CHECK(r && r->status == GI_PARSE_OK, "a 3 MB text parses");
		check_result(r);
		gi_parse_free(r);
	}

	/* random bytes, and random mutations of the seed */
	free(buf);
	buf = malloc(len + 1);
	for (int it = 0; it < 200; it++)
	{
		memcpy(buf, seed, len);
		for (int k = 0; k < 40; k++)
		{
			rnd = rnd * 1103515245u + 12345u;
			buf[(rnd >> 8) % len] = (char) (rnd >> 24);
		}
		parse_check(buf, len);
	}
	for (int it = 0; it < 50; it++)
	{
		size_t		n = 4096;

		for (size_t i = 0; i < n; i++)
		{
			rnd = rnd * 1103515245u + 12345u;
			buf[i] = (char) (rnd >> 24);
		}
		parse_check(buf, n);
	}
	CHECK(bad_strings == 0, "mutations and random bytes: valid output (%d bad)", bad_strings);
	free(buf);
	free(seed);
}
