/*
 * runs.c
 *	  Text whose table cells ran together (page text saved by tools that drop
 *	  cell boundaries: every table on one line, "行政规范性文件8855698" for
 *	  88 · 55 · 698).  When the text parses to no table, runs_rewrite finds
 *	  such rows (a label followed at once by a run of digits), splits each run
 *	  into the row's number of values by the table's own arithmetic, and
 *	  writes the text again a row a line, values apart, for the parse to read.
 *	  A split is taken only when it is the one reading that satisfies the
 *	  identities (each applicant row's columns summing to its 总计, the outcome
 *	  rows summing to （七）总计, 新收 + 结转 = 办理 + 结转下年, table 四's blocks,
 *	  and, when last year's report is given, its continuity rules: 上年结转
 *	  = last year's 结转下年度继续办理, 现行有效件数 = last year's + 本年制发 -
 *	  本年废止); otherwise the row is written without values and an error is
 *	  noted.
 *	  The search is bounded: at most RUN_MAX_DIGITS digits a run, a value of
 *	  at most RUN_MAX_VALDIGITS digits, no leading zeros, RUN_MAX_STEPS steps
 *	  a row and RUN_MAX_CANDS readings kept.
 */
#include "parse_int.h"

#define RUN_MAX_DIGITS		48
#define RUN_MAX_VALDIGITS	7
#define RUN_MAX_WIDTH		15
#define RUN_MAX_CANDS		24
#define RUN_MAX_STEPS		20000
#define RUN_MAX_ROWS		256
#define RUN_MIN_ROWS		6

enum
{
	TB_NONE, TB_PROACTIVE, TB_APPLY, TB_REVIEW
};

enum
{
	ROLE_OTHER, ROLE_RECEIVED, ROLE_CARRIED_IN, ROLE_OUTCOME, ROLE_TOTAL, ROLE_CARRIED_OUT
};

typedef struct RunRow
{
	int			lab_off;		/* the label in the input */
	int			lab_len;
	int			dig_off;		/* the run of digits */
	int			dig_len;
	int			head_len;		/* bytes of the label that are a column head, before it */
	int			table;			/* TB_* */
	int			role;			/* ROLE_* (table 三) */
	int			width;			/* values the row has */
	bool		spaced;			/* table 四's values one space apart: read as they are */
	int			ncand;			/* readings that fit the row's own arithmetic */
	bool		overflow;		/* more than RUN_MAX_CANDS, or the search stopped */
	int64_t		cand[RUN_MAX_CANDS][RUN_MAX_WIDTH];
	int			decided;		/* the reading taken, or -1 */
	const char *why;			/* what decided it */
} RunRow;

typedef struct RunSearch
{
	const char *s;
	int			len;
	int			width;
	int			table;
	int64_t		cur[RUN_MAX_WIDTH];
	long		steps;
	RunRow	   *row;
} RunSearch;

/* The last occurrence of word in s[0, len): its end, or -1. */
static int
last_end(const char *s, int len, const char *word)
{
	int			n = (int) strlen(word);

	for (int i = len - n; i >= 0; i--)
		if (memcmp(s + i, word, (size_t) n) == 0)
			return i + n;
	return -1;
}

/* Does a reading satisfy the arithmetic within its row? */
static bool
row_fits(int table, int width, const int64_t *v)
{
	if (table == TB_APPLY && width == 7)
	{
		int64_t		sum = 0;

		for (int k = 0; k < 6; k++)
			sum += v[k];
		return sum == v[6];
	}
	if (table == TB_REVIEW && width % 5 == 0)
	{
		for (int b = 0; b < width; b += 5)
			if (v[b] + v[b + 1] + v[b + 2] + v[b + 3] != v[b + 4])
				return false;
		return true;
	}
	return true;
}

