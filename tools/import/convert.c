/*
 * convert.c
 *	  The converters of govinfo-import, one per kind of file that is not
 *	  text: pandoc for .docx, pdftotext for .pdf (and, with --ocr, pdftoppm
 *	  and tesseract for a PDF without a text layer), LibreOffice for .doc,
 *	  .wps, .xls and .xlsx.  Each gives HTML or text that the parser reads;
 *	  a converter that is not installed is named with its Debian package.
 */
#define _GNU_SOURCE
#include "convert.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* pandoc and LibreOffice write HTML: the parser reads HTML tables cell by cell. */
#define GI_PANDOC_TO "html"

/* OCR: the resolution pages are rasterised at, and the most pages read. */
#define GI_OCR_DPI "300"
#define GI_OCR_MAX_PAGES 60

/* A converter, and where it comes from. */
typedef struct Tool
{
	const char *name;			/* program name */
	const char *envvar;			/* overrides the path */
	const char *package;		/* the Debian package that installs it */
} Tool;

static const Tool t_pandoc = {"pandoc", "GOVINFO_PANDOC", "pandoc"};
static const Tool t_pdftotext = {"pdftotext", "GOVINFO_PDFTOTEXT", "poppler-utils"};
static const Tool t_pdftoppm = {"pdftoppm", "GOVINFO_PDFTOPPM", "poppler-utils"};
static const Tool t_tesseract = {"tesseract", "GOVINFO_TESSERACT", "tesseract-ocr"};
static const Tool t_soffice = {"soffice", "GOVINFO_SOFFICE", NULL};

/* The extension of path, lower case, for messages ("doc"); a static buffer. */
static const char *
ext_of(const char *path)
{
	static char ext[8];
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');
	size_t		i;

	ext[0] = '\0';
	if (dot == NULL || strlen(dot + 1) >= sizeof(ext))
		return ext;
	for (i = 0; dot[1 + i]; i++)
		ext[i] = (char) (dot[1 + i] >= 'A' && dot[1 + i] <= 'Z' ? dot[1 + i] + 32 : dot[1 + i]);
	ext[i] = '\0';
	return ext;
}

/* Find tool, or fail with 0A000 naming its package; why says what it is for. */
static char *
need_tool(const Tool *t, const char *package, const char *why, GiFile *f)
{
	char	   *p = gi_tool_find(t->envvar, t->name);

	if (p == NULL)
		gi_fail(f, "0A000", "%s is not installed: %s (install the %s package, or set %s to its path)",
				t->name, why, package ? package : t->package, t->envvar);
	return p;
}

/* The file argument for a converter: /dev/fd/3 when f's descriptor is open, else path. */
static char *
input_arg(const char *path, const GiFile *f)
{
	if (f->fd >= 0 && access("/dev/fd", F_OK) == 0)
		return gi_strdup(GI_TOOL_INPUT_PATH);
	/* a relative name starting with '-' must not look like an option */
	return path[0] == '-' ? gi_printf("./%s", path) : gi_strdup(path);
}

static int
input_fd(const GiFile *f)
{
	return f->fd >= 0 && access("/dev/fd", F_OK) == 0 ? f->fd : -1;
}

/* ----------------------------------------------------------------------------
 * .docx: pandoc
 * ----------------------------------------------------------------------------
 */

static bool
convert_docx(const char *path, GiFile *f, char **raw, size_t *len)
{
	char	   *tool = need_tool(&t_pandoc, NULL, ".docx files are converted with pandoc", f);
	char	   *arg;
	bool		ok;

	if (tool == NULL)
		return false;
	arg = input_arg(path, f);
	{
		char	   *argv[] = {tool, "--from=docx", "--to=" GI_PANDOC_TO, "--wrap=none", arg, NULL};

		ok = gi_tool_run("pandoc", argv, input_fd(f), NULL, raw, len, f);
	}
	free(arg);
	free(tool);
	if (ok && *len == 0)
	{
		free(*raw);
		return gi_fail(f, "22000", "pandoc found no text in the file");
	}
	return ok;
}

/* ----------------------------------------------------------------------------
 * .doc, .wps, .xls, .xlsx: LibreOffice
 *
 * soffice --convert-to html: Writer keeps a table as a table, Calc writes
 * each sheet as an HTML table with every cell in place.  It runs in a
 * private directory with its own profile (-env:UserInstallation), so that
 * two imports, or a LibreOffice the user has open, never share one, on a
 * copy of the bytes that were hashed under a fixed name.
 * ----------------------------------------------------------------------------
 */

