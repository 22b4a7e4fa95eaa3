/*
 * manifest.c
 *	  govinfo-import --manifest: read a CSV manifest (RFC 4180, UTF-8, an
 *	  optional header row path,agency,region,level,year), check every row,
 *	  and expand each row's path or glob into the files to import, each with
 *	  the row it came from.  Every mistake is reported with its line before
 *	  anything is loaded: an unknown column, a bad year, a glob that matches
 *	  nothing, one file named by two rows with different values.
 */
#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "manifest.h"

/* The largest manifest read: a national corpus is some 10^5 rows of ~200 bytes. */
#define GI_MANIFEST_MAX_BYTES (256 * 1024 * 1024)

static const char *const col_name[GI_N_MCOLS] = {"path", "agency", "region", "level", "year"};

void
gi_manifest_free(GiManifest *m)
{
	for (size_t i = 0; i < m->n; i++)
		for (int k = 0; k < GI_N_MCOLS; k++)
			free(m->rows[i].field[k]);
	free(m->rows);
	gi_list_free(&m->files);
	free(m->row);
	memset(m, 0, sizeof(*m));
}

/* ----------------------------------------------------------------------------
 * CSV
 * ----------------------------------------------------------------------------
 */

/* One record as read: its fields (malloc'd) and where it starts. */
typedef struct Record
{
	int			line;
	char	  **f;
	size_t		n;
	size_t		cap;
} Record;

static void
record_add(Record *r, char *s)
{
	if (r->n == r->cap)
	{
		r->cap = r->cap ? r->cap * 2 : 8;
		r->f = gi_realloc(r->f, r->cap * sizeof(char *));
	}
	r->f[r->n++] = s;
}

static void
record_free(Record *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->f[i]);
	free(r->f);
	memset(r, 0, sizeof(*r));
}

