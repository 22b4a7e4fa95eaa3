/*
 * parse_int.h
 *	  The report-text parser's private header: the types its stages share
 *	  and the helpers on their hot paths, as static inline.  Included by
 *	  the files of src/parse only; the public interface is src/parse/parse.h.
 *
 * Pure C (no server headers).
 */
#ifndef GOVINFO_PARSE_INT_H
#define GOVINFO_PARSE_INT_H

#include "parse.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"

/* SSE2 (every x86-64 has it) for the scans of runs of CJK; elsewhere the same in plain C */
#if defined(__SSE2__)
#include <emmintrin.h>
#define GI_PARSE_SSE2 1
#endif

/* The stages' own symbols stay inside the library (and are bound within it). */
#pragma GCC visibility push(hidden)

/* ------------------------------------------------------------------------
 * Types and constants, by the file that makes them
 * ------------------------------------------------------------------------ */

/* arena.c */

typedef struct Chunk
{
	struct Chunk *next;
	size_t		size;
	size_t		used;
} Chunk;

typedef struct Arena
{
	Chunk	   *head;
	size_t		total;
	size_t		limit;
	bool		failed;
} Arena;

/* (room already there: no call) */
#define GROW(a, arr, cap, need) \
	((need) <= (cap) || grow((a), (void **) &(arr), &(cap), (need), sizeof(*(arr))))

/* fold.c */

#define BYTES8(b) (0x0101010101010101ULL * (uint8_t) (b))

/* Decode at s (len bytes left), never reading past the end. */
#define DEC(s, len, cp) utf8_dec((const unsigned char *) (s), (len), (cp))

/*
 * Which code points in 0x3400-0x9FFF are in trad_simp (a fast "no"), and
 * for each 64-bit word of that bitmap the index in trad_simp of its first
 * entry: with the bits below a code point's, its entry (trad_simp is sorted
 * and has one entry a character).  So the fold is a table lookup.  Built
 * once per process.
 */
#define TRAD_WORDS ((0x9FFF - 0x3400 + 1 + 63) / 64)

/* doc.c */

/* cell classes */
#define CELL_EMPTY	1			/* blank cell */

#define CELL_NULL	2			/* - -- / 无: not reported */

#define CELL_UNIT	3			/* a unit alone: 件 条 万元 ... */

#define CELL_NUM	4			/* a number */

#define CELL_BAD	5			/* where a number belongs, but not one */

#define CELL_TEXT	6			/* a label or heading */

#define CELL_JOINED	7			/* a piece put back into the cell it was wrapped from (wrapped.c) */

/* units (of a unit cell, or a number's suffix) */
#define UNIT_NONE	0

#define UNIT_COUNT	1			/* 件 条 次 ... */

#define UNIT_YUAN	2

#define UNIT_WAN	3			/* 万元 */

#define UNIT_UNSURE	4			/* 万 and 元 printed apart (a cut unit): no unit can be told */

/* numbering before a label (kind * 1000 + number) */
#define NUM_NONE	0

#define NUM_CN		1			/* 一、 */

#define NUM_CNPAR	2			/* （一） */

#define NUM_DIGIT	3			/* 1. */

#define NUM_DIGPAR	4			/* (1) */

#define NUM_OFWHICH 5			/* 其中： */

typedef struct Cell
{
	int			off;			/* in doc->text, trimmed */
	int			len;
	uint8_t		cls;
	uint8_t		colspan;
	uint8_t		unit;
	uint8_t		piece;			/* of a laid-out cell split at single spaces: PIECE_* */
	int16_t		known;			/* its entry in known[] (classify_cell), or -1 */
} Cell;

#define PIECE_FIRST	1			/* the first piece (add_layout_cell) */

#define PIECE_NEXT	2			/* a piece after it, the next cell */

#define PIECE_UNITWRAP	3		/* a unit 万元 wrapped in its column as 万 over 元 (wrapped.c) */

#define PIECE_WRAPBLANK	4		/* a figure left blank (CELL_EMPTY) because a piece of a
								 * figure wrapped in its column may be its (wrapped.c) */

/* line flags */
#define LF_HTMLROW	0x01		/* an HTML <tr> */

#define LF_STRUCT	0x02		/* cells delimited explicitly: blank cells count */

#define LF_TABIND	0x04		/* starts with a tab */

#define LF_PROSE	0x08		/* a sentence, not a table cell */

#define LF_CONT		0x10		/* continues the tab-indented line before it */

#define LF_BLANK	0x20

#define LF_TABLE	0x40		/* within the mapped statistical table */

#define LF_SPLIT	0x80		/* cells already made */

typedef struct Line
{
	int			off;
	int			len;
	int			c0;				/* first cell */
	int			nc;
	uint8_t		flags;
	uint8_t		marks;			/* LM_*: made with the line, or 0 */
} Line;

/* a line's marks, when decode_text finds them as it breaks the lines */
#define LM_KNOWN	0x01		/* the two below are known */

#define LM_TAB		0x02		/* it has a tab */

#define LM_BAR		0x04		/* it has a bar ('|' or ｜) */

#define LM_WRAP		0x08		/* a cell that may be a figure, or a piece of one or of a unit
								 * (stage_classify): for wrapped.c to look at */

typedef struct GiParseDoc
{
	Arena		arena;
	char	   *text;
	int			textlen;
	int			textcap;
	Line	   *lines;
	int			nlines;
	int			linecap;
	Cell	   *cells;
	int			ncells;
	int			cellcap;
	bool		truncated;
	bool		html;
} Doc;

