/*
 * parse.c
 *	  The report-text parser's public entry: gi_parse_ex runs the stages
 *	  (parse.h) in turn; the result and its lines.
 */
#include "parse_int.h"

/*
 * 1. decode: HTML (also HTML escaped as text) or plain text into lines,
 * then each line into cells.
 */
static void
stage_decode(Ctx *x, const char *content, size_t len)
{
	Doc		   *d = x->d;
	bool		escaped;

	if (looks_html(content, len, &escaped))
	{
		d->html = true;
		if (escaped)
		{
			size_t		ulen = 0;
			char	   *u = unescape_entities(&d->arena, content, len, &ulen);

			if (u != NULL)
				decode_html(d, u, ulen);
			addlog(x, SEV_INFO, "", "", 0, "", 0, "HTML escaped as text: unescaped and read as HTML");
		}
		else
			decode_html(d, content, len);
	}
	else
		decode_text(d, (const unsigned char *) content, len);
	for (int li = 0; li < d->nlines && !d->arena.failed; li++)
		if (!(d->lines[li].flags & LF_SPLIT))
			split_line(d, li);
	if (d->truncated)
		addlog(x, SEV_WARNING, "", "", 0, "", 0,
			   "too many lines or cells: the text was read up to line %d", d->nlines);
}

/*
 * 2. classify every cell (a sentence is text: it is never folded), and mark
 * as prose an HTML row whose one cell is a sentence.  Returns the cells of
 * text, labels to be.
 */
static int
stage_classify(Doc *d)
{
	int			ntext = 0;

	for (int li = 0; li < d->nlines; li++)
	{
		Line	   *l = &d->lines[li];

		for (int k = 0; k < l->nc; k++)
		{
			Cell	   *c = &d->cells[l->c0 + k];

			if ((l->flags & LF_PROSE) || c->len > 120)
				c->cls = CELL_TEXT;
			else
			{
				const unsigned char *u = (const unsigned char *) d->text + c->off;

				classify_cell(d, c);
				ntext += c->cls == CELL_TEXT;
				/* (a known label is never a piece: most text cells are one) */
				if (c->cls == CELL_TEXT ? c->known < 0 && (u[0] <= '9' || u[0] == 0xEF ||
														   (c->len >= 3 && u[c->len - 3] == 0xE4)) :
					c->cls != CELL_EMPTY)
					l->marks |= LM_WRAP;
			}
		}
	}
	for (int li = 0; li < d->nlines; li++)
	{
		Line	   *l = &d->lines[li];
		int			nonempty = 0,
					last = -1;

		if (!(l->flags & LF_HTMLROW))
			continue;
		for (int k = 0; k < l->nc; k++)
			if (d->cells[l->c0 + k].cls != CELL_EMPTY)
			{
				nonempty++;
				last = l->c0 + k;
			}
		if (nonempty == 1 && d->cells[last].cls == CELL_TEXT &&
			is_prose(d->text + d->cells[last].off, d->cells[last].len, true))
			l->flags |= LF_PROSE;
	}
	return ntext;
}

/* 5. the agency and the year, from the lines before the table's first mapped row */
static void
stage_agency(Ctx *x, const Align *al)
{
	int			first = -1;

	for (int j = 0; j < al->ts->n; j++)
		if (al->slot_row[j] >= 0 && (first < 0 || al->slot_row[j] < first))
			first = al->slot_row[j];
	find_agency_year(x, first >= 0 ? x->rows[first].line : -1);
}

/*
 * The result and the context of a parse, before any stage: every cell
 * NULL, the options read, the per-process tables built.  NULL when the
 * result cannot be allocated; otherwise a status other than GI_PARSE_OK
 * means there is nothing to parse.
 */
