/*
 * files.c
 *	  govinfo-import's file side: walk directories, read and hash a file,
 *	  convert it to UTF-8 text for govinfo.parse_report().  No libpq here, so
 *	  that none of this depends on a server.
 */
#define _GNU_SOURCE
#include "files.h"
#include "sha256.h"

#include "convert.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* ----------------------------------------------------------------------------
 * Small helpers
 * ----------------------------------------------------------------------------
 */

void *
gi_malloc(size_t n)
{
	void	   *p = malloc(n ? n : 1);

	if (p == NULL)
	{
		fprintf(stderr, "govinfo-import: out of memory\n");
		exit(2);
	}
	return p;
}

void *
gi_realloc(void *p, size_t n)
{
	void	   *q = realloc(p, n ? n : 1);

	if (q == NULL)
	{
		fprintf(stderr, "govinfo-import: out of memory\n");
		exit(2);
	}
	return q;
}

char *
gi_strdup(const char *s)
{
	size_t		n = strlen(s) + 1;
	char	   *d = gi_malloc(n);

	memcpy(d, s, n);
	return d;
}

char *
gi_vprintf(const char *fmt, va_list ap)
{
	va_list		ap2;
	int			n;
	char	   *s;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return gi_strdup(fmt);
	s = gi_malloc((size_t) n + 1);
	vsnprintf(s, (size_t) n + 1, fmt, ap);
	return s;
}

char *
gi_printf(const char *fmt,...)
{
	va_list		ap;
	char	   *s;

	va_start(ap, fmt);
	s = gi_vprintf(fmt, ap);
	va_end(ap);
	return s;
}

void
gi_list_add_file(GiList *l, char *s, bool follow)
{
	if (l->n == l->cap)
	{
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = gi_realloc(l->v, l->cap * sizeof(char *));
		l->follow = gi_realloc(l->follow, l->cap * sizeof(bool));
	}
	l->follow[l->n] = follow;
	l->v[l->n++] = s;
}

void
gi_list_add(GiList *l, char *s)
{
	gi_list_add_file(l, s, false);
}

void
gi_list_free(GiList *l)
{
	size_t		i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	free(l->follow);
	l->v = NULL;
	l->follow = NULL;
	l->n = l->cap = 0;
}

bool
gi_fail(GiFile *f, const char *sqlstate, const char *fmt,...)
{
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	free(f->error);
	f->error = gi_malloc((size_t) (n < 0 ? 0 : n) + 1);
	f->error[0] = '\0';
	va_start(ap, fmt);
	if (n >= 0)
		vsnprintf(f->error, (size_t) n + 1, fmt, ap);
	va_end(ap);
	f->sqlstate = sqlstate;
	return false;
}

/* ----------------------------------------------------------------------------
 * UTF-8
 * ----------------------------------------------------------------------------
 */

/*
 * Length of the longest valid UTF-8 prefix: no overlong forms, no surrogates,
 * nothing above U+10FFFF, no NUL (PostgreSQL's text cannot hold it).
 */
