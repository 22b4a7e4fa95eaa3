/*
 * narrative.h
 *	  Prose-vs-table conflicts: numbers the report's prose states about cells
 *	  of its statistical table ("当面申请26件", "共收到…申请90件", "不予公开11件")
 *	  compared with the table as parsed.
 *
 * Pure C (catalog.h, parse.h, libc).  Conservative by design: only a clear
 * "key words + number + 件" statement in the text outside the table, whose
 * key words name one known cell, and whose clause neither compares with
 * another year nor hedges ("约", "余件"), is compared.  A wrong conflict is
 * worse than a missed one.
 */
#ifndef GOVINFO_NARRATIVE_H
#define GOVINFO_NARRATIVE_H

#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "parse.h"

typedef struct GiConflict
{
	int			code;			/* index in template->codes (a cell or a group) */
	const char *code_name;		/* template->codes[code].code */
	const char *label_zh;		/* the row's Chinese label (static, from the catalog) */
	int64_t		table_value;	/* the table's value (a count: no unit scale) */
	int64_t		text_value;		/* the value the prose states */
	char	   *excerpt;		/* the sentence that states it (malloc'd, UTF-8) */
} GiConflict;

/*
 * The conflicts between the prose and the table of a parsed report (res must
 * come from gi_parse*; content and len are the text it parsed, kept for
 * symmetry with gi_parse).  Returns the number of conflicts, with the array
 * in *out (NULL when none; free it with gi_conflicts_free), or -1 when
 * memory ran out.  A result without a table has no conflicts.
 */
extern int	gi_narrative_conflicts(const char *content, size_t len,
								   const GiParseResult *res, GiConflict **out);

extern void gi_conflicts_free(GiConflict *conflicts, int n);

#endif							/* GOVINFO_NARRATIVE_H */