/* classify.c */

typedef struct NumInfo
{
	char		s[48];			/* "[-]digits[.digits]" for gi_parse_decimal */
	int			n;
	uint8_t		unit;			/* suffix: UNIT_* */
} NumInfo;

/* log.c */

#define LABEL_MAX_CP	96

typedef struct PRow
{
	int			line;			/* line of its first cell */
	int			lastline;
	int			lab[4];			/* label cells (continuations joined) */
	int			nlab;
	int			v0;				/* its values: x->vals[v0 .. v0 + nv) */
	int			nv;
	int			nfill;			/* values that are not blank */
	int			nnum;			/* numbers among them */
	int			xdig;			/* digits past the first of its plain-digit values */
	uint8_t		unit;			/* from a unit cell of the row */
	uint8_t		unit_below;		/* another unit printed on a line below its values (a
								 * figure's 元 wrapped under it), else UNIT_NONE */
	int			unit_below_ci;	/* that unit's cell */
	int			unit_below_line;	/* and its line */
	int			unit_wrap_ci;	/* 1 + the cell of its unit when that is 万 over 元 (PIECE_UNITWRAP) */
	int			unit_ci;		/* the cell of its unit (unit), and its line */
	int			unit_line;
	bool		unit_below_apart;	/* unit_below is another row's of its label, below the figure's line */
	bool		consumed;		/* mapped (alone or joined with a neighbour) */
	/* the normalised label, for candidates */
	bool		normed;
	int			numbering;
	uint32_t   *cp;
	int			ncp;
	uint64_t	sig;			/* its characters' bits, for a quick "not in it" */
	char	   *norm;			/* as UTF-8 */
	int			nlen;			/* strlen(norm) */
	uint32_t	nhash;			/* label_hash of its code points */
	int			known1;			/* 1 + an entry in known[] with its normalised label (its own
								 * when its label is a known one), else 0 */
	/* its features (unigrams and bigrams), made when first needed */
	bool		featured;
	int			nfeat;			/* how many: nfid + nxf */
	int		   *fid;			/* those of some slot: their ids in the dictionary */
	int			nfid;
	uint64_t   *xf;				/* the others, sorted */
	int			nxf;
} PRow;

typedef struct Ctx
{
	Doc		   *d;
	Arena	   *a;
	GiParseResult *res;
	PRow	   *rows;
	int			nrows;
	int			rowcap;
	int		   *vals;			/* cell indices; -1 = a blank made by colspan */
	int			nvals;
	int			valcap;
	int			logcap;
	bool		logfull;
	bool		nolog;			/* options->values_only: no log entries */
	uint64_t   *seen;			/* scratch: a bit per feature of the dictionary, all clear */
	int			nread;			/* cells read from the table: values and NULL markers */
} Ctx;

#define SEV_ERROR	0

#define SEV_WARNING 1

#define SEV_INFO	2

/* label.c */

/* The unigram feature of c, and the bigram feature of c d */
#define UNIGRAM(c)		((uint64_t) (c) + 1)	/* + 1: never 0 */

#define BIGRAM(c, d)	(((uint64_t) 1 << 42) | ((uint64_t) (c) << 21) | (uint64_t) (d))

/* tables.c */

/*
 * Known labels: the labels the templates print (each row's label, the parts
 * of a label with a '·', the column names and their parts), with what the
 * parser makes of each: its class, and as a printed row's whole label, its
 * normalised form and its features.  All of these depend on a cell's bytes
 * alone, and each entry was made by the very functions that make them for a
 * cell (classify_cell, norm_row, row_features), once per process: a cell
 * printed exactly as a known label takes them from its entry, the same
 * result without folding and normalising it again.  Most cells of a table
 * printed from a template are such labels.
 */
typedef struct KnownLabel
{
	const char *s;				/* the label, UTF-8 */
	int			len;
	uint32_t	hash;			/* bytes_hash of it */
	uint8_t		cls;			/* classify_cell's */
	uint8_t		unit;
	struct PRow *row;			/* norm_row's and row_features' result for a row of it */
	uint64_t	kwmask;			/* the template key words its normalised label holds */
	bool		annot;			/* is_annotation's */
	uint8_t    *colw;			/* col_words of its normalised label */
	int			ncolw;
} KnownLabel;

#define SLOT_HEAD	1			/* a heading: no value */

#define SLOT_CELL	2			/* k cells side by side (gov2014 rows; rows of table 二) */

#define SLOT_APPL	3			/* a row of table 三: one value per applicant column */

#define SLOT_GROUP	4			/* a group of table 三 (printed subtotals are checked, not stored) */

#define SLOT_T4		5			/* table 四: one row of 15 numbers */

typedef struct Slot
{
	uint8_t		kind;
	int			row;			/* first GiRow */
	int			nrow;			/* GiRows it covers */
	int			k;				/* values expected */
	int			numbering;
	uint64_t   *feat;
	int			nfeat;
	uint64_t	sig;
	char	   *norm;			/* the normalised label, UTF-8 */
	uint32_t	nhash;			/* label_hash of its code points */
	uint64_t   *bits;			/* its features: a bit per feature of the dictionary */
	int		   *fid;			/* its features: their ids in the dictionary */
} Slot;