/* "file://" URL of an absolute path, every byte but [A-Za-z0-9/._-] percent-encoded. */
static char *
file_url(const char *path)
{
	size_t		n = strlen(path);
	char	   *u = gi_malloc(7 + 3 * n + 1);
	size_t		o = 0;
	size_t		i;

	memcpy(u, "file://", 7);
	o = 7;
	for (i = 0; i < n; i++)
	{
		unsigned char c = (unsigned char) path[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			c == '/' || c == '.' || c == '_' || c == '-')
			u[o++] = (char) c;
		else
			o += (size_t) sprintf(u + o, "%%%02X", c);
	}
	u[o] = '\0';
	return u;
}

static bool
convert_office(const char *path, GiKind kind, GiFile *f, char **raw, size_t *len)
{
	bool		sheet = kind == GI_KIND_SHEET;
	const char *pkg = sheet ? "libreoffice-calc-nogui" : "libreoffice-writer-nogui";
	char	   *why = gi_printf(".%s files are converted with LibreOffice", ext_of(path));
	char	   *tool = need_tool(&t_soffice, pkg, why, f);
	char	   *dir = NULL,
			   *in = NULL,
			   *outdir = NULL,
			   *out = NULL,
			   *profile = NULL;
	int			r;
	bool		ok = false;

	free(why);
	if (tool == NULL)
		return false;
	if ((dir = gi_tmpdir_make(f)) == NULL)
		goto done;
	/* the extension tells LibreOffice what to expect; the content decides */
	if (sheet)
		in = gi_printf("%s/in.%s", dir, strcmp(ext_of(path), "xlsx") == 0 ? "xlsx" : "xls");
	else
		in = gi_printf("%s/in.%s", dir, strcmp(ext_of(path), "wps") == 0 ? "wps" : "doc");
	outdir = gi_printf("%s/out", dir);
	out = gi_printf("%s/out/in.html", dir);
	{
		char	   *url = file_url(dir);

		profile = gi_printf("-env:UserInstallation=%s/profile", url);
		free(url);
	}
	if (!gi_write_new(in, f->bytes, f->len, f))
		goto done;
	{
		char	   *argv[] = {tool, "--headless", "--norestore", "--nolockcheck", "--nodefault",
							  "--nologo", profile, "--convert-to", "html", "--outdir", outdir, in, NULL};

		if (!gi_tool_run("soffice", argv, -1, dir, NULL, NULL, f))
			goto done;
	}
	r = gi_read_output(out, "soffice", raw, len, f);
	if (r < 0)
		goto done;
	if (r == 0)
	{
		/* soffice says nothing useful when it cannot read a file, or lacks Writer or Calc */
		gi_fail(f, "58000", "LibreOffice could not convert the file: not a %s it can read, or %s is "
				"not installed (install the %s package)",
				sheet ? "spreadsheet" : "word-processor document", sheet ? "Calc" : "Writer", pkg);
		goto done;
	}
	if (*len == 0)
	{
		free(*raw);
		*raw = NULL;
		gi_fail(f, "22000", "LibreOffice found no text in the file");
		goto done;
	}
	snprintf(f->note, sizeof(f->note), "converted by LibreOffice");
	ok = true;
done:
	gi_tmpdir_remove(dir);
	free(in);
	free(outdir);
	free(out);
	free(profile);
	free(tool);
	return ok;
}

/* ----------------------------------------------------------------------------
 * .pdf: pdftotext -layout, or OCR
 * ----------------------------------------------------------------------------
 */

/* Does s hold anything but white space (and pdftotext's form feeds)? */
static bool
has_text(const char *s, size_t len)
{
	size_t		i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\f' && s[i] != '\v')
			return true;
	return false;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/* The page images pdftoppm wrote into dir ("page-01.pgm" ...), in page order. */
static GiList
page_images(const char *dir)
{
	GiList		pages = {0};
	DIR		   *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return pages;
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "page-", 5) == 0 && strlen(e->d_name) > 9 &&
			strcmp(e->d_name + strlen(e->d_name) - 4, ".pgm") == 0)
			gi_list_add(&pages, gi_printf("%s/%s", dir, e->d_name));
	closedir(d);
	/* pdftoppm pads the page numbers to one width: byte order is page order */
	if (pages.n > 1)
		qsort(pages.v, pages.n, sizeof(char *), cmp_str);
	return pages;
}

