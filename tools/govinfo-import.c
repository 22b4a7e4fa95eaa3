/*
 * govinfo-import.c
 *	  govinfo-import: load 政府信息公开工作年度报告 files into a govinfo
 *	  workspace table.  Each file is parsed server-side by
 *	  govinfo.parse_report() and inserted in its own transaction; a file that
 *	  cannot be parsed or breaks an error rule lands in the sibling table
 *	  rejects with the reason, SQLSTATE, parse log and broken rules.  Files
 *	  already seen (same SHA-256) are skipped, so a rerun adds nothing twice.
 *
 *	  The file side (walking, reading, converting) is in import/files.c;
 *	  connecting, finding govinfo and checking the target in import/setup.c.
 *	  Here: the options, the output, and what happens to each file.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "libpq-fe.h"

#include "import/files.h"
#include "import/importer.h"
#include "import/manifest.h"
#include "parse.h"				/* GI_PARSE_MAX_BYTES */

#ifndef GOVINFO_VERSION
#define GOVINFO_VERSION "unknown"
#endif

#define DEFAULT_TABLE "disclosure.reports"
#define DEFAULT_MAX_MB 64

/* The summary of a run into a plain table: every outcome but the workspace's own. */
static const char *const outcome_label[N_OUTCOMES] = {
	"loaded",
	"loaded with rule failures",
	NULL,
	NULL,
	"rejected for rule failures",
	"rejected for other reasons",
	"not parseable",
	"skipped (already imported)",
	"not recorded (errors)"
};

/*
 * The summary of a run into a workspace: what became a version (loaded,
 * replaced, kept; flagged counts those of them that break an error rule),
 * then what did not.
 */
static const char *const ws_outcome_label[N_OUTCOMES] = {
	"loaded",
	NULL,
	"replaced",
	"kept (not current)",
	NULL,
	"rejected (not a version)",
	"not parseable",
	"skipped (already imported)",
	"not recorded (errors)"
};

static Ctx *ctx_for_notes;		/* for the collect callback */

/* ----------------------------------------------------------------------------
 * Output: per-file lines above a progress bar on a terminal, plain lines otherwise
 * ----------------------------------------------------------------------------
 */

static int
term_width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

static void
bar_clear(Ctx *c)
{
	if (c->bar_shown)
	{
		fputs("\r\033[K", stderr);
		c->bar_shown = false;
	}
}

/* The tail of s that fits in width columns, with "…" in front when cut. */
static char *
fit_tail(const char *s, int width)
{
	const char *p = s;

	if (gi_display_width(s) <= width)
		return gi_strdup(s);
	if (width < 2)
		return gi_strdup("");
	while (*p && gi_display_width(p) > width - 1)
	{
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
	}
	return gi_printf("\xE2\x80\xA6%s", p);
}

static void
bar_draw(Ctx *c, const char *name)
{
	int			width = term_width();
	int			barw = 20;
	int			filled;
	char		bar[64];
	char		count[64];
	char	   *safe;
	char	   *shown;
	int			room;
	int			i;

	if (!c->tty || c->opt.quiet)
		return;
	filled = c->total ? (int) ((c->done * (size_t) barw) / c->total) : barw;
	for (i = 0; i < barw; i++)
		bar[i] = i < filled ? '#' : '-';
	bar[barw] = '\0';
	snprintf(count, sizeof(count), "%zu/%zu", c->done, c->total);
	room = width - 1 - (barw + 2) - 1 - (int) strlen(count) - 1;
	safe = gi_term_safe(name ? name : "", false);
	shown = fit_tail(safe, room > 0 ? room : 0);
	fprintf(stderr, "\r\033[K[%s] %s %s", bar, count, shown);
	fflush(stderr);
	free(shown);
	free(safe);
	c->bar_shown = true;
}

/*
 * Write a message to stderr with its control characters escaped
 * (gi_term_safe): file names and the server's messages, which may quote a
 * file's text, reach the terminal as text, never as escape sequences.
 */
static void
put_safe(const char *s, bool keep_newline)
{
	char	   *t = gi_term_safe(s, keep_newline);

	fputs(t, stderr);
	free(t);
}

/* A line about one file (to stderr); errors are shown even with -q. */
static void
file_line(Ctx *c, bool is_error, const char *path, const char *fmt,...)
	__attribute__((format(printf, 4, 5)));

static void
file_line(Ctx *c, bool is_error, const char *path, const char *fmt,...)
{
	va_list		ap;
	char	   *name;
	char	   *msg;

	if (c->opt.quiet && !is_error)
		return;
	bar_clear(c);
	name = gi_utf8_name(path);
	put_safe(name, false);
	fputs(": ", stderr);
	free(name);
	va_start(ap, fmt);
	msg = gi_vprintf(fmt, ap);
	va_end(ap);
	put_safe(msg, true);
	free(msg);
	fputc('\n', stderr);
	fflush(stderr);
}

static void
collect_note(const char *path, const char *why, bool is_error)
{
	Ctx		   *c = ctx_for_notes;

	if (is_error)
		file_line(c, true, path, "error: %s", why);
	else
		file_line(c, false, path, "%s", why);
}

/* First line of a message, for one-line output. */
static char *
first_line(const char *s)
{
	const char *nl = strchr(s, '\n');

	return nl ? gi_printf("%.*s", (int) (nl - s), s) : gi_strdup(s);
}

/* ----------------------------------------------------------------------------
 * One file
 *
 * A file is looked up (seen_before) and, if new, converted outside any
 * transaction; then one transaction records it: an advisory lock on its
 * content hash, so that importers running at the same time take the same
 * file in turn; the look-up again, under the lock (a file another importer
 * recorded meanwhile counts as skipped, not as a duplicate); parse and insert
 * in a savepoint; on failure the rejects row, in the same transaction.
 * ----------------------------------------------------------------------------
 */