size_t
gi_utf8_valid_prefix(const unsigned char *s, size_t len)
{
	size_t		i = 0;

	while (i < len)
	{
		unsigned char c = s[i];
		size_t		n;
		unsigned char lo = 0x80,
					hi = 0xBF;
		size_t		k;

		if (c == 0)
			return i;
		if (c < 0x80)
		{
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 2;
		else if (c >= 0xE0 && c <= 0xEF)
		{
			n = 3;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;		/* surrogates */
		}
		else if (c >= 0xF0 && c <= 0xF4)
		{
			n = 4;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		}
		else
			return i;
		if (i + n > len)
			return i;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return i;
		for (k = 2; k < n; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return i;
		i += n;
	}
	return i;
}

char *
gi_utf8_name(const char *s)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t		len = strlen(s);
	char	   *out = gi_malloc(4 * len + 1);
	size_t		o = 0;
	size_t		i = 0;

	while (i < len)
	{
		size_t		ok = gi_utf8_valid_prefix(u + i, len - i);

		memcpy(out + o, s + i, ok);
		o += ok;
		i += ok;
		if (i < len)
		{
			o += (size_t) sprintf(out + o, "\\x%02x", u[i]);
			i++;
		}
	}
	out[o] = '\0';
	return out;
}

char *
gi_term_safe(const char *s, bool keep_newline)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t		len = strlen(s);
	char	   *out = gi_malloc(6 * len + 1);	/* \xNN per byte, or \uNNNN per 2 or 3 */
	size_t		o = 0;
	size_t		i = 0;

	while (i < len)
	{
		size_t		n = gi_utf8_valid_prefix(u + i, len - i < 4 ? len - i : 4);
		unsigned	cp;

		if (n == 0)
		{
			o += (size_t) sprintf(out + o, "\\x%02x", u[i]);	/* not UTF-8 */
			i++;
			continue;
		}
		/* the length of the first character only */
		n = u[i] < 0x80 ? 1 : u[i] < 0xE0 ? 2 : u[i] < 0xF0 ? 3 : 4;
		if (n == 1)
			cp = u[i];
		else if (n == 2)
			cp = ((unsigned) (u[i] & 0x1F) << 6) | (u[i + 1] & 0x3F);
		else if (n == 3)
			cp = ((unsigned) (u[i] & 0x0F) << 12) | ((unsigned) (u[i + 1] & 0x3F) << 6) |
				(u[i + 2] & 0x3F);
		else
			cp = 0x10000;		/* no control characters up there */
		if ((cp < 0x20 && !(cp == '\n' && keep_newline)) || cp == 0x7F)
			o += (size_t) sprintf(out + o, "\\x%02x", cp);
		else if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
				 (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
			o += (size_t) sprintf(out + o, "\\u%04x", cp);
		else
		{
			memcpy(out + o, s + i, n);
			o += n;
		}
		i += n;
	}
	out[o] = '\0';
	return out;
}

/* Decode one UTF-8 character (input known valid or not); returns its length. */
static size_t
utf8_decode(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80)
	{
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80)
	{
		*cp = ((uint32_t) (s[0] & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80)
	{
		*cp = ((uint32_t) (s[0] & 0x0F) << 12) | ((uint32_t) (s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		return 3;
	}
	if ((s[0] & 0xF8) == 0xF0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
		(s[3] & 0xC0) == 0x80)
	{
		*cp = ((uint32_t) (s[0] & 0x07) << 18) | ((uint32_t) (s[1] & 0x3F) << 12) |
			((uint32_t) (s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		return 4;
	}
	*cp = '?';
	return 1;
}

/* Columns a code point takes on a terminal: East Asian wide and fullwidth count 2. */
static int
cp_width(uint32_t c)
{
	if (c < 0x20 || (c >= 0x7F && c < 0xA0))
		return 0;
	if ((c >= 0x0300 && c <= 0x036F) || c == 0x200B)
		return 0;
	if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
		(c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
		(c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
		(c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
		(c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
		(c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
}

int
gi_display_width(const char *s)
{
	const unsigned char *u = (const unsigned char *) s;
	int			w = 0;

	while (*u)
	{
		uint32_t	cp;

		u += utf8_decode(u, &cp);
		w += cp_width(cp);
	}
	return w;
}

/* ----------------------------------------------------------------------------
 * Walking
 * ----------------------------------------------------------------------------
 */

GiKind
gi_kind_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');

	if (dot == NULL || dot == base)
		return GI_KIND_UNKNOWN;
	dot++;
	if (strcasecmp(dot, "txt") == 0 || strcasecmp(dot, "text") == 0)
		return GI_KIND_TEXT;
	if (strcasecmp(dot, "html") == 0 || strcasecmp(dot, "htm") == 0 ||
		strcasecmp(dot, "xhtml") == 0)
		return GI_KIND_HTML;
	if (strcasecmp(dot, "docx") == 0)
		return GI_KIND_DOCX;
	if (strcasecmp(dot, "pdf") == 0)
		return GI_KIND_PDF;
	if (strcasecmp(dot, "doc") == 0 || strcasecmp(dot, "wps") == 0)
		return GI_KIND_DOC;
	if (strcasecmp(dot, "xls") == 0 || strcasecmp(dot, "xlsx") == 0)
		return GI_KIND_SHEET;
	return GI_KIND_UNKNOWN;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

static char *
join_path(const char *dir, const char *name)
{
	size_t		dl = strlen(dir);

	if (dl > 0 && dir[dl - 1] == '/')
		return gi_printf("%s%s", dir, name);
	return gi_printf("%s/%s", dir, name);
}

/* Add one regular file, or note why not; follow: it may be opened through a symbolic link. */
static void
collect_file(const char *path, bool follow, GiList *files, int *ignored, GiNoteFn note)
{
	if (gi_kind_of(path) == GI_KIND_UNKNOWN)
	{
		note(path, "skipped: not a .txt, .html, .htm, .docx, .pdf, .doc, .wps, .xls or .xlsx file", false);
		(*ignored)++;
		return;
	}
	gi_list_add_file(files, gi_strdup(path), follow);
}

static int
collect_dir(const char *path, GiList *files, int *ignored, GiNoteFn note)
{
	DIR		   *d = opendir(path);
	struct dirent *e;
	GiList		names = {0};
	int			errors = 0;
	size_t		i;

	if (d == NULL)
	{
		char	   *why = gi_printf("could not open directory: %s", strerror(errno));

		note(path, why, true);
		free(why);
		return 1;
	}
	errno = 0;
	while ((e = readdir(d)) != NULL)
	{
		if (e->d_name[0] == '.')	/* ".", "..", and hidden entries */
			continue;
		gi_list_add(&names, gi_strdup(e->d_name));
		errno = 0;
	}
	if (errno != 0)
	{
		char	   *why = gi_printf("could not read directory: %s", strerror(errno));

		note(path, why, true);
		free(why);
		errors++;
	}
	closedir(d);
	if (names.n > 1)
		qsort(names.v, names.n, sizeof(char *), cmp_names);

	for (i = 0; i < names.n; i++)
	{
		char	   *child = join_path(path, names.v[i]);
		struct stat st;

		if (lstat(child, &st) != 0)
		{
			char	   *why = gi_printf("could not stat: %s", strerror(errno));

			note(child, why, true);
			free(why);
			errors++;
		}
		else if (S_ISDIR(st.st_mode))
			errors += collect_dir(child, files, ignored, note);
		else if (S_ISLNK(st.st_mode))
		{
			if (stat(child, &st) != 0)
			{
				note(child, "skipped: broken symbolic link", false);
				(*ignored)++;
			}
			else if (S_ISDIR(st.st_mode))
			{
				note(child, "skipped: symbolic link to a directory (not followed)", false);
				(*ignored)++;
			}
			else if (S_ISREG(st.st_mode))
				collect_file(child, true, files, ignored, note);
			else
			{
				note(child, "skipped: not a regular file", false);
				(*ignored)++;
			}
		}
		else if (S_ISREG(st.st_mode))
			collect_file(child, false, files, ignored, note);
		else
		{
			note(child, "skipped: not a regular file", false);
			(*ignored)++;
		}
		free(child);
	}
	gi_list_free(&names);
	return errors;
}

int
gi_collect(const char *path, GiList *files, int *ignored, GiNoteFn note)
{
	struct stat st;

	if (stat(path, &st) != 0)
	{
		char	   *why = gi_printf("%s", strerror(errno));

		note(path, why, true);
		free(why);
		return 1;
	}
	if (S_ISDIR(st.st_mode))
		return collect_dir(path, files, ignored, note);
	if (!S_ISREG(st.st_mode))
	{
		note(path, "skipped: not a regular file", false);
		(*ignored)++;
		return 0;
	}
	collect_file(path, true, files, ignored, note);	/* named by the user */
	return 0;
}

/* ----------------------------------------------------------------------------
 * Reading
 * ----------------------------------------------------------------------------
 */

/* What a file that is not a regular one is, for messages. */
static const char *
file_type_name(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

bool
gi_file_read(const char *path, bool follow, bool keep_open, size_t max_bytes, GiFile *f)
{
	int			fd;
	int			fl;
	struct stat st;
	size_t		cap;
	GiSha256	sha;

	memset(f, 0, sizeof(*f));
	f->fd = -1;

	/*
	 * The walk saw a regular file, but the path may name something else by
	 * now: O_NONBLOCK so that opening a FIFO or a device does not wait,
	 * O_NOFOLLOW so that a file that was not a symbolic link is not read
	 * through one; then fstat says what was opened.
	 */
	fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK | (follow ? 0 : O_NOFOLLOW));
	if (fd < 0)
	{
		if (errno == ELOOP && !follow)
			return gi_fail(f, "58030", "not a regular file: it became a symbolic link after its folder was read");
		return gi_fail(f, "58030", "could not open file: %s", strerror(errno));
	}
	if (fstat(fd, &st) != 0)
	{
		int			e = errno;

		close(fd);
		return gi_fail(f, "58030", "could not stat file: %s", strerror(e));
	}
	if (!S_ISREG(st.st_mode))
	{
		close(fd);
		return gi_fail(f, "58030", "not a regular file: it is %s", file_type_name(st.st_mode));
	}
	/* a regular file: back to blocking reads */
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0)
	{
		int			e = errno;

		close(fd);
		return gi_fail(f, "58030", "could not read file: %s", strerror(e));
	}
	if ((uintmax_t) st.st_size > (uintmax_t) max_bytes)
	{
		close(fd);
		return gi_fail(f, "54000", "file too large: %.1f MB, the limit is %zu MB (--max-size)",
					(double) st.st_size / (1024.0 * 1024.0), max_bytes / (1024 * 1024));
	}

	cap = (size_t) st.st_size + 1;
	f->bytes = gi_malloc(cap);
	for (;;)
	{
		ssize_t		n;

		if (f->len == cap)
		{
			if (cap > max_bytes)
			{
				close(fd);
				return gi_fail(f, "54000", "file too large: it grew past the limit of %zu MB while being read",
							max_bytes / (1024 * 1024));
			}
			cap *= 2;
			f->bytes = gi_realloc(f->bytes, cap);
		}
		n = read(fd, f->bytes + f->len, cap - f->len);
		if (n < 0)
		{
			int			e = errno;

			if (e == EINTR)
				continue;
			close(fd);
			return gi_fail(f, "58030", "could not read file: %s", strerror(e));
		}
		if (n == 0)
			break;
		f->len += (size_t) n;
	}
	if (keep_open)
		f->fd = fd;
	else
		close(fd);
	if (f->len > max_bytes)
		return gi_fail(f, "54000", "file too large: the limit is %zu MB (--max-size)",
					max_bytes / (1024 * 1024));

	gi_sha256_init(&sha);
	gi_sha256_update(&sha, f->bytes, f->len);
	gi_sha256_hex(&sha, f->hash);
	f->have_hash = true;
	return true;
}

void
gi_file_free(GiFile *f)
{
	free(f->bytes);
	free(f->text);
	free(f->error);
	if (f->fd >= 0)
		close(f->fd);
	memset(f, 0, sizeof(*f));
	f->fd = -1;
}

/* ----------------------------------------------------------------------------
 * Text
 * ----------------------------------------------------------------------------
 */

/* Convert with iconv; returns a malloc'd NUL-terminated string or NULL. */
static char *
convert(const char *from, const unsigned char *in, size_t inlen, size_t *outlen)
{
	iconv_t		cd = iconv_open("UTF-8", from);
	size_t		cap = inlen * 2 + 16;
	char	   *out;
	char	   *ip = (char *) in;
	size_t		il = inlen;
	char	   *op;
	size_t		ol;

	if (cd == (iconv_t) -1)
		return NULL;
	out = gi_malloc(cap);
	op = out;
	ol = cap - 1;
	while (il > 0)
	{
		size_t		r = iconv(cd, &ip, &il, &op, &ol);

		if (r != (size_t) -1)
			break;
		if (errno == E2BIG)
		{
			size_t		used = (size_t) (op - out);

			cap *= 2;
			out = gi_realloc(out, cap);
			op = out + used;
			ol = cap - used - 1;
			continue;
		}
		/* EILSEQ or EINVAL: not this encoding */
		iconv_close(cd);
		free(out);
		return NULL;
	}
	/* flush any shift state */
	if (iconv(cd, NULL, NULL, &op, &ol) == (size_t) -1)
	{
		iconv_close(cd);
		free(out);
		return NULL;
	}
	iconv_close(cd);
	*op = '\0';
	*outlen = (size_t) (op - out);
	return out;
}

/* Turn raw bytes into valid UTF-8 in f->text; raw is consumed (freed or kept). */
static bool
make_text(GiFile *f, char *raw, size_t len)
{
	const unsigned char *u = (const unsigned char *) raw;
	size_t		valid;
	size_t		i,
				controls = 0;

	/* UTF-16 with a byte-order mark */
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
	{
		size_t		ol;
		char	   *conv = convert("UTF-16", u, len, &ol);

		if (conv == NULL || gi_utf8_valid_prefix((unsigned char *) conv, ol) != ol)
		{
			free(conv);
			free(raw);
			return gi_fail(f, "22021", "the file starts with a UTF-16 byte-order mark but is not valid UTF-16 text");
		}
		free(raw);
		raw = conv;
		len = ol;
		u = (const unsigned char *) raw;
		snprintf(f->note, sizeof(f->note), "converted from UTF-16");
	}
	/* UTF-8 byte-order mark */
	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
	{
		memmove(raw, raw + 3, len - 3);
		len -= 3;
		raw[len] = '\0';
	}
	if (len == 0)
	{
		free(raw);
		return gi_fail(f, "22000", "the file is empty");
	}
	if (memchr(raw, '\0', len) != NULL)
	{
		free(raw);
		return gi_fail(f, "22000", "binary data (the file contains NUL bytes), not a text report");
	}

	valid = gi_utf8_valid_prefix(u, len);
	if (valid != len)
	{
		size_t		ol;
		char	   *conv = convert("GB18030", u, len, &ol);

		if (conv == NULL || gi_utf8_valid_prefix((unsigned char *) conv, ol) != ol)
		{
			unsigned	bad = u[valid];

			free(conv);
			free(raw);
			return gi_fail(f, "22021",
						"not a text file in UTF-8 or GB18030 (invalid byte 0x%02x at offset %zu); "
						"convert it to UTF-8 first, e.g. with iconv",
						bad, valid);
		}
		free(raw);
		raw = conv;
		len = ol;
		u = (const unsigned char *) raw;
		snprintf(f->note, sizeof(f->note), "converted from GB18030");
	}

	/* Text has few control characters; binary garbage that decodes has many. */
	for (i = 0; i < len; i++)
		if ((u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' && u[i] != '\r' &&
			 u[i] != '\f' && u[i] != '\v') || u[i] == 0x7F)
			controls++;
	if (controls > 8 && controls * 100 > len)
	{
		free(raw);
		return gi_fail(f, "22000", "binary data (%zu control characters in %zu bytes), not a text report",
					controls, len);
	}
	if (len > (size_t) GI_PARSE_MAX_BYTES)
	{
		free(raw);
		return gi_fail(f, "54000", "text too large: %zu bytes, more than the %d MiB (%d bytes) that govinfo.parse_report reads",
					len, GI_PARSE_MAX_MIB, GI_PARSE_MAX_BYTES);
	}
	f->text = raw;
	f->textlen = len;
	return true;
}

bool
gi_file_text(const char *path, GiKind kind, bool ocr, GiFile *f)
{
	char	   *raw;
	size_t		len;

	if (GI_KIND_CONVERTED(kind))
	{
		if (!gi_convert(path, kind, ocr, f, &raw, &len))
			return false;
		return make_text(f, raw, len);
	}

	raw = gi_malloc(f->len + 1);
	memcpy(raw, f->bytes, f->len);
	raw[f->len] = '\0';
	return make_text(f, raw, f->len);
}