typedef struct TSlots
{
	const GiTemplate *t;
	int			n;
	Slot	   *s;
	/* the slots with each feature of the dictionary: post[pstart[f] .. pstart[f + 1]) */
	int		   *pstart;
	int		   *post;
	/* exact labels: hash of the normalised label -> slots with that label */
	int			emask;
	int		   *efirst;			/* first slot of a chain, -1 = none */
	int		   *enext;			/* next slot with the same hash bucket */
} TSlots;

#define MAX_TEMPLATES 8

/* similarity.c */

/* A slot that a printed row resembles: similarity >= JOIN_HINT. */
typedef struct Near
{
	int			slot;
	int			sim;
} Near;

/*
 * A possible match in the alignment: printed rows [i, i + w) with slot j,
 * which reaches the cell (i + w, j + 1) of the table with value val.
 * Events are chained by the row where they end.
 */
typedef struct Event
{
	int32_t		val;
	int			col;			/* j + 1 */
	int			w;
	int			next;			/* the next event ending in the same row, or -1 */
} Event;

/*
 * The features of printed rows joined into one label (the concatenation of
 * their normalised labels), a row at a time (join_add): the ids of those in
 * the dictionary into ids (each once), their bits left set in x->seen (the
 * caller clears them); the others, sorted, in xs[cur]; the bigrams across
 * the joins outside the dictionary in across.  Rows i, i + 1 and then
 * i + 2 are the joins of two and of three rows.
 */
typedef struct JoinAcc
{
	uint64_t	xs[2][2 * LABEL_MAX_CP + 4],
				across[4];
	int			nx,
				na,
				cur,
				nid,
				nrows;			/* rows added */
	const PRow *prev;
} JoinAcc;

/* align.c */

typedef struct Align
{
	const TSlots *ts;
	int			score;
	int			nvalslots;		/* slots mapped to rows with values */
	int		   *slot_row;		/* slot -> first row (index in x->rows), -1 */
	int		   *slot_w;			/* rows joined */
} Align;

#define JOIN_HINT 400			/* a part this similar to a slot may be a wrapped piece of it */

#define MATCH_MIN 450			/* a label this similar to a slot may match it */

/* align_memo.c */

#define JOIN_MEMO_BITS	12
#define JOIN_MEMO_SIZE	(1 << JOIN_MEMO_BITS)
#define JOIN_MEMO_POOL	(4 * JOIN_MEMO_SIZE)

typedef struct JoinMemo
{
	int			key[4];			/* template * 4 + w (-1: empty), the rows' known1, 0 */
	int			off;			/* its matches: join_pool[off .. off + n) */
	int			n;
} JoinMemo;

#define ROW_MEMO_BITS	11
#define ROW_MEMO_SIZE	(1 << ROW_MEMO_BITS)
#define ROW_MEMO_POOL	(4 * ROW_MEMO_SIZE)
#define ROW_MEMO_KEY	10		/* template and rows, then three ints a row */

typedef struct RowMatch
{
	int32_t		sc;				/* the score less the table's value at its start */
	int16_t		col;			/* slot + 1 */
	int16_t		w;				/* rows it takes */
} RowMatch;

typedef struct RowMemo
{
	int			key[ROW_MEMO_KEY];	/* key[0] < 0: empty */
	int			off;			/* its matches: row_pool[off .. off + n) */
	int			n;
} RowMemo;

/* columns.c */

#define COL_SUBTOTAL	100		/* 法人或其他组织小计: checked, not stored */

typedef struct ColMap
{
	int			n;
	int			col[10];		/* column index in t->columns, or COL_SUBTOTAL */
	bool		from_header;
} ColMap;

/* values.c */

typedef struct GroupVals
{
	bool		present[10];
	int			ci[10];
} GroupVals;

/* ------------------------------------------------------------------------
 * The stages' functions, by file
 * ------------------------------------------------------------------------ */

/* arena.c */
extern void *arena_alloc(Arena *a, size_t n);
extern void arena_free(Arena *a);
extern bool grow(Arena *a, void **data, int *cap, int need, size_t elsize);
extern char *arena_strndup(Arena *a, const char *s, size_t n);

/* trad_table.c (generated by tools/gen_trad.py from tools/trad_simp.tsv) */
/*
 * Traditional -> simplified, for the characters that occur in the
 * templates' labels, the column names and the parser's and narrative's key
 * words (and a few unit and agency-suffix characters): ntrad_simp pairs,
 * sorted by the traditional character.
 */
extern const uint32_t trad_simp[][2];
extern const int ntrad_simp;

/* fold.c */
extern uint64_t trad_bits[TRAD_WORDS];
extern uint16_t trad_rank[TRAD_WORDS];
extern bool trad_bits_ready;
extern void trad_bits_init(void);
extern const bool space_lead[256];
extern const bool space_tail[256];
extern void trim_span(const char *text, int *off, int *len);
extern bool ascii_prefix_ci(const char *s, size_t len, const char *word);

/* doc.c */
extern bool doc_put_grow(Doc *d, const char *s, int n);
extern bool doc_putcp(Doc *d, uint32_t cp);
extern bool doc_line_room(Doc *d);
extern bool doc_cell_room(Doc *d);
extern void trim_cell(const char *text, Cell *c);

/* decode_text.c */
extern bool put_clean_char(Doc *d, const unsigned char *in, size_t len, size_t *i,
						   bool *lastbad);
extern void decode_text(Doc *d, const unsigned char *in, size_t len);