/* The advisory locks' first key: "govi", so as not to meet other users' int8 keys. */
#define GI_LOCK_CLASS "1735357033"

/*
 * Has this content been seen?  1 in reports, 2 in rejects (or, without a
 * hash, this unreadable source with the same reason), 0 no, -1 error.
 */
static int
seen_before(Ctx *c, const GiFile *f, const char *source, DbError *err)
{
	PGresult   *res;
	char	   *sql;
	int			r;

	if (f->have_hash)
	{
		const char *vals[1] = {f->hash};

		/* in a workspace, every version counts, not only the gate's rows */
		const char *loaded = c->workspace ? c->versions : c->reports;

		if (c->opt.retry)
			sql = gi_printf("SELECT CASE WHEN EXISTS (SELECT 1 FROM %s WHERE content_hash = $1) "
							"THEN 1 ELSE 0 END",
							loaded);
		else
			sql = gi_printf("SELECT CASE WHEN EXISTS (SELECT 1 FROM %s WHERE content_hash = $1) THEN 1 "
							"WHEN EXISTS (SELECT 1 FROM %s WHERE content_hash = $1) THEN 2 "
							"ELSE 0 END",
							loaded, c->rejects);
		res = gi_run(c, sql, 1, vals, 0, 0, err);
	}
	else
	{
		const char *vals[2] = {source, f->error};

		if (c->opt.retry)
			return 0;
		sql = gi_printf("SELECT CASE WHEN EXISTS (SELECT 1 FROM %s WHERE content_hash IS NULL "
						"AND source = $1 AND reason = $2) THEN 2 ELSE 0 END",
						c->rejects);
		res = gi_run(c, sql, 2, vals, 0, 0, err);
	}
	free(sql);
	if (res == NULL)
		return -1;
	r = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	return r;
}

/*
 * Begin the file's transaction and take its lock: on the content hash, or,
 * for a file that could not be read, on its path and reason.
 */
static bool
begin_file(Ctx *c, const GiFile *f, const char *source, DbError *err)
{
	char	   *key = f->have_hash ? gi_strdup(f->hash) : gi_printf("%s\n%s", source, f->error ? f->error : "");
	const char *vals[1] = {key};
	PGresult   *res = NULL;
	bool		ok;

	ok = gi_run_cmd(c, "BEGIN", err) &&
		(res = gi_run(c, "SELECT pg_catalog.pg_advisory_xact_lock(" GI_LOCK_CLASS ", pg_catalog.hashtext($1))",
					  1, vals, 0, 0, err)) != NULL;
	PQclear(res);
	free(key);
	return ok;
}

/* After a failed statement: back to the savepoint (false when the connection is gone). */
static bool
rollback_to(Ctx *c, const char *savepoint)
{
	char	   *sql;
	bool		ok;

	if (PQstatus(c->conn) != CONNECTION_OK)
		return false;
	sql = gi_printf("ROLLBACK TO SAVEPOINT %s", savepoint);
	ok = gi_run_cmd(c, sql, NULL);
	free(sql);
	return ok;
}

/* With --retry: drop the earlier rejects of this content (inside the caller's transaction). */
static bool
forget_rejects(Ctx *c, const GiFile *f, const char *source, DbError *err)
{
	PGresult   *res;
	char	   *sql;

	if (!c->opt.retry)
		return true;
	if (f->have_hash)
	{
		const char *vals[1] = {f->hash};

		sql = gi_printf("DELETE FROM %s WHERE content_hash = $1", c->rejects);
		res = gi_run(c, sql, 1, vals, 0, 0, err);
	}
	else
	{
		const char *vals[1] = {source};

		sql = gi_printf("DELETE FROM %s WHERE content_hash IS NULL AND source = $1", c->rejects);
		res = gi_run(c, sql, 1, vals, 0, 0, err);
	}
	free(sql);
	PQclear(res);
	return res != NULL;
}

/*
 * Record a rejected file, inside the file's transaction.  First with the
 * parse log and the violations; if computing those fails, once more without
 * them (the reason says why).  ON CONFLICT DO NOTHING: with a unique index
 * on rejects.content_hash, a row another importer wrote meanwhile stays the
 * only one.  Returns 1 recorded, 2 already recorded by another, 0 failed.
 */