static GiParseResult *
parse_start(Ctx *x, const GiParseOptions *opt, const GiTemplate **forced)
{
	GiParseResult *res = calloc(1, sizeof(GiParseResult));
	Doc		   *d;

	if (res == NULL)
		return NULL;
	d = calloc(1, sizeof(Doc));
	if (d == NULL)
	{
		free(res);
		return NULL;
	}
	res->doc = d;
	d->arena.limit = GI_PARSE_MEM_LIMIT;
	for (int i = 0; i < GI_MAX_CELLS; i++)
		res->nulls[i] = true;
	memset(x, 0, sizeof(*x));
	x->d = d;
	x->a = &d->arena;
	x->res = res;
	x->nolog = opt != NULL && opt->values_only;
	*forced = NULL;
	if (opt != NULL && opt->template_name != NULL)
	{
		*forced = gi_template_by_name(opt->template_name);
		if (*forced == NULL)
		{
			res->status = GI_PARSE_BAD_TEMPLATE;
			addlog(x, SEV_ERROR, "", "", 0, opt->template_name, -1, "unknown template");
			return res;
		}
	}
	if (template_slots(gi_templates[0]) == NULL ||
		(x->seen = arena_alloc(&d->arena, sizeof(uint64_t) * (size_t) (fdict_words + 1))) == NULL)
	{
		res->status = GI_PARSE_NO_MEMORY;
		return res;
	}
	memset(x->seen, 0, sizeof(uint64_t) * (size_t) (fdict_words + 1));
	build_known_labels();
	return res;
}

/*
 * Table 四 of gov2019 and gov2021 (its 15 figures one printed row) printed
 * under its heading, but no printed row taken for it (its row of figures
 * unlabelled, or cut beyond reading): an error naming it, so that its blank
 * cells are never silent.  (A row taken for it logs what it could not read.)
 */
static void
log_unread_table(Ctx *x, const Align *al)
{
	const Doc  *d = x->d;
	const TSlots *ts = al->ts;
	int			slot = -1;

	for (int i = 0; i < ts->n && slot < 0; i++)
		if (ts->s[i].kind == SLOT_T4)
			slot = i;
	if (slot < 0 || al->slot_row[slot] >= 0)
		return;
	for (int li = 0; li < d->nlines; li++)
	{
		const char *s = d->text + d->lines[li].off;
		int			len = d->lines[li].len;

		if (text_has(s, len, "行政复议") && text_has(s, len, "行政诉讼"))
		{
			addlog(x, SEV_ERROR, "四", s, len, "", 0,
				   "table 四 is printed (line %d) but no row of its %d figures could be found: its cells are left blank",
				   li + 1, ts->s[slot].k);
			return;
		}
	}
}

/*
 * The stages of parse.h in turn.  t4_noted: the text is a rewrite of cells
 * that ran together whose table 四 run was left blank with an error already.
 */
