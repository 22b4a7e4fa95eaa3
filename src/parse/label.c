/*
 * label.c
 *	  Label normalisation and a label's features (unigrams and bigrams).
 */
#include "parse_int.h"

/* 一 .. 九 -> 1 .. 9, 十 -> 10, else 0 */
int
cn_digit(uint32_t c)
{
	if (c < 0x4E00 || c > 0x56DB)
		return 0;
	switch (c)
	{
		case 0x4E00:
			return 1;
		case 0x4E8C:
			return 2;
		case 0x4E09:
			return 3;
		case 0x56DB:
			return 4;
		case 0x4E94:
			return 5;
		case 0x516D:
			return 6;
		case 0x4E03:
			return 7;
		case 0x516B:
			return 8;
		case 0x4E5D:
			return 9;
		case 0x5341:			/* 十 */
			return 10;
		default:
			return 0;
	}
}

/* Value of a Chinese numeral run of n (1-3) characters, or 0. */
static int
cn_value(const uint32_t *c, int n)
{
	int			a = n > 0 ? cn_digit(c[0]) : 0,
				b = n > 1 ? cn_digit(c[1]) : 0,
				e = n > 2 ? cn_digit(c[2]) : 0;

	if (n == 1)
		return a;
	if (n == 2)
		return a == 10 && b > 0 && b < 10 ? 10 + b : (b == 10 && a > 0 && a < 10 ? a * 10 : 0);
	if (n == 3)
		return a > 0 && a < 10 && b == 10 && e > 0 && e < 10 ? a * 10 + e : 0;
	return 0;
}

/* Strip one numbering prefix at in[*p]; returns its code or NUM_NONE. */
int
strip_numbering(const uint32_t *in, int n, int *p)
{
	int			i = *p,
				k;

	/* 其中： */
	if (i + 1 < n && in[i] == 0x5176 && in[i + 1] == 0x4E2D)
	{
		i += 2;
		if (i < n && in[i] == ':')
			i++;
		*p = i;
		return NUM_OFWHICH * 1000;
	}
	if (i < n && in[i] == '(')
	{
		for (k = i + 1; k < n && k < i + 4 && cn_digit(in[k]); k++)
			;
		if (k > i + 1 && k < n && in[k] == ')' && cn_value(in + i + 1, k - i - 1) > 0)
		{
			int			v = cn_value(in + i + 1, k - i - 1);

			*p = k + 1;
			return NUM_CNPAR * 1000 + v;
		}
		for (k = i + 1; k < n && k < i + 3 && in[k] >= '0' && in[k] <= '9'; k++)
			;
		if (k > i + 1 && k < n && in[k] == ')')
		{
			int			v = 0;

			for (int j = i + 1; j < k; j++)
				v = v * 10 + (int) (in[j] - '0');
			*p = k + 1;
			return NUM_DIGPAR * 1000 + v;
		}
		return NUM_NONE;
	}
	for (k = i; k < n && k < i + 3 && cn_digit(in[k]); k++)
		;
	if (k > i && k < n && (in[k] == 0x3001 || in[k] == '.' || in[k] == ',') &&
		cn_value(in + i, k - i) > 0)
	{
		int			v = cn_value(in + i, k - i);

		*p = k + 1;
		return NUM_CN * 1000 + v;
	}
	for (k = i; k < n && k < i + 2 && in[k] >= '0' && in[k] <= '9'; k++)
		;
	if (k > i && k < n && (in[k] == 0x3001 || in[k] == '.' || in[k] == ',') &&
		!(k + 1 < n && in[k + 1] >= '0' && in[k + 1] <= '9'))
	{
		int			v = 0;

		for (int j = i; j < k; j++)
			v = v * 10 + (int) (in[j] - '0');
		*p = k + 1;
		return NUM_DIGIT * 1000 + v;
	}
	return NUM_NONE;
}

/*
 * Normalise folded code points (spaces already dropped): markup, numbering,
 * parenthesised parts (pinyin, annotations) and punctuation removed.
 */
