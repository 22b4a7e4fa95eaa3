/*
 * versions.c
 *	  govinfo-import into an oversight workspace (govinfo.create_workspace):
 *	  a parsed file becomes a version of its agency and year through the
 *	  workspace's own loader, govinfo.load_reports(workspace, staging), fed a
 *	  temporary staging table (the session's own) holding the file's one row
 *	  inside the file's transaction.  The
 *	  loader resolves the agency through agency_aliases, judges the status
 *	  (consistent or flagged), makes the version current (replaced) or keeps
 *	  it beside the current one (kept), and rejects only what cannot be a
 *	  version.  Then the version is read back for the file's line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "files.h"

/* The advisory locks' first key, as for the files' locks (govinfo-import.c). */
#define GI_LOCK_CLASS "1735357033"

void
gi_version_free(GiVersion *v)
{
	free(v->version_id);
	free(v->status);
	free(v->supersedes);
	free(v->current_id);
	free(v->agency_name);
	free(v->broken_errors);
	free(v->broken_warnings);
	free(v->reason);
	memset(v, 0, sizeof(*v));
}

/* Read back the version this file made (the newest with its content hash). */
static bool
read_version(Ctx *c, const char *hash, GiVersion *v, DbError *err)
{
	const char *vals[1] = {hash};
	PGresult   *res;
	char	   *sql;

	sql = gi_printf("SELECT v.version_id, v.status, v.supersedes, "
					"(SELECT o.version_id FROM %1$s o WHERE o.agency_id = v.agency_id AND o.year = v.year "
					"   AND o.is_current), "
					"a.name, "
					"pg_catalog.string_agg(x.rule_id, ', ' ORDER BY x.rule_id) "
					"  FILTER (WHERE x.outcome IS FALSE AND x.severity = 'error'), "
					"pg_catalog.string_agg(x.rule_id, ', ' ORDER BY x.rule_id) "
					"  FILTER (WHERE x.outcome IS FALSE AND x.severity <> 'error'), "
					"pg_catalog.count(x.rule_id) FILTER (WHERE x.outcome IS NULL) "
					"FROM %1$s v "
					"JOIN %2$s.agencies a ON a.agency_id = v.agency_id "
					"LEFT JOIN LATERAL %3$s.violations(v.report, "
					"  (SELECT s.mode FROM %2$s.workspace_settings s), 'all'::pg_catalog.text) AS x ON true "
					"WHERE v.version_id = (SELECT pg_catalog.max(w.version_id) FROM %1$s w WHERE w.content_hash = $1) "
					"GROUP BY v.version_id, v.status, v.supersedes, v.agency_id, v.year, a.name",
					c->versions, c->ws_name, c->gv);
	res = gi_run(c, sql, 1, vals, 0, 0, err);
	free(sql);
	if (res == NULL)
		return false;
	if (PQntuples(res) != 1)
	{
		PQclear(res);
		gi_dberror_free(err);
		err->message = gi_strdup("govinfo.load_reports() made no version of the file");
		snprintf(err->sqlstate, sizeof(err->sqlstate), "XX000");
		return false;
	}
	v->version_id = gi_value_dup(res, 0, 0);
	v->status = gi_value_dup(res, 0, 1);
	v->supersedes = gi_value_dup(res, 0, 2);
	v->current_id = gi_value_dup(res, 0, 3);
	v->agency_name = gi_value_dup(res, 0, 4);
	v->broken_errors = gi_value_dup(res, 0, 5);
	v->broken_warnings = gi_value_dup(res, 0, 6);
	v->unassessable = atoi(PQgetvalue(res, 0, 7));
	PQclear(res);
	return true;
}

/*
 * The session's staging table, made once (again after a reconnection),
 * outside any file's transaction; its row is gone at each commit.  True
 * when it is there, else false with *err set.
 */
bool
gi_make_staging(Ctx *c, DbError *err)
{
	char	   *sql;
	bool		ok;

	sql = gi_printf("CREATE TEMPORARY TABLE gi_import_file (agency text, year integer, region text, level text, "
					"report %s.disclosure_report, source text, content text, content_hash text, "
					"parse_log jsonb, keep_current boolean) ON COMMIT DELETE ROWS", c->gv);
	ok = gi_run_cmd(c, sql, err);
	free(sql);
	return ok;
}