static GiParseResult *
parse_once(const char *content, size_t len, const GiParseOptions *opt, bool t4_noted)
{
	GiParseResult *res;
	Doc		   *d;
	Ctx			x;
	const GiTemplate *forced,
			   *t;
	bool		input_truncated = false;
	int			w0,
				w1,
				ext0,
				ext1,
				ntext;
	Align		al;

	if (content == NULL)
	{
		content = "";
		len = 0;
	}
	if (len > GI_PARSE_MAX_INPUT)
	{
		len = GI_PARSE_MAX_INPUT;
		input_truncated = true;
	}
	res = parse_start(&x, opt, &forced);
	if (res == NULL || res->status != GI_PARSE_OK)
		return res;
	d = x.d;
	if (input_truncated)
		addlog(&x, SEV_WARNING, "", "", 0, "", 0,
			   "input longer than %d bytes: only the first %d were read", GI_PARSE_MAX_INPUT, GI_PARSE_MAX_INPUT);

	/* 1. decode (decode_text.c, decode_html.c, lines.c) */
	stage_decode(&x, content, len);

	/* 2. classify the cells (classify.c) */
	ntext = stage_classify(d);

	/* 2b. cells a PDF wrapped inside their columns, put back (wrapped.c) */
	join_wrapped(&x);

	/* 3. printed rows (rows.c; about one a label: room for them at once, within reason) */
	if (!GROW(&d->arena, x.rows, x.rowcap, (ntext < 1024 ? ntext : 1024) + 16))
		goto nomem;
	build_rows(&x);
	if (d->arena.failed)
		goto nomem;

	/* 4. where the table is, and which template: each aligned with it (detect.c, align.c) */
	choose_window(&x, &w0, &w1);
	for (int i = w0; i < w1; i++)
		if (!norm_row(&x, &x.rows[i]))
			goto nomem;
	if (w1 > w0)
	{
		t = choose_template(&x, opt, forced, w0, w1, &al);
		if (t == NULL)
			goto nomem;
	}
	else
		t = NULL;
	if (t == NULL || al.nvalslots < 3)
	{
		res->status = GI_PARSE_NO_TABLE;
		addlog(&x, SEV_ERROR, "", "", 0, "", 0,
			   forced ? "no statistical table of template %s found in the text (%d line%s read)"
			   : "no statistical table found in the text%s (%d line%s read)",
			   forced ? forced->name : "", d->nlines, d->nlines == 1 ? "" : "s");
		return res;
	}
	res->template = t;
	res->ncells = t->ncells;

	/* 5. the agency and the year (agency.c) */
	stage_agency(&x, &al);

	/* 6. values -> cells (cells.c, values.c, columns.c), and the rows left unmapped */
	map_values(&x, t, &al, w0);
	if (x.nolog)
		ext0 = ext1 = -1;		/* neither the log nor the table's extent is wanted */
	else
		log_unmapped(&x, t, &al, w0, w1, &ext0, &ext1);
	if (d->arena.failed)
		goto nomem;
	if (x.nread < 3)
	{
		/* rows matched, but (almost) nothing could be read from them */
		res->status = GI_PARSE_NO_TABLE;
		res->template = NULL;
		res->ncells = 0;
		res->nmapped = 0;
		for (int i = 0; i < GI_MAX_CELLS; i++)
			res->nulls[i] = true;
		addlog(&x, SEV_ERROR, "", "", 0, "", 0,
			   forced ? "no statistical table of template %s found in the text: %d value%s could be read from the rows that matched"
			   : "no statistical table found in the text: %s%d value%s could be read from the rows that matched",
			   forced ? forced->name : "", x.nread, x.nread == 1 ? "" : "s");
		return res;
	}
	if (!x.nolog && !t4_noted)
		log_unread_table(&x, &al);
	if (ext0 >= 0)
		for (int li = x.rows[ext0].line; li <= x.rows[ext1].lastline && li < d->nlines; li++)
			d->lines[li].flags |= LF_TABLE;
	res->status = GI_PARSE_OK;
	return res;

nomem:
	res->status = GI_PARSE_NO_MEMORY;
	res->template = NULL;
	return res;
}

/* One cell of last year's report by its code: false when absent or blank. */
static bool
previous_cell(const GiParsePrevious *p, const char *code, int64_t *v)
{
	int			c;

	if (p == NULL || p->template == NULL || p->vals == NULL || p->nulls == NULL)
		return false;
	c = gi_code_lookup(p->template, code, (int) strlen(code));
	if (c < 0)
		return false;
	c = p->template->codes[c].pos;	/* a cell's position; -1 for a group */
	if (c < 0 || c >= p->template->ncells || p->nulls[c])
		return false;
	*v = p->vals[c];
	return true;
}

/* What last year's report says to runs_rewrite: the cells its continuity rules name. */
static void
previous_for_runs(const GiParsePrevious *p, RunPrevious *rp)
{
	/* the applicant columns in printed order; the row's own code is its 总计 */
	static const char *const cols[7] = {"@natural", "@commercial", "@research", "@nonprofit",
	"@legal", "@other", ""};

	memset(rp, 0, sizeof(*rp));
	rp->cout_known = true;
	for (int c = 0; c < 7; c++)
	{
		char		code[64];

		snprintf(code, sizeof(code), "apply.carried_out%s", cols[c]);
		rp->cout_known = rp->cout_known && previous_cell(p, code, &rp->cout[c]);
	}
	rp->rules_known = previous_cell(p, "proactive.rules.in_force", &rp->rules_in_force);
	rp->normative_known = previous_cell(p, "proactive.normative.in_force", &rp->normative_in_force);
}

