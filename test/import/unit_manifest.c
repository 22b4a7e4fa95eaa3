/*
 * unit_manifest.c
 *	  Unit tests of govinfo-import's manifest reader (tools/import/manifest.c),
 *	  no server: RFC 4180 quoting, line ends, the header row, and the
 *	  mistakes it reports with their line.  Run by `make unitcheck`; ends
 *	  with "N passed, N failed".
 */
#include "manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int	passed,
			failed;

static void
check_str(const char *name, const char *want, const char *got)
{
	if (got != NULL && want != NULL && strcmp(want, got) == 0)
	{
		passed++;
		printf("ok - %s\n", name);
	}
	else if (got == NULL && want == NULL)
	{
		passed++;
		printf("ok - %s\n", name);
	}
	else
	{
		failed++;
		printf("not ok - %s\n#   want: [%s]\n#   got:  [%s]\n", name, want ? want : "(null)", got ? got : "(null)");
	}
}

/* Parse text; the rows as "line:path|agency|region|level|year" (empty = NULL shown as -), or the error. */
static char *
rows_of(const char *text)
{
	GiManifest	m;
	char	   *err;
	char	   *out;
	size_t		len = 0;

	memset(&m, 0, sizeof(m));
	err = gi_manifest_parse("m.csv", text, strlen(text), &m);
	if (err)
	{
		gi_manifest_free(&m);
		return err;
	}
	out = calloc(1, 4096);
	for (size_t i = 0; i < m.n; i++)
	{
		len += (size_t) snprintf(out + len, 4096 - len, "%s%d:", i ? " / " : "", m.rows[i].line);
		for (int k = 0; k < GI_N_MCOLS; k++)
			len += (size_t) snprintf(out + len, 4096 - len, "%s%s", k ? "|" : "",
									 m.rows[i].field[k] ? m.rows[i].field[k] : "-");
	}
	gi_manifest_free(&m);
	return out;
}

static void
t(const char *name, const char *text, const char *want)
{
	char	   *got = rows_of(text);

	check_str(name, want, got);
	free(got);
}

int
main(void)
{
	t("positional fields, the later ones left out",
	  "a.txt,甲局,甲市,city,2021\nb/*.html,乙局\n",
	  "1:a.txt|甲局|甲市|city|2021 / 2:b/*.html|乙局|-|-|-");
	t("a header in another order, a subset of the columns",
	  "path,year,agency\nx.html,2019,丙局\n",
	  "2:x.html|丙局|-|-|2019");
	t("the header's names in any case",
	  "PATH,Agency\nx.html,丁局\n",
	  "2:x.html|丁局|-|-|-");
	t("quoted fields: a comma, a doubled quote, a line break; CRLF line ends",
	  "\"a, b.txt\",\"某\"\"局\"\"\",\"甲市,\r\n乙县\",county\r\nc.txt\r\n",
	  "1:a, b.txt|某\"局\"|甲市,\r\n乙县|county|- / 3:c.txt|-|-|-|-");
	t("a byte-order mark, blank lines and blanks around unquoted fields skipped",
	  "\xEF\xBB\xBFpath,agency\n\n  d.txt , 戊局 \n,,\n",
	  "3:d.txt|戊局|-|-|-");
	t("no line end at the end, an empty last field",
	  "e.txt,己局,,,",
	  "1:e.txt|己局|-|-|-");
	t("an unknown column, with its line",
	  "path,agency,province\n",
	  "m.csv, line 1: unknown column \"province\": the columns are path, agency, region, level, year");
	t("a column named twice",
	  "path,year,year\n",
	  "m.csv, line 1: column \"year\" is named twice");
	t("a bad year, with its line after a quoted line break",
	  "\"f\ng.txt\",庚局\nh.txt,,,,20x1\n",
	  "m.csv, line 3: invalid year \"20x1\": give a year such as 2021, or leave the field empty");
	t("a year out of range",
	  "h.txt,,,,1066\n",
	  "m.csv, line 1: invalid year \"1066\": give a year such as 2021, or leave the field empty");
	t("more fields than the header",
	  "path,agency\ni.txt,辛局,extra\n",
	  "m.csv, line 2: 3 fields, more than the header's 2");
	t("more fields than the columns",
	  "i.txt,a,b,c,2020,x\n",
	  "m.csv, line 1: 6 fields, more than the 5 columns path, agency, region, level, year");
	t("no path",
	  "j.txt\n,壬局\n",
	  "m.csv, line 2: no path");
	t("a quoted field not closed",
	  "k.txt\n\"l.txt,癸局\n",
	  "m.csv, line 2: a quoted field is not closed");
	t("text after a closing quote",
	  "\"m\"x.txt\n",
	  "m.csv, line 1: text after a quoted field's closing quote (write a quote inside a quoted field as \"\")");
	t("a quote inside an unquoted field",
	  "n\"o.txt\n",
	  "m.csv, line 1: a quote inside an unquoted field (quote the whole field, and double the quote)");
	t("not UTF-8 (GBK bytes)",
	  "p.txt\n\xBC\xD7,q\n",
	  "m.csv, line 2: not UTF-8 text (save the manifest as UTF-8)");
	t("no rows",
	  "path,agency\n\n",
	  "m.csv: no rows (each row names a file, a folder or a glob: path,agency,region,level,year)");
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