/* decode_html.c */
extern void decode_html(Doc *d, const char *in, size_t len);
extern char *unescape_entities(Arena *a, const char *in, size_t len, size_t *outlen);
extern bool looks_html(const char *s, size_t len, bool *escaped);

/* lines.c */
extern bool is_prose(const char *s, int len, bool tabs);
extern void split_line(Doc *d, int li);

/* classify.c */
extern int fold_cell(const char *s, int len, char *buf, int cap);
extern bool parse_number(const char *f, int n, NumInfo *ni);
extern void classify_folded(Doc *d, Cell *c);
extern __attribute__((noinline)) void classify_piece(Doc *d, Cell *c);
extern int number_pieces(Doc *d, int off, int len, bool units, int *tok, int max);
extern int add_layout_cell(Doc *d, int off, int len);

/* log.c */
extern void utf8_clip(char *s);
extern const char *log_str(Ctx *x, const char *s, int len, int max);
extern const char *log_input_str(Ctx *x, const char *s, int len, int max);
extern void addlog(Ctx *x, int sev, const char *section, const char *label, int lablen,
				   const char *raw, int rawlen, const char *fmt,...)
			__attribute__((format(printf, 8, 9)));
extern int row_label_raw(Ctx *x, const PRow *r, char *buf, int cap);
extern int row_values_raw(Ctx *x, const PRow *r, char *buf, int cap);

/* wrapped.c */
extern void join_wrapped(Ctx *x);

/* rows.c */
extern bool is_annotation(Doc *d, const Cell *c);
extern void build_rows(Ctx *x);

/* label.c */
extern int cn_digit(uint32_t c);
extern int strip_numbering(const uint32_t *in, int n, int *p);
extern int normalise_cps(const uint32_t *in0, int n0, uint32_t *out, int outcap,
						 int *numbering);
extern int fold_cps(const char *s, int len, uint32_t *out, int cap);
extern int make_features(const uint32_t *cp, int n, uint64_t *feat, uint64_t *sig);
extern bool norm_label(Ctx *x, PRow *r);

/* tables.c */
extern KnownLabel *known;
extern int	known_mask;
extern int16_t *known_slot;
extern int16_t *known_norm_slot;
extern TSlots tslots[MAX_TEMPLATES];
extern int	fdict_words;
extern int	fdict_mask;
extern uint64_t *fdict_key;
extern int *fdict_id;
extern const TSlots *template_slots(const GiTemplate *t);
extern void build_known_labels(void);
extern Near *known_near[MAX_TEMPLATES];
extern int *known_near_start[MAX_TEMPLATES];

/* detect.c */
extern uint64_t kw_all;
extern void kw_init(void);
extern uint64_t kw_in_label(const char *norm, int nlen, uint64_t sig, uint64_t cand);
extern void choose_window(Ctx *x, int *w0, int *w1);
extern const char *template_label_text(const GiTemplate *t);
extern const GiTemplate *choose_template(Ctx *x, const GiParseOptions *opt,
										 const GiTemplate *forced, int w0, int w1, Align *best);

/* similarity.c */
extern bool row_features(Ctx *x, PRow *r);
extern void join_start(JoinAcc *ja);
extern void join_add(Ctx *x, JoinAcc *ja, const PRow *r, int *ids);
extern int join_nfeat(JoinAcc *ja);
extern int slot_sim(const TSlots *ts, const int *ids, int nid, const uint64_t *seen, int nfeat,
					int j);
extern int row_near(Ctx *x, const TSlots *ts, PRow *r, int *cnt, int *touched, Near *out);

/* align.c */
extern bool align(Ctx *x, const TSlots *ts, int w0, int w1, Align *al);

/* align_memo.c */
extern Near join_pool[JOIN_MEMO_POOL];
extern RowMatch row_pool[ROW_MEMO_POOL];
extern bool join_memo_key(const Ctx *x, int tsi, int r0, int w, int *key);
extern const JoinMemo *join_memo_find(const int *key);
extern void join_memo_add(const int *key, const Near *got, int n);
extern void row_memo_part(const PRow *r, const PRow *before, int *rk, uint32_t *rh);
extern const RowMemo *row_memo_find(int head, const int *rk, const uint32_t *rh);
extern void row_memo_add(int head, const int *rk, const uint32_t *rh,
						 const Event *ev, int from, int n, const int32_t *Si);

/* columns.c */
extern int col_words(const char *s, uint8_t *out);
extern void default_columns(const GiTemplate *t, ColMap *cm, bool subtotal);
extern void detect_columns(Ctx *x, const GiTemplate *t, int first_row, int w0, ColMap *cm);

/* values.c */
extern void code_label(const GiTemplate *t, int code, char *buf, size_t cap);
extern uint8_t money_unit_in(const char *s, int len);
extern bool assign_value(Ctx *x, const GiTemplate *t, int code, int ci, uint8_t hint,
						 int64_t *out);
extern int split_digit_runs(Ctx *x, int *v, int nv, int want, int cap);
extern int fit_values(Ctx *x, int ri, const char *section, const char *lab, int *v, int nv,
					  int want, int cap, int also_ok);

/* cells.c */
extern void map_values(Ctx *x, const GiTemplate *t, const Align *al, int w0);
extern void log_unmapped(Ctx *x, const GiTemplate *t, const Align *al, int w0, int w1,
						 int *ext0, int *ext1);

/* runs.c */