/* A field: quoted fields as written, unquoted ones without surrounding blanks. */
static char *
field_copy(const char *s, size_t len, bool quoted)
{
	char	   *out;

	if (!quoted)
	{
		while (len > 0 && (*s == ' ' || *s == '\t'))
			s++, len--;
		while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
	}
	out = gi_malloc(len + 1);
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

/* Is the value a year govinfo-import takes (the range --year takes)? */
static bool
valid_year(const char *s)
{
	char	   *end;
	long		v;

	errno = 0;
	v = strtol(s, &end, 10);
	return errno == 0 && end != s && *end == '\0' && isdigit((unsigned char) s[0]) &&
		v >= 1900 && v <= 2200;
}

/*
 * Turn one record into a row of m (or the header into the column order).
 * Returns NULL or an error message.
 */
static char *
take_record(const char *name, Record *r, GiManifest *m, int *order, int *ncols, bool *header_seen)
{
	GiManifestRow row;
	bool		blank = true;

	for (size_t i = 0; i < r->n; i++)
		if (r->f[i][0] != '\0')
			blank = false;
	if (blank)
		return NULL;

	if (!*header_seen)
	{
		*header_seen = true;
		if (strcasecmp(r->f[0], "path") == 0)
		{
			bool		used[GI_N_MCOLS] = {false};

			for (size_t i = 0; i < r->n; i++)
			{
				int			k;

				for (k = 0; k < GI_N_MCOLS; k++)
					if (strcasecmp(r->f[i], col_name[k]) == 0)
						break;
				if (k == GI_N_MCOLS)
					return gi_printf("%s, line %d: unknown column \"%s\": the columns are path, agency, region, level, year",
									 name, r->line, r->f[i]);
				if (used[k])
					return gi_printf("%s, line %d: column \"%s\" is named twice", name, r->line, col_name[k]);
				used[k] = true;
				order[i] = k;
			}
			*ncols = (int) r->n;
			return NULL;
		}
	}

	if ((int) r->n > *ncols)
		return *ncols == GI_N_MCOLS ?
			gi_printf("%s, line %d: %zu fields, more than the %d columns path, agency, region, level, year",
					  name, r->line, r->n, GI_N_MCOLS) :
			gi_printf("%s, line %d: %zu fields, more than the header's %d", name, r->line, r->n, *ncols);

	memset(&row, 0, sizeof(row));
	row.line = r->line;
	for (size_t i = 0; i < r->n; i++)
	{
		if (r->f[i][0] != '\0')
		{
			row.field[order[i]] = r->f[i];
			r->f[i] = NULL;
		}
	}
	if (row.field[GI_MCOL_PATH] == NULL)
	{
		for (int k = 0; k < GI_N_MCOLS; k++)
			free(row.field[k]);
		return gi_printf("%s, line %d: no path", name, r->line);
	}
	if (row.field[GI_MCOL_YEAR] != NULL && !valid_year(row.field[GI_MCOL_YEAR]))
	{
		char	   *msg = gi_printf("%s, line %d: invalid year \"%s\": give a year such as 2021, or leave the field empty",
									name, r->line, row.field[GI_MCOL_YEAR]);

		for (int k = 0; k < GI_N_MCOLS; k++)
			free(row.field[k]);
		return msg;
	}
	if (m->n % 64 == 0)
		m->rows = gi_realloc(m->rows, (m->n + 64) * sizeof(GiManifestRow));
	m->rows[m->n++] = row;
	return NULL;
}

char *
gi_manifest_parse(const char *name, const char *text, size_t len, GiManifest *m)
{
	const char *p = text;
	const char *end = text + len;
	int			line = 1;
	int			order[64];
	int			ncols = GI_N_MCOLS;
	bool		header_seen = false;
	Record		r = {0};
	char	   *err = NULL;
	size_t		valid;

	for (int k = 0; k < GI_N_MCOLS; k++)
		order[k] = k;

	valid = gi_utf8_valid_prefix((const unsigned char *) text, len);
	if (valid < len || memchr(text, '\0', len) != NULL)
	{
		size_t		bad = valid < len ? valid : (size_t) ((const char *) memchr(text, '\0', len) - text);

		for (size_t i = 0; i < bad; i++)
			if (text[i] == '\n')
				line++;
		return gi_printf("%s, line %d: not UTF-8 text (save the manifest as UTF-8)", name, line);
	}
	/* a byte order mark, as spreadsheet programs write */
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;

	r.line = line;
	while (p < end && err == NULL)
	{
		/* one field */
		if (*p == '"')
		{
			const char *q = ++p;
			char	   *buf = gi_malloc((size_t) (end - p) + 1);
			size_t		bl = 0;
			int			start = line;

			for (;;)
			{
				if (q >= end)
				{
					free(buf);
					err = gi_printf("%s, line %d: a quoted field is not closed", name, start);
					break;
				}
				if (*q == '"')
				{
					if (q + 1 < end && q[1] == '"')
					{
						buf[bl++] = '"';
						q += 2;
						continue;
					}
					q++;
					break;
				}
				if (*q == '\n')
					line++;
				buf[bl++] = *q++;
			}
			if (err)
				break;
			/* blanks may follow the closing quote; anything else is a mistake */
			while (q < end && (*q == ' ' || *q == '\t'))
				q++;
			if (q < end && *q != ',' && *q != '\n' && *q != '\r')
			{
				free(buf);
				err = gi_printf("%s, line %d: text after a quoted field's closing quote (write a quote inside a quoted field as \"\")",
								name, line);
				break;
			}
			record_add(&r, field_copy(buf, bl, true));
			free(buf);
			p = q;
		}
		else
		{
			const char *q = p;

			while (q < end && *q != ',' && *q != '\n' && *q != '\r')
			{
				if (*q == '"')
				{
					err = gi_printf("%s, line %d: a quote inside an unquoted field (quote the whole field, and double the quote)",
									name, line);
					break;
				}
				q++;
			}
			if (err)
				break;
			record_add(&r, field_copy(p, (size_t) (q - p), false));
			p = q;
		}
		if ((size_t) r.n > sizeof(order) / sizeof(order[0]))
		{
			err = gi_printf("%s, line %d: too many fields", name, r.line);
			break;
		}

		/* after a field: a comma, the end of a record, or the end of the text */
		if (p < end && *p == ',')
		{
			p++;
			if (p == end)
				record_add(&r, gi_strdup(""));
			continue;
		}
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
		{
			p++;
			line++;
		}
		err = take_record(name, &r, m, order, &ncols, &header_seen);
		record_free(&r);
		r.line = line;
	}
	if (err == NULL && r.n > 0)
		err = take_record(name, &r, m, order, &ncols, &header_seen);
	record_free(&r);
	if (err == NULL && m->n == 0)
		err = gi_printf("%s: no rows (each row names a file, a folder or a glob: path,agency,region,level,year)", name);
	return err;
}

/* ----------------------------------------------------------------------------
 * Expanding the rows
 * ----------------------------------------------------------------------------
 */

/* The folder of path, with glob's special characters escaped; "" for the current one. */
static char *
folder_pattern(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t		l = slash ? (size_t) (slash - path) + 1 : 0;
	char	   *out = gi_malloc(2 * l + 1);
	size_t		o = 0;

	for (size_t i = 0; i < l; i++)
	{
		if (strchr("*?[]\\", path[i]))
			out[o++] = '\\';
		out[o++] = path[i];
	}
	out[o] = '\0';
	return out;
}

typedef struct Named
{
	char	   *real;			/* realpath of the file */
	size_t		idx;			/* in m->files */
} Named;

static int
named_cmp(const void *a, const void *b)
{
	const Named *x = a;
	const Named *y = b;
	int			c = strcmp(x->real, y->real);

	if (c != 0)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static bool
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/*
 * One file named by two rows: the same values, and the later naming is
 * dropped; other values, and it is an error.  Returns NULL or a message.
 */
static char *
check_twice(const char *name, GiManifest *m, bool *drop)
{
	Named	   *v = gi_malloc((m->files.n ? m->files.n : 1) * sizeof(Named));
	char	   *err = NULL;
	size_t		i;

	for (i = 0; i < m->files.n; i++)
	{
		char	   *rp = realpath(m->files.v[i], NULL);

		v[i].real = rp ? rp : gi_strdup(m->files.v[i]);
		v[i].idx = i;
	}
	qsort(v, m->files.n, sizeof(Named), named_cmp);
	for (i = 1; i < m->files.n && err == NULL; i++)
	{
		const GiManifestRow *a;
		const GiManifestRow *b;

		if (strcmp(v[i].real, v[i - 1].real) != 0)
			continue;
		a = &m->rows[m->row[v[i - 1].idx]];
		b = &m->rows[m->row[v[i].idx]];
		for (int k = GI_MCOL_AGENCY; k < GI_N_MCOLS; k++)
		{
			if (!same_str(a->field[k], b->field[k]))
			{
				const char *what = col_name[k];

				err = gi_printf("%s, line %d: %s is also named on line %d, with another %s (%s%s%s there, %s%s%s here)",
								name, b->line, m->files.v[v[i].idx], a->line, what,
								a->field[k] ? "\"" : "", a->field[k] ? a->field[k] : "none",
								a->field[k] ? "\"" : "",
								b->field[k] ? "\"" : "", b->field[k] ? b->field[k] : "none",
								b->field[k] ? "\"" : "");
				break;
			}
		}
		drop[v[i].idx] = true;
	}
	for (i = 0; i < m->files.n; i++)
		free(v[i].real);
	free(v);
	return err;
}

char *
gi_manifest_load(const char *path, GiManifest *m, int *ignored, GiNoteFn note)
{
	FILE	   *fp;
	char	   *text;
	size_t		len = 0;
	size_t		cap = 65536;
	char	   *err;
	char	   *dir;
	bool	   *drop;
	size_t		i,
				o;

	memset(m, 0, sizeof(*m));
	fp = fopen(path, "rb");
	if (fp == NULL)
		return gi_printf("%s: %s", path, strerror(errno));
	text = gi_malloc(cap);
	for (;;)
	{
		size_t		got;

		if (len == cap)
		{
			if (cap >= GI_MANIFEST_MAX_BYTES)
			{
				fclose(fp);
				free(text);
				return gi_printf("%s: larger than %d MB", path, GI_MANIFEST_MAX_BYTES / (1024 * 1024));
			}
			cap *= 2;
			text = gi_realloc(text, cap);
		}
		got = fread(text + len, 1, cap - len, fp);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(fp))
	{
		fclose(fp);
		free(text);
		return gi_printf("%s: could not read: %s", path, strerror(errno));
	}
	fclose(fp);

	err = gi_manifest_parse(path, text, len, m);
	free(text);
	if (err)
		return err;

	dir = folder_pattern(path);
	for (i = 0; i < m->n && err == NULL; i++)
	{
		const char *pat = m->rows[i].field[GI_MCOL_PATH];
		char	   *full = pat[0] == '/' ? gi_strdup(pat) : gi_printf("%s%s", dir, pat);
		glob_t		g;
		int			rc;
		size_t		before = m->files.n;

		memset(&g, 0, sizeof(g));
		rc = glob(full, 0, NULL, &g);
		if (rc == GLOB_NOMATCH)
			err = strpbrk(pat, "*?[") ?
				gi_printf("%s, line %d: \"%s\" matches no file", path, m->rows[i].line, pat) :
				gi_printf("%s, line %d: \"%s\": no such file or folder", path, m->rows[i].line, pat);
		else if (rc != 0)
			err = gi_printf("%s, line %d: \"%s\" could not be expanded (%s)", path, m->rows[i].line, pat,
							rc == GLOB_NOSPACE ? "out of memory" : "a folder could not be read");
		for (size_t k = 0; err == NULL && k < g.gl_pathc; k++)
		{
			int			bad = gi_collect(g.gl_pathv[k], &m->files, ignored, note);

			if (bad > 0)
				err = gi_printf("%s, line %d: \"%s\": a folder could not be read (see above)", path, m->rows[i].line, pat);
		}
		globfree(&g);
		free(full);
		m->row = gi_realloc(m->row, (m->files.n ? m->files.n : 1) * sizeof(size_t));
		for (size_t k = before; k < m->files.n; k++)
			m->row[k] = i;
	}
	free(dir);
	if (err)
		return err;

	drop = calloc(m->files.n ? m->files.n : 1, sizeof(bool));
	if (drop == NULL)
		return gi_strdup("out of memory");
	err = check_twice(path, m, drop);
	if (err == NULL)
	{
		/* keep the first naming of a file named twice the same way */
		for (i = 0, o = 0; i < m->files.n; i++)
		{
			if (drop[i])
			{
				free(m->files.v[i]);
				continue;
			}
			m->files.v[o] = m->files.v[i];
			m->files.follow[o] = m->files.follow[i];
			m->row[o] = m->row[i];
			o++;
		}
		m->files.n = o;
	}
	free(drop);
	return err;
}