/* Skip white space and comments in a PNM header; false at the end. */
static bool
pnm_skip(const unsigned char *s, size_t len, size_t *pos)
{
	while (*pos < len)
	{
		if (s[*pos] == '#')
			while (*pos < len && s[*pos] != '\n')
				(*pos)++;
		else if (s[*pos] == ' ' || s[*pos] == '\t' || s[*pos] == '\n' || s[*pos] == '\r')
			(*pos)++;
		else
			return true;
	}
	return false;
}

static long
pnm_number(const unsigned char *s, size_t len, size_t *pos)
{
	long		v = 0;

	if (!pnm_skip(s, len, pos) || s[*pos] < '0' || s[*pos] > '9')
		return -1;
	while (*pos < len && s[*pos] >= '0' && s[*pos] <= '9' && v < 1000000)
		v = v * 10 + (s[(*pos)++] - '0');
	return v;
}

/*
 * Erase the table rules from a page image pdftoppm wrote (8-bit binary PGM),
 * in place.  A page that is not such a PGM is left as it is.
 */
static bool
clean_page(const char *file, GiFile *f)
{
	char	   *img;
	size_t		len;
	size_t		pos = 2;
	long		w,
				h,
				maxval;
	struct stat st;
	int			r;

	/* a page larger than the text limit (a poster) is read as it is */
	if (stat(file, &st) != 0 || (uintmax_t) st.st_size > (uintmax_t) GI_TOOL_OUTPUT_MAX)
		return true;
	r = gi_read_output(file, "pdftoppm", &img, &len, f);
	if (r <= 0)
		return r == 0;
	if (len < 2 || img[0] != 'P' || img[1] != '5' ||
		(w = pnm_number((unsigned char *) img, len, &pos)) <= 0 ||
		(h = pnm_number((unsigned char *) img, len, &pos)) <= 0 ||
		(maxval = pnm_number((unsigned char *) img, len, &pos)) != 255 ||
		pos + 1 + (size_t) w * (size_t) h > len)
	{
		free(img);
		return true;
	}
	pos++;						/* the one white-space byte before the pixels */
	gi_ocr_erase_rules((unsigned char *) img + pos, w, h, atol(GI_OCR_DPI) / 3);
	unlink(file);
	r = gi_write_new(file, img, len, f);
	free(img);
	return r;
}

/* Is the chi_sim language data installed for this tesseract? */
static bool
has_chi_sim(const char *tesseract, GiFile *f)
{
	char	   *argv[] = {(char *) tesseract, "--list-langs", NULL};
	char	   *out;
	size_t		len;
	bool		found;

	if (!gi_tool_run("tesseract", argv, -1, NULL, &out, &len, f))
		return false;
	found = strstr(out, "\nchi_sim\n") != NULL || strncmp(out, "chi_sim\n", 8) == 0 ||
		(len >= 8 && strcmp(out + len - 8, "\nchi_sim") == 0);
	free(out);
	if (!found)
		gi_fail(f, "0A000", "tesseract has no Chinese (chi_sim) language data: --ocr reads "
				"scanned reports with it (install the tesseract-ocr-chi-sim package)");
	return found;
}

/*
 * OCR: pdftoppm rasterises the pages at 300 dpi, the tables' rules are
 * erased (gi_ocr_erase_rules), tesseract reads each page with the
 * simplified-Chinese model and writes its words with their boxes (TSV),
 * and gi_ocr_layout puts them back into rows and columns.  What OCR misreads
 * is not corrected here: the parser's rules (totals, sums, continuity) flag
 * a figure that does not add up.
 */