/* What runs_rewrite decided about one row whose digits ran together */
typedef struct RunNote
{
	bool		warning;		/* read (a warning); otherwise left blank (an error) */
	int			lab_off;		/* the label and the digits, in the input */
	int			lab_len;
	int			dig_off;
	int			dig_len;
	const char *section;		/* 四 for table 四's run (it has no label), else "" */
	char		msg[300];
} RunNote;

/* What last year's report says to runs_rewrite (GiParseOptions.previous) */
typedef struct RunPrevious
{
	bool		cout_known;		/* 结转下年度继续办理, every applicant column */
	int64_t		cout[7];		/* in the printed order: 自然人 … 其他, 总计 */
	bool		rules_known;	/* 规章·现行有效件数 */
	int64_t		rules_in_force;
	bool		normative_known;	/* 行政规范性文件·现行有效件数 */
	int64_t		normative_in_force;
} RunPrevious;

extern char *runs_rewrite(const char *in, size_t len, const RunPrevious *prev,
						  RunNote **notes, int *nnotes);

/* agency.c */
extern void find_agency_year(Ctx *x, int table_line);

/* ------------------------------------------------------------------------
 * Hot helpers, inline
 * ------------------------------------------------------------------------ */

/* fold.c */

static inline int
utf8_dec(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned	c;
	int			n;
	uint32_t	v,
				min;

	if (len == 0)
	{
		*cp = 0xFFFD;
		return 1;
	}
	c = s[0];
	if (c < 0x80)
	{
		*cp = c;
		return 1;
	}

	/*
	 * Three bytes, well formed (CJK, most of the text): at once.  The checks
	 * below would give the same; anything else goes on to them.
	 */
	if ((c & 0xF0) == 0xE0 && len >= 3 && ((s[1] | ((unsigned) s[2] << 8)) & 0xC0C0) == 0x8080)
	{
		v = ((c & 0x0F) << 12) | ((uint32_t) (s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF))
		{
			*cp = v;
			return 3;
		}
		*cp = 0xFFFD;
		return 1;
	}
	if ((c & 0xE0) == 0xC0)
	{
		n = 2;
		v = c & 0x1F;
		min = 0x80;
	}
	else if ((c & 0xF0) == 0xE0)
	{
		n = 3;
		v = c & 0x0F;
		min = 0x800;
	}
	else if ((c & 0xF8) == 0xF0)
	{
		n = 4;
		v = c & 0x07;
		min = 0x10000;
	}
	else
	{
		*cp = 0xFFFD;
		return 1;
	}
	if ((size_t) n > len)
	{
		*cp = 0xFFFD;
		return 1;
	}
	for (int i = 1; i < n; i++)
	{
		if ((s[i] & 0xC0) != 0x80)
		{
			*cp = 0xFFFD;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
	{
		*cp = 0xFFFD;
		return 1;
	}
	*cp = v;
	return n;
}

/* Encode c (<= U+10FFFF) into o (room for 4 bytes): the parser's own calls, inline. */
static inline int
utf8_enc(uint32_t c, char *o)
{
	if (c < 0x80)
	{
		o[0] = (char) c;
		return 1;
	}
	if (c < 0x800)
	{
		o[0] = (char) (0xC0 | (c >> 6));
		o[1] = (char) (0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000)
	{
		o[0] = (char) (0xE0 | (c >> 12));
		o[1] = (char) (0x80 | ((c >> 6) & 0x3F));
		o[2] = (char) (0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (char) (0xF0 | (c >> 18));
	o[1] = (char) (0x80 | ((c >> 12) & 0x3F));
	o[2] = (char) (0x80 | ((c >> 6) & 0x3F));
	o[3] = (char) (0x80 | (c & 0x3F));
	return 4;
}

/* 0x80 in each byte of w that is zero (exactly: no borrow between bytes) */
static inline uint64_t
zero_bytes(uint64_t w)
{
	const uint64_t lo7 = 0x7F7F7F7F7F7F7F7FULL;

	return ~(((w & lo7) + lo7) | w | lo7);
}

/* How many bytes of m (only 0x80 bits set) are marked */
static inline int
count_marked(uint64_t m)
{
	return (int) (((m >> 7) * BYTES8(1)) >> 56);
}

/* Bits set in x (without a library call where the CPU's instruction is not assumed) */
static inline int
popcount64(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ULL);
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
	return (int) ((x * 0x0101010101010101ULL) >> 56);
}

/* Traditional -> simplified for c in 0x3400-0x9FFF (c itself when not traditional). */
static inline uint32_t
trad_fold(uint32_t c)
{
	uint32_t	o = c - 0x3400;
	uint64_t	word,
				bit;

	if (!trad_bits_ready)
		trad_bits_init();
	word = trad_bits[o >> 6];
	bit = (uint64_t) 1 << (o & 63);
	if (!(word & bit))
		return c;
	return trad_simp[trad_rank[o >> 6] + popcount64(word & (bit - 1))][1];
}

/* gi_parse_fold_char with the common cases inline: ASCII, and CJK */
static inline uint32_t
fold(uint32_t c)
{
	if (c < 0x80)
		return c;
	if (c >= 0x4E00 && c <= 0x9FFF)
		return trad_fold(c);
	return gi_parse_fold_char(c);
}

static inline bool
is_cjk(uint32_t c)
{
	return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
		(c >= 0x20000 && c <= 0x3FFFF) || c == 0x3007;
}

/* Does s[0, len) contain word (bytes, NUL-terminated)? */
static inline bool
text_has(const char *s, int len, const char *word)
{
	int			n = (int) strlen(word);

	for (int i = 0; i + n <= len; i++)
		if (memcmp(s + i, word, (size_t) n) == 0)
			return true;
	return false;
}

static inline bool
is_ascii_alnum(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* space_len, in full */
static inline int
space_len_slow(const char *s, int len)
{
	const unsigned char *u = (const unsigned char *) s;

	if (len <= 0)
		return 0;
	if (u[0] == ' ')
		return 1;
	if (len >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (len >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	if (len >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
		((u[2] >= 0x80 && u[2] <= 0x8B) || u[2] == 0xAF))
		return 3;
	if (len >= 3 && u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F)
		return 3;
	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		return 3;
	return 0;
}

/* Byte length of a space character (not a tab) at s, or 0 (most bytes start none) */
static inline int
space_len(const char *s, int len)
{
	unsigned char b = len > 0 ? (unsigned char) s[0] : 0;

	if (b == ' ')
		return 1;
	if (b != 0xC2 && b != 0xE2 && b != 0xE3 && b != 0xEF)
		return 0;
	return space_len_slow(s, len);
}

#ifdef GI_PARSE_SSE2
/*
 * The positions of s[0..16) where a space character (space_len) starts, as
 * a bit mask; s[0..18) readable, every character starting in the sixteen
 * positions ending within them.
 */
static inline int
space_starts16(const unsigned char *s)
{
	__m128i		v0 = _mm_loadu_si128((const __m128i *) s),
				v1 = _mm_loadu_si128((const __m128i *) (s + 1)),
				v2 = _mm_loadu_si128((const __m128i *) (s + 2));
	__m128i		e280 = _mm_and_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8((char) 0xE2)),
									 _mm_cmpeq_epi8(v1, _mm_set1_epi8((char) 0x80)));
	/* (v2 ^ 0x80 is 0-11 as a signed byte exactly when v2 is 80-8B) */
	__m128i		t = _mm_xor_si128(v2, _mm_set1_epi8((char) 0x80));
	__m128i		low = _mm_and_si128(_mm_cmpgt_epi8(t, _mm_set1_epi8(-1)),
									_mm_cmplt_epi8(t, _mm_set1_epi8(12)));
	__m128i		sp;

	sp = _mm_or_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8(' ')),
					  _mm_and_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8((char) 0xC2)),
									_mm_cmpeq_epi8(v1, _mm_set1_epi8((char) 0xA0))));
	/* U+3000: E3 80 80 */
	sp = _mm_or_si128(sp, _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8((char) 0xE3)),
													  _mm_cmpeq_epi8(v1, _mm_set1_epi8((char) 0x80))),
										_mm_cmpeq_epi8(v2, _mm_set1_epi8((char) 0x80))));
	/* U+2000-U+200B, U+202F: E2 80 80-8B, E2 80 AF */
	sp = _mm_or_si128(sp, _mm_and_si128(e280, _mm_or_si128(low, _mm_cmpeq_epi8(v2, _mm_set1_epi8((char) 0xAF)))));
	/* U+205F: E2 81 9F */
	sp = _mm_or_si128(sp, _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8((char) 0xE2)),
													  _mm_cmpeq_epi8(v1, _mm_set1_epi8((char) 0x81))),
										_mm_cmpeq_epi8(v2, _mm_set1_epi8((char) 0x9F))));
	/* U+FEFF: EF BB BF */
	sp = _mm_or_si128(sp, _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8((char) 0xEF)),
													  _mm_cmpeq_epi8(v1, _mm_set1_epi8((char) 0xBB))),
										_mm_cmpeq_epi8(v2, _mm_set1_epi8((char) 0xBF))));
	return _mm_movemask_epi8(sp);
}
#endif