static void
search(RunSearch *rs, int pos, int k)
{
	RunRow	   *r = rs->row;

	if (r->overflow || ++rs->steps > RUN_MAX_STEPS)
	{
		r->overflow = true;
		return;
	}
	if (k == rs->width)
	{
		if (pos == rs->len && row_fits(rs->table, rs->width, rs->cur))
		{
			if (r->ncand == RUN_MAX_CANDS)
				r->overflow = true;
			else
				memcpy(r->cand[r->ncand++], rs->cur, sizeof(rs->cur));
		}
		return;
	}
	/* the digits left must fit the values left */
	{
		int			left = rs->len - pos,
					need = rs->width - k;

		if (left < need || left > need * RUN_MAX_VALDIGITS)
			return;
	}
	for (int n = 1; n <= RUN_MAX_VALDIGITS && pos + n <= rs->len; n++)
	{
		int64_t		v = 0;

		if (n > 1 && rs->s[pos] == '0')
			break;				/* no leading zeros: "0" alone */
		for (int q = 0; q < n; q++)
			v = v * 10 + (rs->s[pos + q] - '0');
		rs->cur[k] = v;
		search(rs, pos + n, k + 1);
	}
}

/* Every reading of row r's digits that its own arithmetic allows. */
static void
row_readings(const char *in, RunRow *r)
{
	RunSearch	rs;

	r->ncand = 0;
	r->overflow = false;
	r->decided = -1;
	r->why = NULL;
	if (r->width <= 0 || r->width > RUN_MAX_WIDTH || r->dig_len > RUN_MAX_DIGITS)
	{
		r->overflow = true;
		return;
	}
	memset(&rs, 0, sizeof(rs));
	rs.s = in + r->dig_off;
	rs.len = r->dig_len;
	rs.width = r->width;
	rs.table = r->table;
	rs.row = r;
	search(&rs, 0, 0);
}