static int
record_reject(Ctx *c, const char *source, const GiFile *f, const char *reason,
			  const char *sqlstate, const char *report, DbError *err)
{
	int			attempt;

	for (attempt = 0; attempt < 2; attempt++)
	{
		bool		full = attempt == 0;
		bool		with_log = full && c->have_parse_log && f->text != NULL;
		bool		with_viol = full && report != NULL;
		char	   *sql;
		char	   *logsql;
		char	   *violsql;
		char	   *reason2 = NULL;
		PGresult   *res;
		const char *vals[11];
		int			n;

		if (!full && err->message)
		{
			char	   *t = gi_dberror_text(err);

			reason2 = gi_printf("%s\n(parse log and rule results not recorded: %s)", reason, t);
			free(t);
		}
		vals[0] = source;
		vals[1] = f->have_hash ? f->hash : NULL;
		vals[2] = c->opt.agency;
		vals[3] = c->opt.region;
		vals[4] = c->opt.level;
		vals[5] = c->opt.year;
		vals[6] = reason2 ? reason2 : reason;
		vals[7] = sqlstate;
		vals[8] = report;
		vals[9] = c->opt.template;
		vals[10] = with_log ? f->text : NULL;

		logsql = with_log ?
			gi_printf("(SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(l) - 'ordinality' ORDER BY l.ordinality) "
					  "FROM %s.parse_log($11, $3, $6::integer, $10) WITH ORDINALITY AS l)", c->gv) :
			gi_strdup("NULL");
		violsql = with_viol ?
			gi_printf("(SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x)) "
					  "FROM %s.violations(v.r, 'non_null'::text, 'invalid'::text) AS x)", c->gv) :
			gi_strdup("NULL");
		sql = gi_printf("INSERT INTO %s (source, content_hash, agency, region, level, year, reason, sqlstate, "
						"report, parse_log, violations, rejected_at) "
						"SELECT $1, $2, COALESCE((v.r).agency, $3), $4, $5, COALESCE((v.r).year, $6::integer), "
						"$7, $8, v.r, %s, %s, pg_catalog.now() "
						"FROM (VALUES ($9::%s.disclosure_report)) AS v(r) "
						"ON CONFLICT DO NOTHING RETURNING true",
						c->rejects, logsql, violsql, c->gv);
		free(logsql);
		free(violsql);

		res = NULL;
		if (!gi_run_cmd(c, "SAVEPOINT gi_reject", err) ||
			!forget_rejects(c, f, source, err) ||
			(res = gi_run(c, sql, 11, vals, with_log ? 11 : 0, with_log ? f->textlen : 0, err)) == NULL)
		{
			free(sql);
			free(reason2);
			if (!rollback_to(c, "gi_reject"))
				return 0;
			continue;
		}
		n = PQntuples(res);
		PQclear(res);
		free(sql);
		free(reason2);
		return n > 0 ? 1 : 2;
	}
	return 0;
}

/* Parse and insert in one transaction.  Fills the report text and identity when parsed. */
typedef struct Parsed
{
	char	   *report;			/* composite text, NULL when not parsed */
	char	   *agency;
	char	   *year;
	char	   *template;
	int			broken;			/* warning rules broken (after a successful insert) */
	int			unassessable;
	char	   *broken_ids;
	char	   *previous;		/* into a workspace: last year's current version, or NULL */
	GiVersion	version;		/* into a workspace: the version made */
} Parsed;

static void
parsed_free(Parsed *p)
{
	free(p->report);
	free(p->agency);
	free(p->year);
	free(p->template);
	free(p->broken_ids);
	free(p->previous);
	gi_version_free(&p->version);
	memset(p, 0, sizeof(*p));
}

/* An error of the importer's own, as a server's would be. */
static void
set_error(DbError *err, const char *sqlstate, char *message)
{
	gi_dberror_free(err);
	err->message = message;
	snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", sqlstate);
}

/*
 * Into a workspace, when the agency has a current version of the year
 * before: the text is read again with it beside (parse_report(content,
 * previous)), so that its continuity rules can decide digits the table's
 * own arithmetic leaves undecided (each such reading is a warning in the
 * version's parse log).  Every other cell is read as without it.  False
 * with *err set when a query failed.
 */
static bool
reparse_with_previous(Ctx *c, const GiFile *f, Parsed *p, DbError *err)
{
	PGresult   *res;
	char	   *sql;
	const char *vals[5];
	bool		failed;

	if (!c->have_previous || f->text == NULL)
		return true;
	p->previous = gi_previous_version(c, p->agency, p->year, err, &failed);
	if (failed)
		return false;
	if (p->previous == NULL)
		return true;
	vals[0] = f->text;
	vals[1] = p->previous;
	vals[2] = c->opt.agency;
	vals[3] = c->opt.year;
	vals[4] = c->opt.template;
	sql = gi_printf("SELECT r::text FROM %1$s.parse_report($1, $2::%1$s.disclosure_report, $3, $4::integer, $5) AS r",
					c->gv);
	res = gi_run(c, sql, 5, vals, 1, f->textlen, err);
	free(sql);
	if (res == NULL)
		return false;
	if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
	{
		free(p->report);
		p->report = gi_value_dup(res, 0, 0);
	}
	PQclear(res);
	return true;
}

/*
 * Into a workspace: the parsed report becomes a version (import/versions.c).
 * What has no agency or year is refused here, as the gate would refuse it,
 * so that the file's line can say which option gives it.  Returns as
 * parse_and_load.
 */
static int
load_as_version(Ctx *c, const char *source, const GiFile *f, Parsed *p, DbError *err)
{
	if (p->agency == NULL || p->year == NULL)
	{
		set_error(err, "23502", gi_printf("the report names no %s, and a version needs its agency and year",
										  p->agency == NULL ? "agency" : "year"));
		return 2;
	}
	/* with --retry, the earlier rejects of this content go first: the loader may reject it again */
	if (!forget_rejects(c, f, source, err))
		return 2;
	if (!reparse_with_previous(c, f, p, err))
		return 2;
	if (!gi_load_version(c, source, f->hash, f->text, f->textlen, p->report, p->agency, p->year,
						 p->template, p->previous, &p->version, err))
		return 2;
	if (strcmp(p->version.action, "duplicate") == 0)
		return 3;
	if (strcmp(p->version.action, "rejected") == 0)
		return 4;
	return 0;
}

/*
 * Parse and insert, inside the file's transaction, after SAVEPOINT gi_file.
 * Returns 0 loaded, 1 parse failed, 2 insert failed (p->report set),
 * 3 the content is in reports already (another importer without the lock),
 * 4 (workspace) recorded in rejects by the loader: not a version.
 */