/*
 * With SSE2, the first position of s[i..end) where a space character
 * starts, or one from which fewer than 18 bytes are left: the positions
 * skipped start none.  In plain C, i (Chinese text has too many of the
 * bytes that may start one for a test of eight bytes at a time to pay).
 */
static inline int
skip_no_space(const unsigned char *s, int i, int end)
{
#ifdef GI_PARSE_SSE2
	while (i + 18 <= end)
	{
		int			m = space_starts16(s + i);

		if (m != 0)
			return i + __builtin_ctz((unsigned) m);
		i += 16;
	}
#else
	(void) s;
	(void) end;
#endif
	return i;
}

/*
 * Whether trim_span would take anything off [off, off + len) of text: most
 * lines and cells neither start nor end with a space, a tab or a carriage
 * return, and this tells so without the call.
 */
static inline bool
space_at_ends(const char *text, int off, int len)
{
	const unsigned char *u = (const unsigned char *) text + off;
	unsigned char b;

	if (len <= 0)
		return false;
	b = u[0];
	if (space_lead[b] && (b == '\t' || b == '\r' || space_len((const char *) u, len) > 0))
		return true;
	/* every byte that ends a space is in space_tail */
	b = u[len - 1];
	if (!space_tail[b])
		return false;
	if (b == ' ' || b == '\t' || b == '\r')
		return true;
	if (len >= 2 && u[len - 2] == 0xC2 && b == 0xA0)
		return true;
	return len >= 3 && space_len((const char *) u + len - 3, 3) == 3;
}

/* doc.c */

