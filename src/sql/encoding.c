/*
 * encoding.c
 *	  UTF-8 <-> the database encoding for the strings that cross between
 *	  the pure C and the server (encoding.h), and arguments echoed in errors.
 *
 * The templates, the rules and the parser speak UTF-8.  A database in
 * another encoding that holds Chinese (EUC_CN above all) gets every label,
 * section, unit and message converted; a few punctuation marks that GB2312
 * and other legacy sets lack (the middle dot joining a row's label and its
 * column, dashes, the minus sign) are given their nearest equivalent there.
 * Any other character without an equivalent is a clear error, never bytes
 * of the wrong encoding.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/memutils.h"

#include "encoding.h"

/*
 * Stand-ins for characters the target encoding may lack, tried in order;
 * the last is ASCII, which every server encoding holds.
 */
typedef struct Fallback
{
	pg_wchar	cp;
	const char *alt[2];
} Fallback;

static const Fallback fallbacks[] = {
	{0x00B1, {"+/-", NULL}},	/* ± */
	{0x00B7, {"\xE3\x83\xBB", "."}},	/* · -> ・ (GB2312 A1A4) */
	{0x2013, {"-", NULL}},		/* – */
	{0x2014, {"\xE2\x80\x95", "--"}},	/* — -> ― (GB2312 A1AA) */
	{0x2026, {"...", NULL}},	/* … */
	{0x2212, {"-", NULL}},		/* − */
	{0x2260, {"<>", NULL}},		/* ≠ */
	{0xFFFD, {"?", NULL}},		/* the parser's replacement character */
};

/* The conversion procedure UTF8 -> database encoding, looked up once. */
static Oid
utf8_to_server_proc(void)
{
	static Oid	proc = InvalidOid;

	if (!OidIsValid(proc))
	{
		proc = FindDefaultConversionProc(PG_UTF8, GetDatabaseEncoding());
		if (!OidIsValid(proc))
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_FUNCTION),
					 errmsg("no conversion from UTF8 to database encoding \"%s\"",
							GetDatabaseEncodingName()),
					 errhint("Use a database whose encoding holds Chinese text, such as UTF8 or EUC_CN.")));
	}
	return proc;
}

/*
 * Convert s[0..len) (valid UTF-8) into out as far as it goes; returns the
 * number of source bytes converted.
 */
static int
convert_some(const char *s, int len, StringInfo out)
{
	int			done;

	enlargeStringInfo(out, len * MAX_CONVERSION_GROWTH + 1);
	done = pg_do_encoding_conversion_buf(utf8_to_server_proc(), PG_UTF8,
										 GetDatabaseEncoding(),
										 (unsigned char *) unconstify(char *, s), len,
										 (unsigned char *) out->data + out->len,
										 out->maxlen - out->len, true);
	out->len += strlen(out->data + out->len);
	return done;
}

/* Append a stand-in for the character at s (n bytes), or raise the error. */
static void
append_fallback(const char *s, int n, StringInfo out)
{
	pg_wchar	cp;

	if (!pg_utf8_islegal((const unsigned char *) s, n))
	{
		/* not UTF-8 at all: the server's own error names the bytes */
		(void) pg_any_to_server(s, n, PG_UTF8);
		elog(ERROR, "invalid UTF-8 in a govinfo string");
	}
	cp = utf8_to_unicode((const unsigned char *) s);
	for (int i = 0; i < lengthof(fallbacks); i++)
	{
		if (fallbacks[i].cp != cp)
			continue;
		for (int k = 0; k < lengthof(fallbacks[i].alt) && fallbacks[i].alt[k] != NULL; k++)
		{
			const char *alt = fallbacks[i].alt[k];
			int			alen = (int) strlen(alt);
			int			keep = out->len;

			if (convert_some(alt, alen, out) == alen)
				return;
			out->len = keep;
			out->data[keep] = '\0';
		}
	}
	ereport(ERROR,
			(errcode(ERRCODE_UNTRANSLATABLE_CHARACTER),
			 errmsg("character U+%04X of a govinfo text has no equivalent in database encoding \"%s\"",
					(unsigned int) cp, GetDatabaseEncodingName()),
			 errdetail("The templates' labels, the rules' messages and the parser's results are Chinese text; they are converted to the database encoding."),
			 errhint("Use a database whose encoding holds Chinese text, such as UTF8 or EUC_CN.")));
}

/* s (UTF-8, s[len] == '\0') in the database encoding. */
char *
gi_server_str_convert(const char *s, size_t len)
{
	StringInfoData out;
	size_t		pos = 0;

	/* ASCII is the same in every server encoding */
	while (pos < len && !IS_HIGHBIT_SET(s[pos]))
		pos++;
	if (pos == len)
		return unconstify(char *, s);
	if (len > (size_t) (MaxAllocSize / MAX_CONVERSION_GROWTH) - 1)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("string of %zu bytes is too long to convert to database encoding \"%s\"",
						len, GetDatabaseEncodingName())));

	initStringInfo(&out);
	appendBinaryStringInfo(&out, s, (int) pos);
	while (pos < len)
	{
		int			n;

		pos += convert_some(s + pos, (int) (len - pos), &out);
		if (pos >= len)
			break;
		n = pg_utf_mblen((const unsigned char *) s + pos);
		if (n > (int) (len - pos))
			n = (int) (len - pos);
		append_fallback(s + pos, n, &out);
		pos += n;
	}
	return out.data;
}

/* A text's contents as UTF-8 and their length. */
const char *
gi_text_utf8(text *t, size_t *len)
{
	const char *s = VARDATA_ANY(t);
	int			n = VARSIZE_ANY_EXHDR(t);

	if (!gi_server_is_utf8())
	{
		const char *u = pg_server_to_any(s, n, PG_UTF8);

		if (u != s)
			n = (int) strlen(u);
		s = u;
	}
	*len = (size_t) n;
	return s;
}

/* A caller's value quoted for a message, cut when long. */
char *
gi_echo(const char *s, int len)
{
	int			cut = pg_mbcharcliplen(s, len, GI_ECHO_MAX_CHARS);

	if (cut >= len)
		return psprintf("\"%s\"", pnstrdup(s, len));
	return psprintf("\"%s%s\" (%d characters)", pnstrdup(s, cut), gi_server_str("\xE2\x80\xA6"),
					pg_mbstrlen_with_len(s, len));
}