static int
parse_and_load(Ctx *c, const char *source, const GiFile *f, Parsed *p, DbError *err)
{
	PGresult   *res;
	char	   *sql;
	const char *vals[5];
	int			n;

	vals[0] = f->text;
	vals[1] = c->opt.agency;
	vals[2] = c->opt.year;
	vals[3] = c->opt.template;
	sql = gi_printf("SELECT r::text, r.agency, r.year, r.template "
					"FROM %s.parse_report($1, $2, $3::integer, $4) AS r", c->gv);
	res = gi_run(c, sql, 4, vals, 1, f->textlen, err);
	free(sql);
	if (res == NULL)
		return 1;
	if (PQntuples(res) != 1 || PQgetisnull(res, 0, 3))
	{
		PQclear(res);
		gi_dberror_free(err);
		err->message = gi_strdup("govinfo.parse_report() returned no report");
		snprintf(err->sqlstate, sizeof(err->sqlstate), "22000");
		return 1;
	}
	p->report = gi_value_dup(res, 0, 0);
	p->agency = gi_value_dup(res, 0, 1);
	p->year = gi_value_dup(res, 0, 2);
	p->template = gi_value_dup(res, 0, 3);
	PQclear(res);

	if (c->workspace)
		return load_as_version(c, source, f, p, err);

	vals[0] = p->report;
	vals[1] = c->opt.region;
	vals[2] = c->opt.level;
	vals[3] = source;
	vals[4] = f->hash;
	sql = gi_printf("INSERT INTO %s (agency, region, level, year, report, source, content_hash, loaded_at) "
					"SELECT (v.r).agency, $2, $3, (v.r).year, v.r, $4, $5, pg_catalog.now() "
					"FROM (VALUES ($1::%s.disclosure_report)) AS v(r) "
					"ON CONFLICT (content_hash) DO NOTHING RETURNING true",
					c->reports, c->gv);
	res = gi_run(c, sql, 5, vals, 0, 0, err);
	free(sql);
	if (res == NULL)
		return 2;
	n = PQntuples(res);
	PQclear(res);
	if (n == 0)
		return 3;

	vals[0] = p->report;
	sql = gi_printf("SELECT pg_catalog.count(*) FILTER (WHERE outcome IS FALSE), "
					"pg_catalog.count(*) FILTER (WHERE outcome IS NULL), "
					"pg_catalog.string_agg(rule_id, ', ') FILTER (WHERE outcome IS FALSE) "
					"FROM %s.violations($1::%s.disclosure_report, 'non_null'::text, 'all'::text)",
					c->gv, c->gv);
	res = gi_run(c, sql, 1, vals, 0, 0, err);
	free(sql);
	if (res == NULL)
		return 2;
	p->broken = atoi(PQgetvalue(res, 0, 0));
	p->unassessable = atoi(PQgetvalue(res, 0, 1));
	p->broken_ids = gi_value_dup(res, 0, 2);
	PQclear(res);

	if (!forget_rejects(c, f, source, err))
		return 2;
	return 0;
}

/*
 * An error that says the database or the connection is wrong, not the file
 * (privileges, a missing object, a dropped connection, an administrator's
 * shutdown): recording the file as rejected would blame it for nothing.
 */
static bool
is_setup_error(const char *sqlstate)
{
	return strncmp(sqlstate, "42", 2) == 0 || strncmp(sqlstate, "08", 2) == 0 ||
		strncmp(sqlstate, "57P", 3) == 0 || strcmp(sqlstate, "25006") == 0;
}

/* "agency year (template)" for messages. */
static char *
identity(const Parsed *p)
{
	return gi_printf("%s %s (%s)", p->agency ? p->agency : "(no agency)",
					 p->year ? p->year : "(no year)", p->template ? p->template : "?");
}

/* A database failure while handling a file: say so, and roll back. */
static Outcome
not_recorded(Ctx *c, const char *path, const char *what, DbError *err)
{
	char	   *t = gi_dberror_text(err);

	file_line(c, true, path, "not recorded%s: %s", what, t);
	free(t);
	gi_connection_ok(c);
	return OUT_FAILED;
}

/* Commit the file's transaction; OUT_FAILED when that fails, else out. */
static Outcome
commit_file(Ctx *c, const char *path, Outcome out, DbError *err)
{
	if (!gi_run_cmd(c, "COMMIT", err))
		return not_recorded(c, path, " (commit failed)", err);
	return out;
}

/* The message for a skipped file: seen before, or recorded meanwhile by another importer. */
static void
say_skipped(Ctx *c, const char *path, const GiFile *f, int seen, bool meanwhile)
{
	const char *who = meanwhile ? ", by another import running at the same time" : "";

	if (seen == 1)
		file_line(c, false, path, "skipped (already loaded%s)", who);
	else
		file_line(c, false, path, "skipped (already in rejects%s%s; --retry processes it again)",
				  f->have_hash ? "" : " with the same reason", who);
}

/* The file could not be parsed, or its report not stored: record it in rejects. */
static Outcome
reject_file(Ctx *c, const char *path, const char *source, const GiFile *f,
			const Parsed *p, int rc, DbError *err)
{
	char	   *reason = gi_dberror_text(err);
	char	   *r1 = first_line(reason);
	char		state[6];
	Outcome		out;
	int			rec;

	snprintf(state, sizeof(state), "%s", err->sqlstate);
	if (rc == 1)
		out = OUT_NOT_PARSEABLE;
	else if (strcmp(state, "23514") == 0 && !c->workspace)
		out = OUT_REJECTED_RULES;
	else
		out = OUT_REJECTED_OTHER;

	rec = record_reject(c, source, f, reason, state, rc == 2 ? p->report : NULL, err);
	if (rec == 0)
	{
		char	   *t = gi_dberror_text(err);

		file_line(c, true, path, "not recorded (%s): %s", r1, t);
		free(t);
		gi_connection_ok(c);
		out = OUT_FAILED;
	}
	else if (rec == 2)
	{
		say_skipped(c, path, f, 2, true);
		out = commit_file(c, path, OUT_SKIPPED, err);
	}
	else
	{
		out = commit_file(c, path, out, err);
		if (out == OUT_NOT_PARSEABLE)
			file_line(c, false, path, "not parseable: %s", r1);
		else if (out != OUT_FAILED)
		{
			char	   *who = identity(p);
			const char *hint = "";

			if (strcmp(state, "23502") == 0 && p->agency == NULL)
				hint = " (no agency found: give it with --agency or in a manifest)";
			else if (strcmp(state, "23502") == 0 && p->year == NULL)
				hint = " (no year found: give it with --year or in a manifest)";
			else if (strcmp(state, "23505") == 0)
				hint = " (another file already gave this agency and year)";
			file_line(c, false, path, "rejected: %s: %s%s", who, r1, hint);
			free(who);
		}
	}
	free(r1);
	free(reason);
	return out;
}

