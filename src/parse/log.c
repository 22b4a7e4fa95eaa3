/*
 * log.c
 *	  The parse log: entries in UTF-8, bounded, and the raw text of a row.
 */
#include "parse_int.h"

static const char *const sev_names[] = {"error", "warning", "info"};

/* Cut s (a NUL-terminated buffer) back to a complete UTF-8 sequence. */
void
utf8_clip(char *s)
{
	size_t		n = strlen(s);
	size_t		i = n;

	/* find the start of the last sequence */
	while (i > 0 && ((unsigned char) s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0)
	{
		unsigned char lead = (unsigned char) s[i - 1];
		size_t		need = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 :
			(lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 1;

		if (n - (i - 1) < need)
			s[i - 1] = '\0';
	}
	else if (n > 0)
		s[0] = '\0';
}

/*
 * Copy at most max bytes of s (len bytes, -1 = NUL-terminated) into the
 * arena as valid UTF-8: cut on a character boundary, and any invalid byte
 * (there should be none: the text was cleaned when decoded) replaced by
 * U+FFFD.  Built with -DGI_PARSE_STRICT_UTF8 (the fuzzing harness), an
 * invalid byte aborts instead when strict, so that its source is found.
 */
static const char *
copy_valid(Ctx *x, const char *s, int len, int max, bool strict)
{
	char	   *p;
	int			o = 0;

	if (s == NULL)
		return "";
	if (len < 0)
		len = (int) strlen(s);
	if (len > max)
	{
		len = max;
		while (len > 0 && ((unsigned char) s[len] & 0xC0) == 0x80)
			len--;
	}
	p = arena_alloc(x->a, (size_t) len * 3 + 1);
	if (p == NULL)
		return "";
	for (int i = 0; i < len;)
	{
		uint32_t	cp;
		int			k = DEC(s + i, (size_t) (len - i), &cp);

		if (cp == 0xFFFD && k == 1)
		{
#ifdef GI_PARSE_STRICT_UTF8
			if (strict)
				abort();
#else
			(void) strict;
#endif
			o += utf8_enc(0xFFFD, p + o);
		}
		else if (cp == 0)
			p[o++] = ' ';
		else
		{
			memcpy(p + o, s + i, (size_t) k);
			o += k;
		}
		i += k;
	}
	p[o] = '\0';
	return p;
}

/* Text of the decoded document for the log (strict: it was cleaned when decoded). */
const char *
log_str(Ctx *x, const char *s, int len, int max)
{
	return copy_valid(x, s, len, max, true);
}

/*
 * Bytes of the input as it came (not decoded) for the log: each byte that
 * starts no valid character becomes U+FFFD, as decoding would have it.
 */
const char *
log_input_str(Ctx *x, const char *s, int len, int max)
{
	return copy_valid(x, s, len, max, false);
}

void
addlog(Ctx *x, int sev, const char *section, const char *label, int lablen,
	   const char *raw, int rawlen, const char *fmt,...)
{
	GiParseResult *res = x->res;
	GiParseLogEntry *e;
	char		msg[700];
	va_list		ap;

	if (x->nolog || x->logfull || x->a->failed)
		return;
	if (res->nlog >= GI_PARSE_MAX_LOG)
	{
		x->logfull = true;
		sev = SEV_WARNING;
		section = label = raw = "";
		lablen = rawlen = 0;
		fmt = "log truncated: more entries were not kept";
	}
	if (!GROW(x->a, res->log, x->logcap, res->nlog + 1))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	utf8_clip(msg);
	e = &res->log[res->nlog];
	e->severity = sev_names[sev];
	e->section = log_str(x, section, -1, 60);
	e->label = log_str(x, label, lablen, 240);
	e->raw = log_str(x, raw, rawlen, 240);
	e->message = log_str(x, msg, -1, (int) sizeof(msg));
	res->nlog++;
}

/* The printed label of a row, raw (cells joined by a space), into buf. */
int
row_label_raw(Ctx *x, const PRow *r, char *buf, int cap)
{
	int			o = 0;

	buf[0] = '\0';
	for (int k = 0; k < r->nlab; k++)
	{
		const Cell *c = &x->d->cells[r->lab[k]];
		int			n = c->len;

		if (o + n + 2 >= cap)
			n = cap - o - 2;
		if (n <= 0)
			break;
		if (k > 0)
			buf[o++] = ' ';
		memcpy(buf + o, x->d->text + c->off, (size_t) n);
		o += n;
		buf[o] = '\0';
	}
	utf8_clip(buf);
	return (int) strlen(buf);
}

/* The values of a row, raw, joined by " | ". */
int
row_values_raw(Ctx *x, const PRow *r, char *buf, int cap)
{
	int			o = 0;

	buf[0] = '\0';
	for (int k = 0; k < r->nv; k++)
	{
		int			ci = x->vals[r->v0 + k];
		const char *s = ci >= 0 ? x->d->text + x->d->cells[ci].off : "";
		int			n = ci >= 0 ? x->d->cells[ci].len : 0;

		if (o + n + 4 >= cap)
			break;
		if (k > 0)
		{
			memcpy(buf + o, " | ", 3);
			o += 3;
		}
		memcpy(buf + o, s, (size_t) n);
		o += n;
		buf[o] = '\0';
	}
	utf8_clip(buf);
	return (int) strlen(buf);
}
