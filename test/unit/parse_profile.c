/*
 * parse_profile.c
 *	  A driver of the report-text parser outside the server, for profiling
 *	  (valgrind --tool=callgrind, perf) and for comparing two builds of the
 *	  parser result for result.  Not a unit test: the whole file is compiled
 *	  only with -DGI_PARSE_PROFILE_MAIN (make parse-profile); in the unit-test
 *	  binary it is empty.
 *
 *	  parse_profile [-n N] [-t TEMPLATE] [-y YEAR] [-L] [-N] FILE...
 *	      parse the FILEs in turn, N rounds (default 1), and print the time
 *	      per parse of each file and of all; -L parses values only (no log: what
 *	      parse_report does), -N also runs the narrative check.
 *	  parse_profile -d [-L] [-N] FILE...
 *	      write every result in full (status, template, agency, year, each
 *	      cell, each log entry, each line's length and table flag, and with
 *	      -N the narrative conflicts) to stdout, to diff two builds.
 */
#ifdef GI_PARSE_PROFILE_MAIN

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "narrative.h"
#include "parse.h"
#include "unit.h"

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec * 1e6 + (double) ts.tv_nsec / 1e3;
}

static void
dump(const char *name, const char *buf, size_t len, const GiParseOptions *opt, bool narr)
{
	GiParseResult *r = gi_parse_ex(buf, len, opt);

	printf("== %s\n", name);
	if (r == NULL)
	{
		printf("NULL\n");
		return;
	}
	printf("status %d template %s agency %s year %d ncells %d nmapped %d\n",
		   (int) r->status, r->template ? r->template->name : "-",
		   r->agency ? r->agency : "-", r->year, r->ncells, r->nmapped);
	for (int p = 0; p < r->ncells; p++)
		if (!r->nulls[p])
			printf("cell %d %lld\n", p, (long long) r->vals[p]);
	for (int i = 0; i < r->nlog; i++)
		printf("log %s|%s|%s|%s|%s\n", r->log[i].severity, r->log[i].section,
			   r->log[i].label, r->log[i].raw, r->log[i].message);
	for (int i = 0, nl = gi_parse_nlines(r); i < nl; i++)
	{
		const char *s;
		int			l;
		bool		in;

		if (gi_parse_line(r, i, &s, &l, &in))
			printf("line %d %d %d %.*s\n", i, l, (int) in, l, s);
	}
	if (narr)
	{
		GiConflict *c = NULL;
		int			n = gi_narrative_conflicts(buf, len, r, &c);

		printf("conflicts %d\n", n);
		for (int i = 0; i < n; i++)
			printf("conflict %s %lld %lld %s\n", c[i].code_name, (long long) c[i].table_value,
				   (long long) c[i].text_value, c[i].excerpt);
		gi_conflicts_free(c, n);
	}
	gi_parse_free(r);
}

int
main(int argc, char **argv)
{
	GiParseOptions opt;
	int			iters = 1,
				a = 1,
				nfiles = 0;
	bool		do_dump = false,
				narr = false;
	double		total = 0;
	size_t		bytes = 0;

	memset(&opt, 0, sizeof(opt));
	for (; a < argc && argv[a][0] == '-'; a++)
	{
		if (strcmp(argv[a], "-n") == 0 && a + 1 < argc)
			iters = atoi(argv[++a]);
		else if (strcmp(argv[a], "-t") == 0 && a + 1 < argc)
			opt.template_name = argv[++a];
		else if (strcmp(argv[a], "-y") == 0 && a + 1 < argc)
			opt.year = atoi(argv[++a]);
		else if (strcmp(argv[a], "-d") == 0)
			do_dump = true;
		else if (strcmp(argv[a], "-N") == 0)
			narr = true;
		else if (strcmp(argv[a], "-L") == 0)
			opt.values_only = true;
		else
		{
			fprintf(stderr, "usage: %s [-n N] [-t TEMPLATE] [-y YEAR] [-d] [-L] [-N] FILE...\n", argv[0]);
			return 2;
		}
	}
	if (iters < 1)
		iters = 1;
	if (do_dump)
	{
		for (; a < argc; a++)
		{
			size_t		len;
			char	   *buf = unit_read_file(argv[a], &len);

			if (buf == NULL)
			{
				fprintf(stderr, "cannot read %s\n", argv[a]);
				return 1;
			}
			dump(argv[a], buf, len, &opt, narr);
			free(buf);
		}
		return 0;
	}
	/* all files read first, then parsed in turn N times (not one file N times in a row) */
	nfiles = argc - a;
	{
		char	  **bufs = calloc((size_t) nfiles + 1, sizeof(char *));
		size_t	   *lens = calloc((size_t) nfiles + 1, sizeof(size_t));
		double	   *us = calloc((size_t) nfiles + 1, sizeof(double));
		int		   *status = calloc((size_t) nfiles + 1, sizeof(int));

		if (bufs == NULL || lens == NULL || us == NULL || status == NULL)
			return 1;
		for (int f = 0; f < nfiles; f++)
		{
			bufs[f] = unit_read_file(argv[a + f], &lens[f]);
			if (bufs[f] == NULL)
			{
				fprintf(stderr, "cannot read %s\n", argv[a + f]);
				return 1;
			}
			bytes += lens[f];
		}
		for (int i = 0; i < iters; i++)
			for (int f = 0; f < nfiles; f++)
			{
				double		t0 = now_us();
				GiParseResult *r = gi_parse_ex(bufs[f], lens[f], &opt);

				if (narr && r != NULL)
				{
					GiConflict *c = NULL;
					int			n = gi_narrative_conflicts(bufs[f], lens[f], r, &c);

					gi_conflicts_free(c, n);
				}
				status[f] = r ? (int) r->status : -1;
				gi_parse_free(r);
				us[f] += now_us() - t0;
			}
		for (int f = 0; f < nfiles; f++)
		{
			printf("%-60s %8zu bytes  status %d  %9.1f us/parse\n", argv[a + f], lens[f], status[f], us[f] / iters);
			total += us[f] / iters;
			free(bufs[f]);
		}
		free(bufs);
		free(lens);
		free(us);
		free(status);
	}
	if (nfiles > 0)
		printf("%d files, %zu bytes: %.1f us/parse on average, %.1f MB/s\n",
			   nfiles, bytes, total / nfiles, (double) bytes / total);
	return 0;
}

#else

/* Compiled into the unit tests: nothing (see the banner). */
typedef int gi_parse_profile_unused;

#endif							/* GI_PARSE_PROFILE_MAIN */