/*
 * The line of a file that became a version: what it did (loaded, replaced,
 * kept), the version, its status and the rules it breaks; the agency when the
 * name printed resolved to another (an alias).  Commits first.
 */
static Outcome
version_line(Ctx *c, const char *path, const GiFile *f, const Parsed *p, DbError *err)
{
	const GiVersion *v = &p->version;
	bool		flagged = v->status && strcmp(v->status, "flagged") == 0;
	char	   *who = identity(p);
	char	   *what;
	char	   *as = NULL;
	char	   *rules;
	Outcome		out;

	if (strcmp(v->action, "replaced") == 0)
	{
		out = OUT_REPLACED;
		what = gi_printf("replaced (version %s replaces %s)", v->version_id, v->supersedes ? v->supersedes : "?");
	}
	else if (strcmp(v->action, "kept") == 0)
	{
		out = OUT_KEPT;
		what = gi_printf("kept (version %s, not current; version %s stays current)", v->version_id,
						 v->current_id ? v->current_id : "?");
	}
	else
	{
		out = OUT_LOADED;
		what = gi_printf("loaded (version %s)", v->version_id);
	}
	if (v->agency_name && p->agency && strcmp(v->agency_name, p->agency) != 0)
		as = gi_printf(", agency %s", v->agency_name);
	rules = gi_printf("%s%s%s%s%s",
					  flagged ? "; flagged: broken " : "; consistent",
					  flagged && v->broken_errors ? v->broken_errors : "",
					  v->broken_warnings ? (flagged ? "; warnings " : ", warnings broken: ") : "",
					  v->broken_warnings ? v->broken_warnings : "",
					  v->unassessable > 0 ? "; some rules not assessable (blank cells)" : "");

	out = commit_file(c, path, out, err);
	if (out != OUT_FAILED)
	{
		if (flagged)
			c->flagged++;
		file_line(c, false, path, "%s: %s%s%s%s%s", what, who, as ? as : "",
				  f->note[0] ? ", " : "", f->note, rules);
	}
	free(rules);
	free(as);
	free(what);
	free(who);
	return out;
}

static Outcome
process_file(Ctx *c, const char *path, bool follow)
{
	GiFile		f;
	DbError		err = {0};
	Parsed		p = {0};
	char	   *source = gi_utf8_name(path);
	GiKind		kind = gi_kind_of(path);
	Outcome		out;
	int			seen;
	int			rc;

	bar_draw(c, source);

	gi_file_read(path, follow, GI_KIND_CONVERTED(kind), c->opt.max_bytes, &f);

	/* Seen before: skipped without converting it. */
	seen = seen_before(c, &f, source, &err);
	if (seen < 0)
	{
		out = not_recorded(c, path, "", &err);
		goto done;
	}
	if (seen)
	{
		say_skipped(c, path, &f, seen, false);
		out = OUT_SKIPPED;
		goto done;
	}
	if (f.error == NULL)
		gi_file_text(path, kind, c->opt.ocr, &f);

	/* The file's transaction, under its lock; look again. */
	if (!begin_file(c, &f, source, &err) || (seen = seen_before(c, &f, source, &err)) < 0)
	{
		out = not_recorded(c, path, "", &err);
		goto done;
	}
	if (seen)
	{
		say_skipped(c, path, &f, seen, true);
		out = commit_file(c, path, OUT_SKIPPED, &err);
		goto done;
	}

	/* A file that could not be read or converted: a reject without a report. */
	if (f.error != NULL)
	{
		rc = record_reject(c, source, &f, f.error, f.sqlstate, NULL, &err);
		if (rc == 0)
		{
			char	   *what = gi_printf(" (%s)", f.error);

			out = not_recorded(c, path, what, &err);
			free(what);
		}
		else if (rc == 2)
		{
			say_skipped(c, path, &f, 2, true);
			out = commit_file(c, path, OUT_SKIPPED, &err);
		}
		else
		{
			out = commit_file(c, path, OUT_NOT_PARSEABLE, &err);
			if (out == OUT_NOT_PARSEABLE)
				file_line(c, false, path, "not parseable: %s", f.error);
		}
		goto done;
	}

	if (!gi_run_cmd(c, "SAVEPOINT gi_file", &err))
	{
		out = not_recorded(c, path, "", &err);
		goto done;
	}
	rc = parse_and_load(c, source, &f, &p, &err);
	if (rc == 0 && c->workspace)
	{
		out = version_line(c, path, &f, &p, &err);
		goto done;
	}
	if (rc == 4)
	{
		char	   *who = identity(&p);
		char	   *why = first_line(p.version.reason ? p.version.reason : "?");

		out = commit_file(c, path, OUT_REJECTED_OTHER, &err);
		if (out != OUT_FAILED)
			file_line(c, false, path, "rejected: %s: %s", who, why);
		free(why);
		free(who);
		goto done;
	}
	if (rc == 0)
	{
		char	   *who = identity(&p);

		if (p.broken > 0 || p.unassessable > 0)
		{
			char	   *ids = p.broken_ids ? first_line(p.broken_ids) : NULL;

			out = OUT_LOADED_RULES;
			out = commit_file(c, path, out, &err);
			if (out != OUT_FAILED)
				file_line(c, false, path, "loaded with rule failures: %s%s%s%s%s%s",
						  who, f.note[0] ? ", " : "", f.note,
						  p.broken > 0 ? "; broken: " : "", ids ? ids : "",
						  p.unassessable > 0 ? "; some rules not assessable (blank cells)" : "");
			free(ids);
		}
		else
		{
			out = commit_file(c, path, OUT_LOADED, &err);
			if (out != OUT_FAILED)
				file_line(c, false, path, "loaded: %s%s%s", who, f.note[0] ? ", " : "", f.note);
		}
		free(who);
		goto done;
	}
	if (rc == 3)
	{
		say_skipped(c, path, &f, 1, true);
		out = commit_file(c, path, OUT_SKIPPED, &err);
		goto done;
	}

	/* Parse or insert failed: back to the savepoint, then record the reject. */
	if (PQstatus(c->conn) != CONNECTION_OK)
	{
		out = not_recorded(c, path, " (connection lost)", &err);
		goto done;
	}
	if (is_setup_error(err.sqlstate))
	{
		out = not_recorded(c, path, "", &err);
		c->fatal = true;
		goto done;
	}
	if (!rollback_to(c, "gi_file"))
	{
		out = not_recorded(c, path, " (connection lost)", &err);
		goto done;
	}
	out = reject_file(c, path, source, &f, &p, rc, &err);

done:
	gi_dberror_free(&err);
	parsed_free(&p);
	gi_file_free(&f);
	free(source);
	c->done++;
	return out;
}