int
normalise_cps(const uint32_t *in0, int n0, uint32_t *out, int outcap, int *numbering)
{
	uint32_t	buf[LABEL_MAX_CP * 3];
	const uint32_t *in = buf;
	int			n = 0,
				p = 0,
				o = 0,
				depth = 0,
				lt = 0;

	/*
	 * Drop markup such as <br> that was escaped into the text: into buf,
	 * from the first '<' on (without one, the label is read where it is).
	 */
	while (lt < n0 && lt < (int) (sizeof(buf) / sizeof(buf[0])) && in0[lt] != '<')
		lt++;
	if (lt == n0)
	{
		in = in0;
		n = n0;
	}
	else
	{
		memcpy(buf, in0, sizeof(uint32_t) * (size_t) lt);
		n = lt;
	}
	for (int i = n; in == buf && i < n0 && n < (int) (sizeof(buf) / sizeof(buf[0])); i++)
	{
		if (in0[i] == '<' && i + 1 < n0 &&
			((in0[i + 1] | 0x20) >= 'a' && (in0[i + 1] | 0x20) <= 'z' ? true : in0[i + 1] == '/'))
		{
			int			j;

			for (j = i + 1; j < n0 && j < i + 40 && in0[j] != '>' && in0[j] < 0x80; j++)
				;
			if (j < n0 && in0[j] == '>')
			{
				i = j;
				continue;
			}
		}
		buf[n++] = in0[i];
	}
	*numbering = NUM_NONE;
	for (int k = 0; k < 3; k++)
	{
		int			v = strip_numbering(in, n, &p);

		if (v == NUM_NONE)
			break;
		if (*numbering == NUM_NONE)
			*numbering = v;
	}
	for (; p < n; p++)
	{
		uint32_t	c = in[p];

		if (c == '(')
			depth++;
		else if (c == ')')
		{
			if (depth > 0)
				depth--;
			else
				o = 0;			/* closes a parenthesis opened on an earlier line */
		}
		else if (depth == 0 && o < outcap)
		{
			if (is_cjk(c))
				out[o++] = c;
			else if (is_ascii_alnum(c))
				out[o++] = (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
		}
	}
	return o;
}

/* Fold a UTF-8 string into code points, spaces dropped. */
int
fold_cps(const char *s, int len, uint32_t *out, int cap)
{
	const unsigned char *u = (const unsigned char *) s;
	int			o = 0;

	for (int i = 0; i < len && o < cap;)
	{
		uint32_t	c;
		unsigned char b = u[i];

		if (b < 0x80)
		{
			i++;
			if (b != ' ' && b != '\t' && b != '\n')
				out[o++] = b;
			continue;
		}
		/* U+4000-U+9FFF, well formed */
		if (b >= 0xE4 && b <= 0xE9 && i + 2 < len &&
			(u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80)
		{
			c = ((uint32_t) (b & 0x0F) << 12) | ((uint32_t) (u[i + 1] & 0x3F) << 6) | (u[i + 2] & 0x3F);
			out[o++] = trad_fold(c);
			i += 3;
			continue;
		}
		i += DEC(s + i, (size_t) (len - i), &c);
		c = fold(c);
		if (c == ' ' || c == '\t' || c == '\n')
			continue;
		out[o++] = c;
	}
	return o;
}

int
gi_parse_normalise_label(const char *s, int len, char *out, int outsize)
{
	uint32_t	f[LABEL_MAX_CP * 3],
				nrm[LABEL_MAX_CP];
	int			nf,
				nn,
				num,
				o = 0;

	if (outsize <= 0)
		return 0;
	nf = fold_cps(s, len, f, (int) (sizeof(f) / sizeof(f[0])));
	nn = normalise_cps(f, nf, nrm, LABEL_MAX_CP, &num);
	for (int i = 0; i < nn; i++)
	{
		char		b[4];
		int			k = utf8_enc(nrm[i], b);

		if (o + k >= outsize)
			break;
		memcpy(out + o, b, (size_t) k);
		o += k;
	}
	out[o] = '\0';
	return o;
}

/*
 * Unigram and bigram features of a normalised label (a slot's), unique, in
 * no order.  *sig: the unigrams' bits.  (A printed row's features are made
 * by row_features, as ids in the dictionary of the slots' features.)
 */
int
make_features(const uint32_t *cp, int n, uint64_t *feat, uint64_t *sig)
{
	uint64_t	set[512];		/* 2 * LABEL_MAX_CP features at most: load <= 0.375 */
	int			m = 0,
				bits = 6;

	/* a table about four times the features, cleared only as far as used */
	while ((1 << bits) < 4 * (2 * n + 1) && bits < 9)
		bits++;
	memset(set, 0, sizeof(uint64_t) << bits);
	*sig = 0;
	for (int i = 0; i < n; i++)
	{
		for (int b = 0; b < 2; b++)
		{
			uint64_t	f,
						h;

			if (b == 0)
				f = UNIGRAM(cp[i]);	/* never 0, which marks an empty slot of the set */
			else if (i + 1 < n)
				f = BIGRAM(cp[i], cp[i + 1]);
			else
				continue;
			h = (f * 0x9E3779B97F4A7C15ull) >> (64 - bits);
			while (set[h] != 0 && set[h] != f)
				h = (h + 1) & ((1u << bits) - 1);
			if (set[h] == 0)
			{
				set[h] = f;
				feat[m++] = f;
			}
		}
		*sig |= char_bit(cp[i]);
	}
	return m;
}

/*
 * The first entry of known[] whose normalised label is norm (its
 * label_hash nhash), or -1.
 */
static inline int
known_by_norm(const char *norm, uint32_t nhash)
{
	if (known_norm_slot == NULL)
		return -1;
	for (uint32_t h = nhash & (uint32_t) known_mask; known_norm_slot[h] >= 0; h = (h + 1) & (uint32_t) known_mask)
	{
		const PRow *e = known[known_norm_slot[h]].row;

		if (e->nhash == nhash && strcmp(e->norm, norm) == 0)
			return known_norm_slot[h];
	}
	return -1;
}

/*
 * norm_row of a label that is not a known one: fold and normalise it.  When
 * a known label normalises alike (a traditional form, another numbering, an
 * annotation in a cell of its own), all that follows from the normalised
 * label is that label's: its features, and through known1 its key words,
 * column words, near slots and joins.
 */
bool
norm_label(Ctx *x, PRow *r)
{
	uint32_t	f[LABEL_MAX_CP * 3],
				nrm[LABEL_MAX_CP];
	int			nf = 0,
				nn;
	char		utf[LABEL_MAX_CP * 4 + 1];
	int			o = 0,
				k;

	for (k = 0; k < r->nlab; k++)
	{
		const Cell *c = &x->d->cells[r->lab[k]];

		nf += fold_cps(x->d->text + c->off, c->len, f + nf, (int) (sizeof(f) / sizeof(f[0])) - nf);
	}
	nn = normalise_cps(f, nf, nrm, LABEL_MAX_CP, &r->numbering);
	r->ncp = nn;
	r->cp = arena_alloc(x->a, sizeof(uint32_t) * (size_t) (nn > 0 ? nn : 1));
	if (r->cp == NULL)
		return false;
	if (nn > 0)
		memcpy(r->cp, nrm, sizeof(uint32_t) * (size_t) nn);
	r->sig = 0;
	for (int i = 0; i < nn; i++)
	{
		r->sig |= char_bit(nrm[i]);
		o += utf8_enc(nrm[i], utf + o);
	}
	utf[o] = '\0';
	r->norm = arena_strndup(x->a, utf, (size_t) o);
	r->nlen = o;
	r->nhash = label_hash(nrm, nn);
	if (r->norm == NULL)
		return false;
	if (nn > 0 && (k = known_by_norm(r->norm, r->nhash)) >= 0)
		take_known_features(r, k);
	return true;
}