/* Append n bytes to the text (kept NUL-terminated); inline, as most calls have room */
static inline bool
doc_put(Doc *d, const char *s, int n)
{
	int64_t		end = (int64_t) d->textlen + n;

	if (end >= d->textcap || end >= INT_MAX / 2)
		return doc_put_grow(d, s, n);
	memcpy(d->text + d->textlen, s, (size_t) n);
	d->textlen = (int) end;
	d->text[end] = '\0';
	return true;
}

static inline bool
doc_putc(Doc *d, char c)
{
	if (d->textlen + 1 >= d->textcap || d->textlen + 1 >= INT_MAX / 2)
		return doc_put_grow(d, &c, 1);
	d->text[d->textlen++] = c;
	d->text[d->textlen] = '\0';
	return true;
}

/* Add a line of the text; inline, as it is made for every line */
static inline Line *
doc_add_line(Doc *d, int off, int len, uint8_t flags)
{
	Line	   *l;

	if ((d->nlines >= d->linecap || d->nlines >= GI_PARSE_MAX_LINES) && !doc_line_room(d))
		return NULL;
	l = &d->lines[d->nlines++];
	l->off = off;
	l->len = len;
	l->c0 = d->ncells;
	l->nc = 0;
	l->flags = flags;
	l->marks = 0;
	return l;
}

/* A line of plain text, with its marks (LM_*) */
static inline bool
doc_add_text_line(Doc *d, int off, int len, uint8_t marks)
{
	Line	   *l = doc_add_line(d, off, len, 0);

	if (l == NULL)
		return false;
	l->marks = marks | LM_KNOWN;
	return true;
}

/* Add a cell (trimmed) of the text; inline, as it is made for every cell */
static inline Cell *
doc_add_cell(Doc *d, int off, int len, int colspan)
{
	const unsigned char *u = (const unsigned char *) d->text;
	Cell	   *c;

	if ((d->ncells >= d->cellcap || d->ncells >= GI_PARSE_MAX_CELLS) && !doc_cell_room(d))
		return NULL;
	c = &d->cells[d->ncells++];
	c->off = off;
	c->len = len;
	c->cls = 0;
	c->colspan = (uint8_t) (colspan < 1 ? 1 : colspan > 64 ? 64 : colspan);
	c->unit = UNIT_NONE;
	c->piece = 0;
	c->known = -1;
	/* most cells neither start with a byte that may start a space nor end with one that may end one */
	if (len > 0 && (space_lead[u[off]] || space_tail[u[off + len - 1]]))
		trim_cell(d->text, c);
	return c;
}

/* decode_text.c */

#ifdef GI_PARSE_SSE2
/*
 * Five three-byte characters at s (16 bytes readable), each led by E3-EC,
 * EE or EF and with two continuation bytes: what the runs of CJK in
 * clean_run and html_plain_run accept one character at a time.
 */
static inline bool
cjk_run5(const unsigned char *s)
{
	__m128i		v = _mm_loadu_si128((const __m128i *) s);

	/* (signed bytes: 80-BF are -128..-65, E3-EF -29..-17) */
	__m128i		cont = _mm_cmplt_epi8(v, _mm_set1_epi8((char) 0xC0));
	__m128i		lead = _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char) 0xED)),
										_mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8((char) 0xE2)),
													  _mm_cmplt_epi8(v, _mm_set1_epi8((char) 0xF0))));

	/* leads at bytes 0, 3, 6, 9, 12 and continuation bytes between them (byte 15 is not looked at) */
	return (_mm_movemask_epi8(lead) & 0x7FFF) == 0x1249 && (_mm_movemask_epi8(cont) & 0x7FFF) == 0x6DB6;
}
#endif

/* classify.c */

/* 1 to 40 ASCII digits and nothing else: a number as it is (most values are). */
static inline bool
plain_digits(const char *s, int len)
{
	if (len < 1 || len > 40)
		return false;
	for (int i = 0; i < len; i++)
		if ((unsigned char) (s[i] - '0') > 9)
			return false;
	return true;
}

/* tables.c */

/*
 * A hash of n bytes (any deterministic mix will do): sixteen bytes at a
 * time in two independent chains of multiplications, then the last eight
 * bytes (overlapping those before) or, when fewer, byte by byte: no call.
 */
static inline uint32_t
bytes_hash(const char *s, int n)
{
	uint64_t	a = (uint64_t) n * 0x9E3779B97F4A7C15ull,
				b = 0x2545F4914F6CDD1Dull,
				w0,
				w1;
	int			i = 0;

	for (; i + 16 <= n; i += 16)
	{
		memcpy(&w0, s + i, 8);
		memcpy(&w1, s + i + 8, 8);
		a = (a ^ w0) * 0xFF51AFD7ED558CCDull;
		b = (b ^ w1) * 0xC4CEB9FE1A85EC53ull;
	}
	if (n >= 8)
	{
		if (i + 8 < n)
		{
			memcpy(&w0, s + i, 8);
			a = (a ^ w0) * 0xFF51AFD7ED558CCDull;
		}
		if (i < n)
		{
			memcpy(&w1, s + n - 8, 8);
			b = (b ^ w1) * 0xC4CEB9FE1A85EC53ull;
		}
	}
	else
	{
		w1 = 0;
		for (int k = 0; k < n; k++)
			w1 |= (uint64_t) (unsigned char) s[k] << (8 * k);
		b = (b ^ w1) * 0xC4CEB9FE1A85EC53ull;
	}
	a ^= (a >> 29) + (b ^ (b >> 32));
	a *= 0x9E3779B97F4A7C15ull;
	return (uint32_t) (a >> 32);
}