/*
 * In an oversight workspace (one with findings), re-check it after a run that
 * recorded something: govinfo.refresh_findings(), its counts on one line.
 */
static void
refresh_findings(Ctx *c)
{
	DbError		err = {0};
	PGresult   *res;
	const char *vals[1] = {c->schema};
	char	   *sql;
	int			recorded = 0;

	for (int i = 0; i < N_OUTCOMES; i++)
		if (i != OUT_SKIPPED && i != OUT_FAILED)
			recorded += c->counts[i];
	if (recorded == 0 || !c->workspace || !c->have_refresh || PQstatus(c->conn) != CONNECTION_OK)
		return;
	sql = gi_printf("SELECT r.findings, r.new, r.fixed FROM %s.refresh_findings($1::pg_catalog.name) AS r", c->gv);
	res = gi_run(c, sql, 1, vals, 0, 0, &err);
	free(sql);
	if (res == NULL)
	{
		char	   *t = gi_dberror_text(&err);

		fprintf(stderr, "%s: the findings were not refreshed: %s\n", PROGNAME, t);
		free(t);
		gi_dberror_free(&err);
		return;
	}
	printf("  %-28s %s (%s new, %s fixed)\n", "findings (refresh_findings)",
		   PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2));
	PQclear(res);
}

/* ----------------------------------------------------------------------------
 * Main
 * ----------------------------------------------------------------------------
 */

static void
usage(void)
{
	printf("%s loads annual government-information-disclosure reports into a govinfo table.\n\n", PROGNAME);
	printf("Usage:\n  %s [OPTION]... FILE|DIRECTORY...\n", PROGNAME);
	printf("  %s [OPTION]... --manifest=FILE [FILE|DIRECTORY]...\n\n", PROGNAME);
	printf("Each .txt and .html/.htm file, and, through a converter, each .docx (pandoc), .pdf\n"
		   "(pdftotext), .doc/.wps and .xls/.xlsx (LibreOffice) file, is parsed by\n"
		   "govinfo.parse_report() in the database and loaded in its own transaction.\n"
		   "Directories are walked recursively in name order; files already imported or\n"
		   "rejected (same SHA-256) are skipped.\n\n"
		   "Into a workspace made by govinfo.create_workspace() (--table SCHEMA.reports), each\n"
		   "file becomes a version of its agency and year, through govinfo.load_reports():\n"
		   "the agency is found through the workspace's agency_aliases; a report breaking an\n"
		   "error rule is kept as a flagged version; a new document for an agency and year\n"
		   "becomes its current version and the old one is kept (\"replaced\").  Only what\n"
		   "cannot be a version (no statistical table, no agency or year, a malformed report)\n"
		   "goes to the table \"rejects\".  Into any other table (with the columns of a\n"
		   "workspace's reports and a sibling table \"rejects\"), a report that breaks an\n"
		   "error rule, or whose agency and year are there already, goes to rejects.\n\n");
	printf("Options:\n");
	printf("  -t, --table=NAME         target table (default: %s)\n", DEFAULT_TABLE);
	printf("      --init               create the workspace (govinfo.create_workspace) if missing\n");
	printf("      --agency=NAME        agency, instead of the one found in the report\n");
	printf("      --year=YEAR          report year, instead of the one found in the report\n");
	printf("      --template=NAME      template (gov2014, gov2019, gov2021) instead of detection\n");
	printf("      --region=TEXT        value for the region column\n");
	printf("      --level=TEXT         value for the level column\n");
	printf("      --keep-current       workspace: record a new document of an agency and year as a\n"
		   "                           version beside the current one, without replacing it\n");
	printf("      --manifest=FILE      CSV (UTF-8, RFC 4180; optional header row\n"
		   "                           path,agency,region,level,year): each row a file, folder or\n"
		   "                           glob (relative to the manifest's folder) and the agency,\n"
		   "                           region, level and year to load it under; an empty field\n"
		   "                           takes the option above, else what the document says\n");
	printf("      --retry              process files found in rejects again, replacing their rows\n");
	printf("      --ocr                read a .pdf without a text layer (a scan) with OCR\n"
		   "                           (pdftoppm and tesseract with its chi_sim data)\n");
	printf("      --max-size=MB        largest file read, in MB (default: %d); the text given\n"
		   "                           to the parser is at most %d MiB whatever this says\n",
		   DEFAULT_MAX_MB, GI_PARSE_MAX_BYTES / (1024 * 1024));
	printf("  -q, --quiet              print only errors and the summary\n");
	printf("  -V, --version            output version information, then exit\n");
	printf("  -?, --help               show this help, then exit\n\n");
	printf("Connection options:\n");
	printf("  -h, --host=HOSTNAME      database server host or socket directory\n");
	printf("  -p, --port=PORT          database server port\n");
	printf("  -U, --username=USERNAME  database user name\n");
	printf("  -d, --dbname=DBNAME      database name, or a connection string or URI\n");
	printf("  -w, --no-password        never prompt for password\n");
	printf("  -W, --password           force password prompt\n\n");
	printf("The password may also come from PGPASSWORD or ~/.pgpass, and every libpq\n"
		   "environment variable (PGHOST, PGPORT, PGUSER, PGDATABASE ...) works.\n\n");
	printf("Exit status: 0 when every file was handled (rejected files are recorded),\n"
		   "1 on a usage or connection error, 2 when a file could not be recorded at all.\n");
}

