/*
 * test_fixtures.c
 *	  Every report of test/seed and test/fixtures parses to exactly the table
 *	  of its NAME.expected.tsv: the template, the agency, the year and every
 *	  cell (listed cells with their value, all others NULL).
 */
#include "unit.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"

#define MAX_EXP 400

typedef struct Expected
{
	char		template[32];
	char		agency[256];
	int			year;
	int			n;
	char		code[MAX_EXP][96];
	char		value[MAX_EXP][32];
} Expected;

static bool
read_expected(const char *path, Expected *e)
{
	size_t		len;
	char	   *buf = unit_read_file(path, &len),
			   *line,
			   *save = NULL;

	if (buf == NULL)
		return false;
	memset(e, 0, sizeof(*e));
	for (line = strtok_r(buf, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
	{
		char	   *p;

		if (line[0] == '#')
		{
			if ((p = strstr(line, "(template ")) != NULL)
				sscanf(p, "(template %31[^)])", e->template);
			if (strncmp(line, "# agency ", 9) == 0 && (p = strstr(line, ", year ")) != NULL)
			{
				size_t		n = (size_t) (p - (line + 9));

				if (n >= sizeof(e->agency))
					n = sizeof(e->agency) - 1;
				memcpy(e->agency, line + 9, n);
				e->agency[n] = '\0';
				e->year = atoi(p + 7);
			}
			continue;
		}
		if ((p = strchr(line, '\t')) == NULL || e->n >= MAX_EXP)
			continue;
		*p = '\0';
		snprintf(e->code[e->n], sizeof(e->code[0]), "%s", line);
		snprintf(e->value[e->n], sizeof(e->value[0]), "%s", p + 1);
		e->n++;
	}
	free(buf);
	return true;
}

static void
check_fixture(const char *dir, const char *stem)
{
	char		path[1024];
	Expected   *e = malloc(sizeof(Expected));
	char	   *content = NULL;
	size_t		len = 0;
	GiParseResult *r;
	int			bad = 0;
	const GiTemplate *t;

	snprintf(path, sizeof(path), "%s/%s.expected.tsv", dir, stem);
	if (e == NULL || !read_expected(path, e))
	{
		CHECK(false, "%s: cannot read", path);
		free(e);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s.txt", dir, stem);
	content = unit_read_file(path, &len);
	if (content == NULL)
	{
		snprintf(path, sizeof(path), "%s/%s.html", dir, stem);
		content = unit_read_file(path, &len);
	}
	CHECK(content != NULL, "%s: no .txt or .html beside the expected table", stem);
	if (content == NULL)
	{
		free(e);
		return;
	}
	r = gi_parse(content, len, NULL);
	CHECK(r != NULL && r->status == GI_PARSE_OK, "%s: parse status %d", stem, r ? (int) r->status : -1);
	if (r == NULL || r->status != GI_PARSE_OK)
	{
		unit_dump_log(r);
		gi_parse_free(r);
		free(content);
		free(e);
		return;
	}
	t = r->template;
	CHECK(strcmp(t->name, e->template) == 0, "%s: template %s, expected %s", stem, t->name, e->template);
	CHECK(r->agency != NULL && strcmp(r->agency, e->agency) == 0, "%s: agency '%s', expected '%s'",
		  stem, r->agency ? r->agency : "(null)", e->agency);
	CHECK(r->year == e->year, "%s: year %d, expected %d", stem, r->year, e->year);
	if (strcmp(t->name, e->template) == 0)
	{
		bool	   *listed = calloc((size_t) t->ncells + 1, sizeof(bool));

		for (int k = 0; k < e->n; k++)
		{
			int			c = gi_code_lookup(t, e->code[k], (int) strlen(e->code[k]));
			int			pos = c >= 0 ? t->codes[c].pos : -1;
			int64_t		want;
			int			scale = c >= 0 ? t->rows[t->codes[c].row].scale : 1;

			if (pos < 0 || gi_parse_decimal(e->value[k], (int) strlen(e->value[k]), scale, &want) != GI_NUM_OK)
			{
				fprintf(stderr, "    %s: bad expected line %s %s\n", stem, e->code[k], e->value[k]);
				bad++;
				continue;
			}
			listed[pos] = true;
			if (r->nulls[pos] || r->vals[pos] != want)
			{
				if (bad++ < 10)
					fprintf(stderr, "    %s: %s = %s, expected %s\n", stem, e->code[k],
							r->nulls[pos] ? "NULL" : "(other)", e->value[k]);
			}
		}
		for (int p = 0; p < t->ncells; p++)
			if (!listed[p] && !r->nulls[p])
			{
				if (bad++ < 10)
					fprintf(stderr, "    %s: %s = %lld, expected NULL\n", stem,
							t->codes[t->cell_code[p]].code, (long long) r->vals[p]);
			}
		free(listed);
		CHECK(bad == 0, "%s: %d cells differ from %s.expected.tsv (%d listed)", stem, bad, stem, e->n);
		if (bad)
			unit_dump_log(r);
	}
	{
		int			invalid = 0;	/* (not bad: a cell that differs is no invalid string) */

		for (int i = 0; i < r->nlog; i++)
			if (!unit_valid_utf8(r->log[i].message) || !unit_valid_utf8(r->log[i].label) ||
				!unit_valid_utf8(r->log[i].raw))
				invalid++;
		CHECK(invalid == 0, "%s: log strings are valid UTF-8", stem);
	}
	gi_parse_free(r);
	free(content);
	free(e);
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

static int
run_dir(const char *sub)
{
	char		dir[1024];
	DIR		   *d;
	struct dirent *de;
	char	   *names[256];
	int			n = 0;

	snprintf(dir, sizeof(dir), "%s/%s", unit_root, sub);
	d = opendir(dir);
	CHECK(d != NULL, "cannot open %s", dir);
	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL && n < 256)
	{
		size_t		l = strlen(de->d_name);
		const char *suffix = ".expected.tsv";
		size_t		sl = strlen(suffix);

		if (l > sl && strcmp(de->d_name + l - sl, suffix) == 0)
		{
			names[n] = malloc(l - sl + 1);
			memcpy(names[n], de->d_name, l - sl);
			names[n][l - sl] = '\0';
			n++;
		}
	}
	closedir(d);
	qsort(names, (size_t) n, sizeof(char *), cmpstr);
	for (int i = 0; i < n; i++)
	{
		check_fixture(dir, names[i]);
		free(names[i]);
	}
	return n;
}

void
test_fixtures(void)
{
	int			nseed = run_dir("test/seed");
	int			nfix = run_dir("test/fixtures");

	CHECK(nseed >= 1, "the seed report is there");
	CHECK(nfix >= 8, "the fixtures are there (%d)", nfix);
}