bool
gi_load_version(Ctx *c, const char *source, const char *hash, const char *text,
				size_t textlen, const char *report, const char *agency, const char *year,
				const char *template, const char *previous, GiVersion *v, DbError *err)
{
	const char *vals[13];
	PGresult   *res;
	char	   *sql;
	char	   *logsql;

	/*
	 * One loader at a time in a workspace, until the file's commit: two
	 * importers loading two documents of one agency and year (or two names of
	 * one new agency) would each see no current version (no agency) and
	 * collide at commit.  Parsing, before this, still runs side by side.
	 */
	vals[0] = c->schema;
	res = gi_run(c, "SELECT pg_catalog.pg_advisory_xact_lock(" GI_LOCK_CLASS ", "
				 "pg_catalog.hashtext('workspace ' OPERATOR(pg_catalog.||) $1))",
				 1, vals, 0, 0, err);
	if (res == NULL)
		return false;
	PQclear(res);

	vals[0] = agency;
	vals[1] = year;
	vals[2] = c->opt.region;
	vals[3] = c->opt.level;
	vals[4] = report;
	vals[5] = source;
	vals[6] = text;
	vals[7] = hash;
	vals[8] = c->opt.keep_current ? "true" : "false";
	vals[9] = c->opt.agency;
	vals[10] = c->opt.year;
	vals[11] = c->opt.template;
	vals[12] = previous;
	/* the log of the parse that made the report: with last year's version when it had one */
	logsql = !c->have_parse_log ? gi_strdup("NULL::jsonb") : previous != NULL ?
		gi_printf("(SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(l) OPERATOR(pg_catalog.-) 'ordinality' "
				  "ORDER BY l.ordinality) FROM %1$s.parse_log($7, $13::%1$s.disclosure_report, $10, $11::integer, $12) "
				  "WITH ORDINALITY AS l)", c->gv) :
		gi_printf("(SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(l) OPERATOR(pg_catalog.-) 'ordinality' "
				  "ORDER BY l.ordinality) FROM %s.parse_log($7, $10, $11::integer, $12) WITH ORDINALITY AS l)",
				  c->gv);
	sql = gi_printf("INSERT INTO pg_temp.gi_import_file "
					"SELECT $1, $2::integer, $3, $4, $5::%s.disclosure_report, $6, $7, $8, %s, $9::boolean",
					c->gv, logsql);
	free(logsql);
	res = gi_run(c, sql, previous != NULL ? 13 : 12, vals, 7, textlen, err);
	free(sql);
	if (res == NULL)
		return false;
	PQclear(res);

	vals[0] = c->schema;
	sql = gi_printf("SELECT l.loaded, l.replaced, l.kept, l.duplicates, l.rejected "
					"FROM %s.load_reports($1::pg_catalog.name, 'pg_temp.gi_import_file'::pg_catalog.regclass) AS l",
					c->gv);
	res = gi_run(c, sql, 1, vals, 0, 0, err);
	free(sql);
	if (res == NULL)
		return false;
	if (strcmp(PQgetvalue(res, 0, 0), "1") == 0)
		strcpy(v->action, "loaded");
	else if (strcmp(PQgetvalue(res, 0, 1), "1") == 0)
		strcpy(v->action, "replaced");
	else if (strcmp(PQgetvalue(res, 0, 2), "1") == 0)
		strcpy(v->action, "kept");
	else if (strcmp(PQgetvalue(res, 0, 3), "1") == 0)
		strcpy(v->action, "duplicate");
	else
		strcpy(v->action, "rejected");
	PQclear(res);

	if (strcmp(v->action, "duplicate") == 0)
		return true;
	if (strcmp(v->action, "rejected") == 0)
	{
		vals[0] = hash;
		sql = gi_printf("SELECT j.reason FROM %s j WHERE j.content_hash = $1", c->rejects);
		res = gi_run(c, sql, 1, vals, 0, 0, err);
		free(sql);
		if (res == NULL)
			return false;
		v->reason = PQntuples(res) > 0 ? gi_value_dup(res, 0, 0) : NULL;
		PQclear(res);
		return true;
	}
	return read_version(c, hash, v, err);
}

/*
 * The agency's current version of the year before year in the workspace,
 * as composite text, found through its names (agency_aliases); NULL when
 * there is none (*failed false) or the query failed (*failed true, *err
 * set).
 */
char *
gi_previous_version(Ctx *c, const char *agency, const char *year, DbError *err, bool *failed)
{
	const char *vals[2] = {agency, year};
	PGresult   *res;
	char	   *sql;
	char	   *prev;

	*failed = false;
	sql = gi_printf("SELECT v.report::pg_catalog.text FROM %1$s v "
					"JOIN %2$s.agency_aliases a ON a.agency_id = v.agency_id "
					"WHERE a.alias_key = %3$s.normalize_agency_name($1) "
					"AND v.year = $2::pg_catalog.int4 - 1 AND v.is_current",
					c->versions, c->ws_name, c->gv);
	res = gi_run(c, sql, 2, vals, 0, 0, err);
	free(sql);
	if (res == NULL)
	{
		*failed = true;
		return NULL;
	}
	prev = PQntuples(res) == 1 ? gi_value_dup(res, 0, 0) : NULL;
	PQclear(res);
	return prev;
}