/* The table a heading opens, from its words; -1 when none. */
static int
heading_table(const char *s, int len)
{
	if (text_has(s, len, "主动公开政府信息情况"))
		return TB_PROACTIVE;
	if (text_has(s, len, "收到和处理政府信息公开申请情况"))
		return TB_APPLY;
	if (text_has(s, len, "行政复议") && text_has(s, len, "行政诉讼") && text_has(s, len, "、"))
		return TB_REVIEW;
	if (text_has(s, len, "存在的主要问题") || text_has(s, len, "其他需要报告的事项"))
		return TB_NONE;
	return -1;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * May the character at s[i] (len bytes) follow a row's run of digits?  A
 * label's start, a space or the end; not a unit (条, 件, 年 …) nor
 * punctuation, which prose puts after its numbers.
 */
static bool
run_may_end(const char *s, int len, int i)
{
	uint32_t	cp;
	static const char *const units[] = {"条", "件", "年", "月", "日", "个", "号", "层", "%", "万", "元",
	"次", "家", "人", "项", "份", "篇", "期", "场", "部", "类", "名", "余", "多", "天", "小", NULL};

	if (i >= len || s[i] == ' ' || s[i] == '\n' || s[i] == '\t')
		return true;
	for (int k = 0; units[k] != NULL; k++)
		if (strncmp(s + i, units[k], strlen(units[k])) == 0)
			return false;
	DEC(s + i, (size_t) (len - i), &cp);
	return is_cjk(cp) || cp == 0xFF08 || cp == '(';
}

/* Table 三's role of a row, from its label. */
static int
apply_role(const char *s, int len, bool in_results)
{
	if (text_has(s, len, "本年新收"))
		return ROLE_RECEIVED;
	if (text_has(s, len, "上年结转"))
		return ROLE_CARRIED_IN;
	if (text_has(s, len, "结转下年"))
		return ROLE_CARRIED_OUT;
	if (text_has(s, len, "总计") && in_results)
		return ROLE_TOTAL;
	return in_results ? ROLE_OUTCOME : ROLE_OTHER;
}

/*
 * The rows of one line [off, end): labels each followed at once by a run of
 * digits.  *table carries the table from line to line.  The rows found.
 */
static int
line_rows(const char *in, int off, int end, int *table, bool *in_results, RunRow *rows, int nrows)
{
	int			seg = off,		/* where the text since the last row starts */
				hseg = off;		/* where the text since the last run starts */

	for (int i = off; i < end && nrows < RUN_MAX_ROWS;)
	{
		int			j = i,
					lab,
					e,
					t;

		if (!is_digit(in[i]))
		{
			i++;
			continue;
		}
		while (j < end && (is_digit(in[j]) || (in[j] == '.' && j + 1 < end && is_digit(in[j + 1]) &&
											  j > i)))
			j++;
		/* the next label's numbering ("…00000002.其他"): not the row's */
		e = j;
		if (j < end && j - i > 1 && (in[j] == '.' || strncmp(in + j, "、", 3) == 0 ||
									 strncmp(in + j, "．", 3) == 0))
			e = j - 1;
		t = heading_table(in + hseg, i - hseg);
		if (t >= 0)
		{
			*table = t;
			*in_results = false;
		}
		if (*table == TB_APPLY && text_has(in + hseg, i - hseg, "办理结果"))
			*in_results = true;
		/* the label: back from the run over spaces, to a space or the text's start */
		lab = i;
		while (lab > seg && in[lab - 1] == ' ' && i - lab < 16)
			lab--;
		{
			int			le = lab;
			int			stop = le - seg > 241 ? le - 241 : seg;

			while (lab > stop && in[lab - 1] != ' ' && !(lab - seg >= 3 &&
														(strncmp(in + lab - 3, "。", 3) == 0 ||
														 strncmp(in + lab - 3, "；", 3) == 0)))
				lab--;
			if (*table != TB_NONE && le > lab && (i == 0 || !is_digit(in[i - 1])) &&
				(e == j ? run_may_end(in, end, j) : true) && le - lab <= 240 &&
				!(i > off && in[i - 1] == '.'))
			{
				RunRow	   *r = &rows[nrows];
				int			h;

				memset(r, 0, sizeof(*r));
				r->lab_off = lab;
				r->lab_len = le - lab;
				r->dig_off = i;
				r->dig_len = e - i;
				r->table = *table;
				/* column heads printed before the first row's label */
				h = last_end(in + lab, le - lab, "数量");
				if (h < 0)
					h = last_end(in + lab, le - lab, "件数");
				if (h < 0)
					h = last_end(in + lab, le - lab, "）");
				r->head_len = h > 0 && *table == TB_PROACTIVE && h < le - lab ? h : 0;
				if (*table == TB_APPLY)
				{
					r->width = 7;
					r->role = apply_role(in + lab, le - lab, *in_results);
				}
				else if (*table == TB_PROACTIVE)
					r->width = text_has(in + lab, le - lab, "规章") || text_has(in + lab, le - lab, "规范性文件") ? 3 : 1;
				else
				{
					/* table 四: its values one space apart, or one run of 15 or more digits */
					int			p = j,
								k = 1;

					while (p + 1 < end && in[p] == ' ' && is_digit(in[p + 1]) && k < RUN_MAX_WIDTH)
					{
						p++;
						while (p < end && is_digit(in[p]))
							p++;
						k++;
					}
					r->head_len = r->lab_len;
					if (k >= 5 && e == j && run_may_end(in, end, p))
					{
						r->spaced = true;
						r->width = k;
						r->dig_len = p - i;
						e = p;
					}
					else
						r->width = e - i >= 15 ? 15 : 0;
				}
				if ((r->width > 0 && memchr(in + i, '.', (size_t) (e - i)) == NULL) ||
					r->width == 1)	/* an amount: read as it is */
				{
					nrows++;
					seg = e;
				}
			}
		}
		i = e;
		hseg = e;
	}
	return nrows;
}

/* Sum over rows of one role (or one row), column c; false when one is undecided. */
static bool
role_sum(RunRow *rows, int n, int role, int c, int64_t *sum, int *undecided)
{
	*sum = 0;
	for (int k = 0; k < n; k++)
		if (rows[k].table == TB_APPLY && rows[k].role == role)
		{
			if (rows[k].decided < 0)
			{
				if (undecided != NULL)
					*undecided = k;
				return false;
			}
			*sum += rows[k].cand[rows[k].decided][c];
		}
	return true;
}

/*
 * Does reading q of row u keep table 三's column identities, all the other
 * rows they take being decided?  -1: cannot tell (another row undecided),
 * 0: breaks one, 1: keeps them.
 */
static int
apply_fits(RunRow *rows, int n, int u, int q)
{
	int			save = rows[u].decided;
	int			result = 1;
	bool		any = false;

	rows[u].decided = q;
	for (int c = 0; c < 7 && result != 0; c++)
	{
		int64_t		out,
					tot,
					rec,
					cin,
					cout;
		bool		k_out = role_sum(rows, n, ROLE_OUTCOME, c, &out, NULL),
					k_tot = role_sum(rows, n, ROLE_TOTAL, c, &tot, NULL);
		bool		k_rec = role_sum(rows, n, ROLE_RECEIVED, c, &rec, NULL),
					k_cin = role_sum(rows, n, ROLE_CARRIED_IN, c, &cin, NULL),
					k_cout = role_sum(rows, n, ROLE_CARRIED_OUT, c, &cout, NULL);

		if ((rows[u].role == ROLE_OUTCOME || rows[u].role == ROLE_TOTAL) && k_out && k_tot)
		{
			any = true;
			if (out != tot)
				result = 0;
		}
		if (rows[u].role != ROLE_OUTCOME && rows[u].role != ROLE_OTHER && k_tot && k_rec && k_cin && k_cout)
		{
			any = true;
			if (rec + cin != tot + cout)
				result = 0;
		}
	}
	rows[u].decided = save;
	return result == 0 ? 0 : any ? 1 : -1;
}

/*
 * Does reading q of row r keep the continuity rules with last year's
 * report?  -1: they say nothing of this row, 0: breaks one, 1: keeps them.
 * in_force: the text's table 二 has the columns 本年制发 · 本年废止 · 现行有效
 * (gov2021), whose third follows from last year's.
 */
static int
prev_fits(const RunRow *r, int q, const RunPrevious *prev, const char *in, bool in_force)
{
	const int64_t *v = r->cand[q];

	if (prev == NULL)
		return -1;
	if (r->table == TB_APPLY && r->role == ROLE_CARRIED_IN && r->width == 7 && prev->cout_known)
	{
		for (int c = 0; c < 7; c++)
			if (v[c] != prev->cout[c])
				return 0;
		return 1;
	}
	if (r->table == TB_PROACTIVE && r->width == 3 && in_force)
	{
		const char *lab = in + r->lab_off + r->head_len;
		int			len = r->lab_len - r->head_len;
		bool		normative = text_has(lab, len, "规范性文件");
		bool		rules = !normative && text_has(lab, len, "规章");

		if ((normative && prev->normative_known) || (rules && prev->rules_known))
		{
			int64_t		last = normative ? prev->normative_in_force : prev->rules_in_force;

			return v[2] == last + v[0] - v[1] ? 1 : 0;
		}
	}
	return -1;
}

/*
 * The rows the table's own identities leave undecided, decided by last
 * year's report where exactly one reading keeps its continuity rules (and
 * breaks no column identity).  True when one was decided.
 */
static bool
decide_by_previous(RunRow *rows, int n, const RunPrevious *prev, const char *in, bool in_force)
{
	bool		changed = false;

	for (int k = 0; k < n; k++)
	{
		int			fit = -1,
					nfit = 0;
		bool		silent = false;

		if (rows[k].decided >= 0 || rows[k].overflow || rows[k].ncand < 2)
			continue;
		for (int q = 0; q < rows[k].ncand && !silent; q++)
		{
			int			f = prev_fits(&rows[k], q, prev, in, in_force);

			if (f < 0)
				silent = true;
			else if (f == 1 && (rows[k].table != TB_APPLY || apply_fits(rows, n, k, q) != 0))
			{
				fit = q;
				nfit++;
			}
		}
		if (!silent && nfit == 1)
		{
			rows[k].decided = fit;
			rows[k].why = rows[k].table == TB_APPLY ?
				"上年结转 equals last year's 结转下年度继续办理 (the report given as last year's)" :
				"现行有效件数 = last year's 现行有效件数 + 本年制发 - 本年废止 (the report given as last year's)";
			changed = true;
		}
	}
	return changed;
}

/*
 * Decide each row: its one reading, or the one the column identities leave,
 * or last year's report (prev, may be NULL) leaves.
 */
static void
decide(RunRow *rows, int n, const RunPrevious *prev, const char *in, bool in_force)
{
	bool		changed = true;

	for (int k = 0; k < n; k++)
		if (!rows[k].overflow && rows[k].ncand == 1)
		{
			rows[k].decided = 0;
			rows[k].why = rows[k].table == TB_APPLY ? "its columns sum to its 总计" :
				rows[k].table == TB_REVIEW ? "each block's parts sum to its 总计" : "its digits";
		}
	for (int round = 0; changed && round < 2 * n + 2; round++)
	{
		changed = false;
		for (int k = 0; k < n; k++)
		{
			int			fit = -1,
						nfit = 0;
			bool		unknown = false;

			if (rows[k].decided >= 0 || rows[k].overflow || rows[k].ncand < 2 ||
				rows[k].table != TB_APPLY)
				continue;
			for (int q = 0; q < rows[k].ncand; q++)
			{
				int			f = apply_fits(rows, n, k, q);

				if (f < 0)
					unknown = true;
				else if (f == 1)
				{
					fit = q;
					nfit++;
				}
			}
			if (!unknown && nfit == 1)
			{
				rows[k].decided = fit;
				rows[k].why = rows[k].role == ROLE_OUTCOME || rows[k].role == ROLE_TOTAL ?
					"the outcome rows sum to （七）总计, column by column" :
					"新收 + 结转 = 办理 + 结转下年, column by column";
				changed = true;
			}
		}
		if (!changed && prev != NULL)
			changed = decide_by_previous(rows, n, prev, in, in_force);
	}
}

static bool
out_put(char **buf, int *len, int *cap, const char *s, int n)
{
	if (*len + n + 1 > *cap)
	{
		int			nc = (*cap + n + 1) * 2;
		char	   *nb = realloc(*buf, (size_t) nc);

		if (nb == NULL)
			return false;
		*buf = nb;
		*cap = nc;
	}
	memcpy(*buf + *len, s, (size_t) n);
	*len += n;
	(*buf)[*len] = '\0';
	return true;
}

/*
 * The text rewritten a row a line, values apart, when it has rows whose
 * cells ran together; NULL otherwise (or out of memory).  last: what last
 * year's report says (NULL when none was given).  The notes of
 * what was decided go to notes (malloc'd, *nnotes of them); the caller
 * frees both.
 */
char *
runs_rewrite(const char *in, size_t len0, const RunPrevious *last, RunNote **notes, int *nnotes)
{
	RunRow	   *rows;
	int			n = 0,
				table = TB_NONE,
				ncut = 0,
				len = (int) len0;
	bool		in_results = false;
	char	   *out = NULL;
	int			olen = 0,
				ocap = 0,
				prev = 0;
	bool		ok = true;

	*notes = NULL;
	*nnotes = 0;
	if (len0 > GI_PARSE_MAX_INPUT)
		return NULL;
	rows = malloc(sizeof(RunRow) * RUN_MAX_ROWS);
	if (rows == NULL)
		return NULL;
	for (int i = 0; i < len && n < RUN_MAX_ROWS;)
	{
		const char *nl = memchr(in + i, '\n', (size_t) (len - i));
		int			e = nl ? (int) (nl - in) : len;

		n = line_rows(in, i, e, &table, &in_results, rows, n);
		i = e + 1;
	}
	/* run together: rows a line with runs longer than a value each */
	for (int k = 0; k < n; k++)
		ncut += !rows[k].spaced && rows[k].width > 1 && rows[k].dig_len >= rows[k].width;
	if (n < RUN_MIN_ROWS || ncut < 3)
	{
		free(rows);
		return NULL;
	}
	for (int k = 0; k < n; k++)
		if (!rows[k].spaced)
			row_readings(in, &rows[k]);
		else
			rows[k].decided = -1;
	decide(rows, n, last, in, text_has(in, len, "现行有效件数"));
	*notes = calloc((size_t) n, sizeof(RunNote));
	if (*notes == NULL)
	{
		free(rows);
		return NULL;
	}
	for (int k = 0; k < n && ok; k++)
	{
		RunRow	   *r = &rows[k];
		RunNote    *note = &(*notes)[*nnotes];
		int			lab = r->lab_off + r->head_len;

		note->section = r->table == TB_REVIEW ? "四" : "";

		ok = out_put(&out, &olen, &ocap, in + prev, r->lab_off - prev) &&
			out_put(&out, &olen, &ocap, "\n", 1);
		if (ok && r->head_len > 0)
			ok = out_put(&out, &olen, &ocap, in + r->lab_off, r->head_len) &&
				out_put(&out, &olen, &ocap, "\n", 1);
		ok = ok && out_put(&out, &olen, &ocap, in + lab, r->lab_len - r->head_len);
		if (r->spaced)
		{
			for (int q = r->dig_off; ok && q < r->dig_off + r->dig_len; q++)
				ok = out_put(&out, &olen, &ocap, in[q] == ' ' ? "\t" : in + q, 1);
		}
		else if (r->width == 1 || r->dig_len == 0)
		{
			ok = ok && out_put(&out, &olen, &ocap, "\t", 1) &&
				out_put(&out, &olen, &ocap, in + r->dig_off, r->dig_len);
		}
		else if (r->decided >= 0)
		{
			char		vals[RUN_MAX_WIDTH * 24],
						shown[RUN_MAX_WIDTH * 24];
			int			o = 0,
						so = 0;

			for (int q = 0; q < r->width; q++)
			{
				o += snprintf(vals + o, sizeof(vals) - (size_t) o, "\t%lld",
							  (long long) r->cand[r->decided][q]);
				so += snprintf(shown + so, sizeof(shown) - (size_t) so, "%s%lld", q ? " · " : " ",
							   (long long) r->cand[r->decided][q]);
			}
			ok = ok && out_put(&out, &olen, &ocap, vals, o);
			if (r->dig_len > r->width)
			{
				note->warning = true;
				note->lab_off = lab;
				note->lab_len = r->lab_len - r->head_len;
				note->dig_off = r->dig_off;
				note->dig_len = r->dig_len;
				snprintf(note->msg, sizeof(note->msg), "digits run together read as%s: the one reading where %s",
						 shown, r->why);
				(*nnotes)++;
			}
		}
		else
		{
			note->warning = false;
			note->lab_off = lab;
			note->lab_len = r->lab_len - r->head_len;
			note->dig_off = r->dig_off;
			note->dig_len = r->dig_len;
			if (r->overflow)
				snprintf(note->msg, sizeof(note->msg),
						 "digits run together: too many readings into %d values, cells left blank", r->width);
			else if (r->ncand == 0)
				snprintf(note->msg, sizeof(note->msg),
						 "digits run together: no reading into %d values fits the table's arithmetic, cells left blank",
						 r->width);
			else
				snprintf(note->msg, sizeof(note->msg),
						 "digits run together: %d readings into %d values fit the table's arithmetic, cells left blank",
						 r->ncand, r->width);
			(*nnotes)++;
		}
		ok = ok && out_put(&out, &olen, &ocap, "\n", 1);
		prev = r->dig_off + r->dig_len;
	}
	ok = ok && out_put(&out, &olen, &ocap, in + prev, len - prev);
	free(rows);
	if (!ok)
	{
		free(out);
		free(*notes);
		*notes = NULL;
		*nnotes = 0;
		return NULL;
	}
	return out;
}