/* The entry of the known label s[0..n), or -1 (none, or not built) */
static inline __attribute__((always_inline)) int
known_lookup(const char *s, int n)
{
	uint32_t	h,
				k;

	if (known_slot == NULL || n > 120)
		return -1;
	h = bytes_hash(s, n);
	for (k = h & (uint32_t) known_mask; known_slot[k] >= 0; k = (k + 1) & (uint32_t) known_mask)
	{
		const KnownLabel *e = &known[known_slot[k]];

		if (e->hash == h && e->len == n && memcmp(e->s, s, (size_t) n) == 0)
			return known_slot[k];
	}
	return -1;
}

/* classify.c */

/*
 * A cell's class and unit (and its known label): the common cases, blank,
 * digits and known labels, inline; the others folded and looked at.
 */
static inline __attribute__((always_inline)) void
classify_cell(Doc *d, Cell *c)
{
	int			n;

	if (c->len == 0)
	{
		c->cls = CELL_EMPTY;
		return;
	}
	if (plain_digits(d->text + c->off, c->len))
	{
		c->cls = CELL_NUM;
		c->unit = UNIT_NONE;
		return;
	}
	if ((n = known_lookup(d->text + c->off, c->len)) >= 0)
	{
		c->cls = known[n].cls;
		c->unit = known[n].unit;
		c->known = (int16_t) n;
		return;
	}
	classify_folded(d, c);
}

/* rows.c */

/*
 * The digits past the first of cell ci when it is a number of two or more
 * plain digits (what it adds if each digit is a value), else 0.
 */
static inline int
extra_digits(const Doc *d, int ci)
{
	const Cell *c = ci >= 0 ? &d->cells[ci] : NULL;

	return c != NULL && c->cls == CELL_NUM && c->len >= 2 && plain_digits(d->text + c->off, c->len) ?
		c->len - 1 : 0;
}

/* label.c */

/* A character's bit in a label's sig */
static inline uint64_t
char_bit(uint32_t c)
{
	return (uint64_t) 1 << ((c * 2654435761u) >> 26 & 63);
}

/* FNV-1a of a normalised label's code points (equal labels, equal hashes) */
static inline uint32_t
label_hash(const uint32_t *cp, int n)
{
	uint32_t	h = 2166136261u;

	for (int i = 0; i < n; i++)
		h = (h ^ cp[i]) * 16777619u;
	return h;
}

/* Row r takes known label k's entry and features (made by row_features for the entry's row). */
static inline void
take_known_features(PRow *r, int k)
{
	const PRow *e = known[k].row;

	r->known1 = k + 1;
	r->featured = true;
	r->nfeat = e->nfeat;
	r->fid = e->fid;
	r->nfid = e->nfid;
	r->xf = e->xf;
	r->nxf = e->nxf;
}

/* Normalise a printed row's label (once). */
static inline bool
norm_row(Ctx *x, PRow *r)
{
	if (r->normed)
		return true;
	r->normed = true;
	if (r->nlab == 1 && x->d->cells[r->lab[0]].known >= 0)
	{
		/* a known label: the entry's row was made by this function and row_features */
		const PRow *e = known[x->d->cells[r->lab[0]].known].row;

		r->numbering = e->numbering;
		r->cp = e->cp;
		r->ncp = e->ncp;
		r->sig = e->sig;
		r->norm = e->norm;
		r->nlen = e->nlen;
		r->nhash = e->nhash;
		take_known_features(r, x->d->cells[r->lab[0]].known);
		return true;
	}
	return norm_label(x, r);
}

/* tables.c */

static inline uint32_t
feat_hash(uint64_t f)
{
	f *= 0x9E3779B97F4A7C15ull;
	return (uint32_t) (f >> 40);
}

/* The id of feature f in the dictionary, or -1 */
static inline int
fdict_lookup(uint64_t f)
{
	uint32_t	h = feat_hash(f) & (uint32_t) fdict_mask;

	while (fdict_key[h] != 0)
	{
		if (fdict_key[h] == f)
			return fdict_id[h];
		h = (h + 1) & (uint32_t) fdict_mask;
	}
	return -1;
}

static inline bool
bit_test(const uint64_t *bits, int i)
{
	return (bits[i >> 6] >> (i & 63)) & 1;
}

/* The GiCode index of the q-th value of a slot. */
static inline int
slot_code(const GiTemplate *t, const Slot *s, int q)
{
	if (s->kind == SLOT_APPL || s->kind == SLOT_GROUP)
		return t->rows[s->row].first_code + q;
	return t->rows[s->row + q].first_code;
}

/* similarity.c */

/* Clear the seen bits of ids[0..n) (every bit set in seen is one of them) */
static inline void
clear_seen(uint64_t *seen, const int *ids, int n)
{
	for (int k = 0; k < n; k++)
		seen[ids[k] >> 6] = 0;
}

/* values.c */

/* s[0..len) as a count when it is 1 to 18 plain digits (plain_decimal's value), else false */
static inline bool
plain_count(const char *s, int len, int64_t *out)
{
	int64_t		v = 0;

	if (len < 1 || len > 18)
		return false;
	for (int i = 0; i < len; i++)
	{
		unsigned	d = (unsigned char) s[i] - (unsigned) '0';

		if (d > 9)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

#pragma GCC visibility pop

#endif							/* GOVINFO_PARSE_INT_H */