static bool
parse_int(const char *s, long lo, long hi, long *out)
{
	char	   *end;
	long		v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"username", required_argument, NULL, 'U'},
		{"dbname", required_argument, NULL, 'd'},
		{"no-password", no_argument, NULL, 'w'},
		{"password", no_argument, NULL, 'W'},
		{"table", required_argument, NULL, 't'},
		{"init", no_argument, NULL, 1},
		{"agency", required_argument, NULL, 2},
		{"year", required_argument, NULL, 3},
		{"template", required_argument, NULL, 4},
		{"region", required_argument, NULL, 5},
		{"level", required_argument, NULL, 6},
		{"retry", no_argument, NULL, 7},
		{"max-size", required_argument, NULL, 8},
		{"quiet", no_argument, NULL, 'q'},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, 9},
		{"ocr", no_argument, NULL, 10},
		{"keep-current", no_argument, NULL, 11},
		{"manifest", required_argument, NULL, 12},
		{NULL, 0, NULL, 0}
	};
	Ctx			c;
	Options		given;			/* the command line's, before a manifest row's */
	GiManifest	manifest = {0};
	GiList		files = {0};
	size_t		first_own;		/* files[first_own..] are the command line's */
	int			opt;
	int			walk_errors = 0;
	size_t		i;
	long		n;

	memset(&c, 0, sizeof(c));
	c.opt.table = DEFAULT_TABLE;
	c.opt.max_bytes = (size_t) DEFAULT_MAX_MB * 1024 * 1024;
	ctx_for_notes = &c;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-?") == 0))
	{
		usage();
		return 0;
	}
	if (argc > 1 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0))
	{
		printf("%s (govinfo) %s\n", PROGNAME, GOVINFO_VERSION);
		return 0;
	}

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h:p:U:d:wWt:qV?", longopts, NULL)) != -1)
	{
		switch (opt)
		{
			case 'h': c.opt.host = optarg; break;
			case 'p': c.opt.port = optarg; break;
			case 'U': c.opt.user = optarg; break;
			case 'd': c.opt.dbname = optarg; break;
			case 'w': c.opt.prompt_password = -1; break;
			case 'W': c.opt.prompt_password = 1; break;
			case 't': c.opt.table = optarg; break;
			case 1: c.opt.init = true; break;
			case 2: c.opt.agency = optarg; break;
			case 3:
				if (!parse_int(optarg, 1900, 2200, &n))
				{
					fprintf(stderr, "%s: invalid --year \"%s\": give a year such as 2021\n", PROGNAME, optarg);
					return 1;
				}
				c.opt.year = optarg;
				break;
			case 4: c.opt.template = optarg; break;
			case 5: c.opt.region = optarg; break;
			case 6: c.opt.level = optarg; break;
			case 7: c.opt.retry = true; break;
			case 8:
				if (!parse_int(optarg, 1, 4096, &n))
				{
					fprintf(stderr, "%s: invalid --max-size \"%s\": give megabytes, 1 to 4096\n", PROGNAME, optarg);
					return 1;
				}
				c.opt.max_bytes = (size_t) n * 1024 * 1024;
				break;
			case 'q': c.opt.quiet = true; break;
			case 'V':
				printf("%s (govinfo) %s\n", PROGNAME, GOVINFO_VERSION);
				return 0;
			case 9:
				usage();
				return 0;
			case 10: c.opt.ocr = true; break;
			case 11: c.opt.keep_current = true; break;
			case 12: c.opt.manifest = optarg; break;
			case '?':
				if (strcmp(argv[optind - 1], "-?") == 0)
				{
					usage();
					return 0;
				}
				if (optopt != 0)
					fprintf(stderr, "%s: unknown option \"-%c\"\n", PROGNAME, optopt);
				else
					fprintf(stderr, "%s: unknown option \"%s\"\n", PROGNAME, argv[optind - 1]);
				fprintf(stderr, "Try \"%s --help\" for more information.\n", PROGNAME);
				return 1;
			case ':':
				fprintf(stderr, "%s: option \"%s\" needs a value\n", PROGNAME, argv[optind - 1]);
				fprintf(stderr, "Try \"%s --help\" for more information.\n", PROGNAME);
				return 1;
			default:
				fprintf(stderr, "Try \"%s --help\" for more information.\n", PROGNAME);
				return 1;
		}
	}
	if (optind >= argc && c.opt.manifest == NULL)
	{
		fprintf(stderr, "%s: no files or directories given\n", PROGNAME);
		fprintf(stderr, "Try \"%s --help\" for more information.\n", PROGNAME);
		return 1;
	}
	/* Every path given must exist: a typo is a usage error, before anything is loaded. */
	for (i = (size_t) optind; i < (size_t) argc; i++)
	{
		if (access(argv[i], F_OK) != 0)
		{
			fprintf(stderr, "%s: %s: %s\n", PROGNAME, argv[i], strerror(errno));
			return 1;
		}
	}

	c.tty = isatty(STDERR_FILENO) && getenv("TERM") != NULL && strcmp(getenv("TERM"), "dumb") != 0;

	/* The manifest is read, checked and expanded before anything else. */
	if (c.opt.manifest)
	{
		char	   *merr;

		if (access(c.opt.manifest, R_OK) != 0)
		{
			fprintf(stderr, "%s: %s: %s\n", PROGNAME, c.opt.manifest, strerror(errno));
			return 1;
		}
		merr = gi_manifest_load(c.opt.manifest, &manifest, &c.ignored, collect_note);
		if (merr)
		{
			gi_complain("%s\nHINT:  Nothing was loaded.  Correct the manifest and run again.", merr);
			free(merr);
			gi_manifest_free(&manifest);
			return 1;
		}
	}

	c.conn = gi_connect(&c.opt);
	if (c.conn == NULL || PQstatus(c.conn) != CONNECTION_OK)
	{
		fprintf(stderr, "%s: connection to database failed: %s", PROGNAME,
				c.conn ? PQerrorMessage(c.conn) : "out of memory\n");
		PQfinish(c.conn);
		return 1;
	}
	if (gi_setup(&c) != 0)
	{
		PQfinish(c.conn);
		return 1;
	}

	if (c.opt.keep_current && !c.workspace)
	{
		gi_complain("--keep-current needs a workspace made by govinfo.create_workspace(): %s keeps one report "
					"of an agency and year", c.reports);
		PQfinish(c.conn);
		gi_manifest_free(&manifest);
		return 1;
	}

	/* the manifest's files first, then the command line's */
	files = manifest.files;
	memset(&manifest.files, 0, sizeof(manifest.files));
	first_own = files.n;
	for (i = (size_t) optind; i < (size_t) argc; i++)
		walk_errors += gi_collect(argv[i], &files, &c.ignored, collect_note);
	c.counts[OUT_FAILED] += walk_errors;
	c.total = files.n;
	given = c.opt;

	for (i = 0; i < files.n; i++)
	{
		Outcome		o;

		/* a manifest row's fields, where it gives them, over the command line's */
		c.opt = given;
		if (i < first_own)
		{
			const GiManifestRow *row = &manifest.rows[manifest.row[i]];

			if (row->field[GI_MCOL_AGENCY])
				c.opt.agency = row->field[GI_MCOL_AGENCY];
			if (row->field[GI_MCOL_REGION])
				c.opt.region = row->field[GI_MCOL_REGION];
			if (row->field[GI_MCOL_LEVEL])
				c.opt.level = row->field[GI_MCOL_LEVEL];
			if (row->field[GI_MCOL_YEAR])
				c.opt.year = row->field[GI_MCOL_YEAR];
		}
		o = process_file(&c, files.v[i], files.follow[i]);

		c.counts[o]++;
		if (o == OUT_FAILED && (c.fatal || PQstatus(c.conn) != CONNECTION_OK))
		{
			size_t		rest = files.n - i - 1;

			bar_clear(&c);
			if (PQstatus(c.conn) != CONNECTION_OK)
				fprintf(stderr, "%s: lost the connection to the database: %s", PROGNAME, PQerrorMessage(c.conn));
			else
				fprintf(stderr, "%s: stopping: the error above is about the database, not the file\n", PROGNAME);
			if (rest > 0)
				fprintf(stderr, "%s: %zu more file%s not processed\n", PROGNAME, rest, rest == 1 ? "" : "s");
			c.counts[OUT_FAILED] += (int) rest;
			break;
		}
	}
	bar_clear(&c);

	{
		char	   *t = gi_term_safe(c.reports, false);

		printf("%s: %zu file%s into %s\n", PROGNAME, files.n, files.n == 1 ? "" : "s", t);
		free(t);
	}
	for (i = 0; i < N_OUTCOMES; i++)
	{
		const char *label = c.workspace ? ws_outcome_label[i] : outcome_label[i];

		if (label)
			printf("  %-28s %d\n", label, c.counts[i]);
		if (c.workspace && i == OUT_KEPT)
			printf("  %-28s %d\n", "flagged (of these versions)", c.flagged);
	}
	if (c.ignored > 0)
		printf("  %-28s %d\n", "ignored (not a report file)", c.ignored);
	fflush(stdout);
	refresh_findings(&c);

	gi_list_free(&files);
	gi_manifest_free(&manifest);
	free(c.reports);
	free(c.versions);
	free(c.ws_name);
	free(c.ext_oid);
	free(c.ext_schema_oid);
	free(c.rejects);
	free(c.schema);
	free(c.table);
	free(c.ext_schema);
	PQfreemem(c.gv);
	PQfinish(c.conn);
	return c.counts[OUT_FAILED] > 0 ? 2 : 0;
}