/*
 * The stages in turn; when they find no table in plain text, the text again
 * with the rows whose cells ran together written a row a line (runs.c), and
 * what was decided about them in the log.
 */
GiParseResult *
gi_parse_ex(const char *content, size_t len, const GiParseOptions *opt)
{
	GiParseResult *res = parse_once(content, len, opt, false),
			   *res2;
	RunNote    *notes;
	int			nnotes;
	char	   *text;
	RunPrevious prev;
	Ctx			x;

	if (res == NULL || res->status != GI_PARSE_NO_TABLE || res->doc->html || content == NULL)
		return res;
	if (opt != NULL && opt->previous != NULL)
		previous_for_runs(opt->previous, &prev);
	text = runs_rewrite(content, len, opt != NULL && opt->previous != NULL ? &prev : NULL,
						&notes, &nnotes);
	if (text == NULL)
		return res;
	{
		bool		t4_noted = false;	/* table 四's run left blank: noted already */

		for (int k = 0; k < nnotes; k++)
			t4_noted |= !notes[k].warning && notes[k].section[0] != '\0';
		res2 = parse_once(text, strlen(text), opt, t4_noted);
	}
	if (res2 == NULL || res2->status != GI_PARSE_OK)
	{
		gi_parse_free(res2);
		free(text);
		free(notes);
		return res;
	}
	gi_parse_free(res);
	memset(&x, 0, sizeof(x));
	x.d = res2->doc;
	x.a = &res2->doc->arena;
	x.res = res2;
	x.nolog = opt != NULL && opt->values_only;
	x.logcap = res2->nlog;
	addlog(&x, SEV_INFO, "", "", 0, "", 0,
		   "cells ran together in the text: its rows read again a row a line");
	for (int k = 0; k < nnotes; k++)
	{
		const char *lab = log_input_str(&x, content + notes[k].lab_off, notes[k].lab_len, 240),
				   *dig = log_input_str(&x, content + notes[k].dig_off, notes[k].dig_len, 240);

		addlog(&x, notes[k].warning ? SEV_WARNING : SEV_ERROR, notes[k].section, lab, -1, dig, -1,
			   "%s", notes[k].msg);
	}
	free(text);
	free(notes);
	return res2;
}

GiParseResult *
gi_parse(const char *content, size_t len, const char *template_hint)
{
	GiParseOptions opt;

	memset(&opt, 0, sizeof(opt));
	opt.template_name = template_hint;
	return gi_parse_ex(content, len, &opt);
}

void
gi_parse_free(GiParseResult *res)
{
	if (res == NULL)
		return;
	if (res->doc != NULL)
	{
		arena_free(&res->doc->arena);
		free(res->doc);
	}
	free(res);
}

const char *
gi_parse_status_message(GiParseStatus status)
{
	switch (status)
	{
		case GI_PARSE_OK:
			return "ok";
		case GI_PARSE_NO_TABLE:
			return "no statistical table found";
		case GI_PARSE_BAD_TEMPLATE:
			return "unknown template";
		case GI_PARSE_NO_MEMORY:
			return "out of memory";
	}
	return "unknown status";
}

int
gi_parse_nlines(const GiParseResult *res)
{
	return res && res->doc ? res->doc->nlines : 0;
}

bool
gi_parse_line(const GiParseResult *res, int i, const char **text, int *len, bool *in_table)
{
	const Doc  *d;

	if (res == NULL || res->doc == NULL || i < 0 || i >= res->doc->nlines)
		return false;
	d = res->doc;
	*text = d->text + d->lines[i].off;
	*len = d->lines[i].len;
	*in_table = (d->lines[i].flags & LF_TABLE) != 0;
	return true;
}