static bool
convert_ocr(GiFile *f, char **raw, size_t *len)
{
	const char *why = "--ocr reads a scanned .pdf with pdftoppm and tesseract";
	char	   *ppm = need_tool(&t_pdftoppm, NULL, why, f);
	char	   *tess = ppm ? need_tool(&t_tesseract, NULL, why, f) : NULL;
	char	   *dir = NULL,
			   *prefix = NULL,
			   *text = NULL,
			   *maxp = NULL;
	size_t		tlen = 0;
	GiList		pages = {0};
	size_t		i;
	bool		ok = false;

	if (tess == NULL || !has_chi_sim(tess, f))
		goto done;
	if ((dir = gi_tmpdir_make(f)) == NULL)
		goto done;
	prefix = gi_printf("%s/page", dir);
	maxp = gi_printf("%d", GI_OCR_MAX_PAGES);
	{
		char	   *argv[] = {ppm, "-r", GI_OCR_DPI, "-gray", "-l", maxp,
							  GI_TOOL_INPUT_PATH, prefix, NULL};

		if (!gi_tool_run("pdftoppm", argv, f->fd, dir, NULL, NULL, f))
			goto done;
	}
	pages = page_images(dir);
	if (pages.n == 0)
	{
		gi_fail(f, "22000", "pdftoppm found no page in the file");
		goto done;
	}
	for (i = 0; i < pages.n; i++)
	{
		char	   *argv[] = {tess, pages.v[i], "stdout", "-l", "chi_sim", "--psm", "6", "tsv", NULL};
		char	   *tsv;
		size_t		tsvlen;
		char	   *page;
		size_t		plen;

		if (!clean_page(pages.v[i], f) ||
			!gi_tool_run("tesseract", argv, -1, dir, &tsv, &tsvlen, f))
			goto done;
		page = gi_ocr_layout(tsv, &plen);
		free(tsv);
		if (tlen + plen + 2 > GI_TOOL_OUTPUT_MAX)
		{
			free(page);
			gi_fail(f, "54000", "OCR read more than %d MiB of text, the most govinfo.parse_report reads",
					GI_PARSE_MAX_MIB);
			goto done;
		}
		text = gi_realloc(text, tlen + plen + 2);
		memcpy(text + tlen, page, plen);
		tlen += plen;
		if (i + 1 < pages.n)
			text[tlen++] = '\f';
		text[tlen] = '\0';
		free(page);
	}
	if (!has_text(text, tlen))
	{
		gi_fail(f, "22000", "OCR found no text on the %zu page%s of the file", pages.n,
				pages.n == 1 ? "" : "s");
		goto done;
	}
	snprintf(f->note, sizeof(f->note), "read by OCR (%zu page%s%s)", pages.n, pages.n == 1 ? "" : "s",
			 pages.n == GI_OCR_MAX_PAGES ? ", the most read" : "");
	*raw = text;
	*len = tlen;
	text = NULL;
	ok = true;
done:
	gi_list_free(&pages);
	gi_tmpdir_remove(dir);
	free(prefix);
	free(maxp);
	free(text);
	free(ppm);
	free(tess);
	return ok;
}

static bool
convert_pdf(const char *path, bool ocr, GiFile *f, char **raw, size_t *len)
{
	char	   *tool = need_tool(&t_pdftotext, NULL, ".pdf files are converted with pdftotext", f);
	char	   *arg;
	bool		ok;

	if (tool == NULL)
		return false;
	arg = input_arg(path, f);
	{
		char	   *argv[] = {tool, "-layout", "-enc", "UTF-8", arg, "-", NULL};

		ok = gi_tool_run("pdftotext", argv, input_fd(f), NULL, raw, len, f);
	}
	free(arg);
	free(tool);
	if (!ok || has_text(*raw, *len))
		return ok;

	/* no text layer: a scan, or a PDF of images */
	free(*raw);
	*raw = NULL;
	if (!ocr)
		return gi_fail(f, "22000", "no text layer: a scan? use --ocr (pdftotext found no text in the file; "
					   "--ocr reads the pages with tesseract)");
	if (input_fd(f) < 0)
		return gi_fail(f, "58000", "--ocr needs /dev/fd to give the file to pdftoppm");
	return convert_ocr(f, raw, len);
}

bool
gi_convert(const char *path, GiKind kind, bool ocr, GiFile *f, char **raw, size_t *len)
{
	*raw = NULL;
	*len = 0;
	switch (kind)
	{
		case GI_KIND_DOCX:
			return convert_docx(path, f, raw, len);
		case GI_KIND_PDF:
			return convert_pdf(path, ocr, f, raw, len);
		case GI_KIND_DOC:
		case GI_KIND_SHEET:
			return convert_office(path, kind, f, raw, len);
		default:
			return gi_fail(f, "0A000", "no converter for this kind of file");
	}
}
