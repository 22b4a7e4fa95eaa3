/*
 * unit_ocr.c
 *	  Unit tests of govinfo-import's OCR helpers (tools/import/ocr_layout.c),
 *	  no server, no tesseract: the layout of tesseract's TSV words into
 *	  lines and columns, and the erasing of table rules from a page image.
 *	  Run by `make unitcheck`; ends with "N passed, N failed".
 */
#include "convert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int	passed,
			failed;

static void
check_str(const char *name, const char *want, const char *got)
{
	if (strcmp(want, got) == 0)
	{
		passed++;
		printf("ok - %s\n", name);
	}
	else
	{
		failed++;
		printf("not ok - %s\n#   want: [%s]\n#   got:  [%s]\n", name, want, got);
	}
}

static void
check(const char *name, bool ok)
{
	if (ok)
		passed++;
	else
		failed++;
	printf("%s - %s\n", ok ? "ok" : "not ok", name);
}

#define HEAD "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
#define WORD(b, l, x, y, w, h, t) "5\t1\t" #b "\t1\t" #l "\t1\t" #x "\t" #y "\t" #w "\t" #h "\t90\t" t "\n"

static char *
layout(const char *tsv)
{
	size_t		len;

	return gi_ocr_layout(tsv, &len);
}

static void
test_layout(void)
{
	char	   *s;

	/*
	 * A table row whose label and figure tesseract put in two blocks, at
	 * slightly different heights: one line, each word at its column.
	 * Characters 40 pixels high: a column is 20 pixels, so 件 at x = 1000
	 * starts in column 50 and 40 at x = 1200 in column 60.
	 */
	s = layout(HEAD
			   WORD(1, 1, 200, 100, 80, 40, "收到")
			   WORD(1, 1, 285, 101, 120, 40, "申请数")
			   WORD(2, 1, 1000, 104, 40, 38, "件")
			   WORD(3, 1, 1200, 98, 60, 42, "40")
			   WORD(1, 2, 200, 200, 40, 40, "合计"));
	check_str("a row's cells from different blocks make one line, each at its column",
			  "          收到申请数" "                              " "件        40\n"
			  "          合计\n", s);
	free(s);

	/* a border read as a quote or a bar beside a figure is trimmed; inside a label it is kept */
	s = layout(HEAD
			   WORD(1, 1, 0, 0, 40, 40, "条")
			   WORD(1, 1, 200, 0, 80, 40, "\xE2\x80\x9D" "1200")
			   WORD(1, 1, 400, 0, 60, 40, "|22|")
			   WORD(1, 1, 600, 0, 80, 40, "1,084")
			   WORD(1, 1, 800, 0, 80, 40, "\xE2\x80\x9C" "三安全" "\xE2\x80\x9D"));
	check_str("border marks around a figure are trimmed, a figure's separators and quoted words kept",
			  "条        1200      22        1,084     \xE2\x80\x9C三安全\xE2\x80\x9D\n", s);
	free(s);

	/* close words join: CJK without a space, two ASCII words with one */
	s = layout(HEAD
			   WORD(1, 1, 0, 0, 40, 40, "共")
			   WORD(1, 1, 45, 0, 40, 40, "2016")
			   WORD(1, 1, 90, 0, 40, 40, "年")
			   WORD(1, 1, 300, 0, 40, 40, "12")
			   WORD(1, 1, 350, 0, 40, 40, "345"));
	check_str("close words join; a wide gap is at least two spaces",
			  "共2016年       12 345\n", s);
	free(s);

	/*
	 * A box far wider than its character (tesseract's often are): the gap is
	 * measured from the character's ink; a unit and its figure a character
	 * apart are one space apart, two letter-spaced CJK words join.
	 */
	s = layout(HEAD
			   WORD(1, 1, 0, 0, 300, 40, "条")
			   WORD(1, 1, 80, 0, 100, 40, "1,004")
			   WORD(1, 2, 0, 100, 40, 40, "制")
			   WORD(1, 2, 70, 100, 40, 40, "发"));
	check_str("gaps from the ink, not the box: a unit and its figure one space apart, spaced CJK joined",
			  "条 1,004\n制发\n", s);
	free(s);

	/* only words (level 5) with text count; no words, no text */
	s = layout(HEAD "4\t1\t1\t1\t1\t0\t0\t0\t500\t40\t-1\t\n" WORD(1, 1, 0, 0, 40, 40, " "));
	check_str("lines without words give no text", "", s);
	free(s);
	s = layout("");
	check_str("empty TSV", "", s);
	free(s);
}

static void
test_erase(void)
{
	enum
	{
		W = 300, H = 300
	};
	unsigned char *p = malloc(W * H);
	int			x,
				y;
	bool		rule_gone = true,
				stroke_kept = true,
				hline_gone = true;

	memset(p, 255, W * H);
	for (y = 10; y < 290; y++)	/* a cell border, 2 px wide, 280 long */
		p[y * W + 50] = p[y * W + 51] = 0;
	for (x = 60; x < 290; x++)	/* a row's rule */
		p[150 * W + x] = 30;
	for (y = 200; y < 260; y++)	/* a character's stroke, 60 long */
		p[y * W + 120] = 0;
	gi_ocr_erase_rules(p, W, H, 100);
	for (y = 10; y < 290; y++)
		if (p[y * W + 50] != 255 || p[y * W + 51] != 255)
			rule_gone = false;
	for (x = 60; x < 290; x++)
		if (p[150 * W + x] != 255)
			hline_gone = false;
	for (y = 200; y < 260; y++)
		if (p[y * W + 120] != 0)
			stroke_kept = false;
	check("a vertical rule is erased", rule_gone);
	check("a horizontal rule is erased", hline_gone);
	check("a character's stroke shorter than the run length is kept", stroke_kept);
	free(p);
}

int
main(void)
{
	test_layout();
	test_erase();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
