/*
 * setup.c
 *	  govinfo-import's database side: statements and server errors,
 *	  connecting, and what is settled before any file is read: the target
 *	  named by --table, govinfo found through its catalog entries (never by
 *	  a name in search_path), and a target the connecting role owns without
 *	  triggers or rules, created by --init when asked.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "importer.h"
#include "files.h"

/* type OIDs of the parameters we send (pg_type.h values, stable) */
#define TEXTOID 25

/* "govinfo-import: message" on stderr, escaped; the message's own lines kept. */
void
gi_complain(const char *fmt,...)
{
	va_list		ap;
	char	   *msg;
	char	   *safe;

	va_start(ap, fmt);
	msg = gi_vprintf(fmt, ap);
	va_end(ap);
	safe = gi_term_safe(msg, true);
	fprintf(stderr, "%s: %s\n", PROGNAME, safe);
	free(safe);
	free(msg);
}

/* ----------------------------------------------------------------------------
 * Database helpers
 * ----------------------------------------------------------------------------
 */

void
gi_dberror_free(DbError *e)
{
	free(e->message);
	free(e->detail);
	free(e->hint);
	memset(e, 0, sizeof(*e));
}

static void
dberror_set(DbError *e, PGconn *conn, const PGresult *res)
{
	const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *d = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	const char *h = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;
	const char *s = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	gi_dberror_free(e);
	if (m == NULL)
	{
		/* a libpq-side failure: the connection's message */
		char	   *msg = gi_strdup(PQerrorMessage(conn));
		size_t		l = strlen(msg);

		while (l > 0 && (msg[l - 1] == '\n' || msg[l - 1] == ' '))
			msg[--l] = '\0';
		if (l == 0)
		{
			free(msg);
			msg = gi_strdup("unknown error (no message from the server)");
		}
		e->message = msg;
	}
	else
		e->message = gi_strdup(m);
	e->detail = d ? gi_strdup(d) : NULL;
	e->hint = h ? gi_strdup(h) : NULL;
	snprintf(e->sqlstate, sizeof(e->sqlstate), "%s", s ? s : "08006");
}

/* "message\nDETAIL:  detail\nHINT:  hint", as psql shows it. */
char *
gi_dberror_text(const DbError *e)
{
	return gi_printf("%s%s%s%s%s", e->message,
					 e->detail ? "\nDETAIL:  " : "", e->detail ? e->detail : "",
					 e->hint ? "\nHINT:  " : "", e->hint ? e->hint : "");
}

/*
 * Run a statement with text parameters (NULL = SQL NULL).  Parameter
 * binary_param (1-based, 0 = none) is sent in binary format with its length,
 * for file content.  Returns the result when it succeeded, else NULL with *err set.
 */
PGresult *
gi_run(Ctx *c, const char *sql, int nparams, const char *const *values,
	   int binary_param, size_t binary_len, DbError *err)
{
	Oid			types[16];
	int			lengths[16];
	int			formats[16];
	PGresult   *res;
	ExecStatusType st;
	int			i;

	for (i = 0; i < nparams; i++)
	{
		types[i] = TEXTOID;
		lengths[i] = 0;
		formats[i] = 0;
	}
	if (binary_param > 0)
	{
		lengths[binary_param - 1] = (int) binary_len;
		formats[binary_param - 1] = 1;
	}
	res = PQexecParams(c->conn, sql, nparams, types, values, lengths, formats, 0);
	st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return res;
	if (err)
		dberror_set(err, c->conn, res);
	PQclear(res);
	return NULL;
}

/* A result's value, malloc'd; NULL for SQL NULL. */
char *
gi_value_dup(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : gi_strdup(PQgetvalue(res, row, col));
}

/* Run a statement without parameters and without a result; true when it worked. */
bool
gi_run_cmd(Ctx *c, const char *sql, DbError *err)
{
	PGresult   *res = gi_run(c, sql, 0, NULL, 0, 0, err);

	PQclear(res);
	return res != NULL;
}

/*
 * The session's search_path while importing: every name the importer's
 * statements leave unqualified (operators, built-in types and functions) is
 * pg_catalog's, and nothing the connecting role, or anyone, creates in
 * another schema can stand in for it.  govinfo's own objects are called by
 * the schema found through the extension (find_extension).
 */
#define SAFE_SEARCH_PATH "SET search_path = pg_catalog, pg_temp"

/* After a failure: is the connection still there (reconnecting once if not)? */
bool
gi_connection_ok(Ctx *c)
{
	if (PQstatus(c->conn) == CONNECTION_OK)
	{
		if (PQtransactionStatus(c->conn) != PQTRANS_IDLE)
		{
			PGresult   *r = PQexec(c->conn, "ROLLBACK");

			PQclear(r);
		}
		return true;
	}
	PQreset(c->conn);
	if (PQstatus(c->conn) != CONNECTION_OK)
		return false;
	/* a new session: its search_path first, and a workspace's staging table */
	return gi_run_cmd(c, SAFE_SEARCH_PATH, NULL) && (!c->workspace || gi_make_staging(c, NULL));
}

/* ----------------------------------------------------------------------------
 * Connecting and finding the tables
 * ----------------------------------------------------------------------------
 */

static char *
read_password(const char *user)
{
	FILE	   *tty = fopen("/dev/tty", "r+");
	struct termios old,
				quiet;
	char		buf[1024];
	bool		echo_off = false;
	size_t		l;

	if (tty == NULL)
		return NULL;
	fprintf(tty, "Password for user %s: ", user ? user : "");
	fflush(tty);
	if (tcgetattr(fileno(tty), &old) == 0)
	{
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t) ECHO;
		echo_off = tcsetattr(fileno(tty), TCSAFLUSH, &quiet) == 0;
	}
	if (fgets(buf, sizeof(buf), tty) == NULL)
		buf[0] = '\0';
	if (echo_off)
		tcsetattr(fileno(tty), TCSAFLUSH, &old);
	fputc('\n', tty);
	fclose(tty);
	l = strlen(buf);
	while (l > 0 && (buf[l - 1] == '\n' || buf[l - 1] == '\r'))
		buf[--l] = '\0';
	return gi_strdup(buf);
}

PGconn *
gi_connect(const Options *o)
{
	char	   *password = NULL;
	PGconn	   *conn;

	if (o->prompt_password == 1)
		password = read_password(o->user);
	for (;;)
	{
		const char *keys[] = {"host", "port", "user", "password", "dbname",
		"fallback_application_name", "client_encoding", NULL};
		const char *vals[] = {o->host, o->port, o->user, password, o->dbname,
		PROGNAME, "UTF8", NULL};

		conn = PQconnectdbParams(keys, vals, 1);
		if (conn != NULL && PQstatus(conn) == CONNECTION_BAD &&
			PQconnectionNeedsPassword(conn) && password == NULL &&
			o->prompt_password != -1 && isatty(STDIN_FILENO))
		{
			PQfinish(conn);
			password = read_password(o->user);
			if (password != NULL)
				continue;
			conn = PQconnectdbParams(keys, vals, 1);
		}
		break;
	}
	if (password)
	{
		memset(password, 0, strlen(password));
		free(password);
	}
	return conn;
}

/* Print a server error for a setup step (before any file). */
static void
setup_error(const char *what, const DbError *e)
{
	char	   *t = gi_dberror_text(e);

	gi_complain("%s: %s", what, t);
	free(t);
}

/* Quote schema.table with PQescapeIdentifier; malloc'd. */
static char *
quote_qualified(PGconn *conn, const char *schema, const char *table)
{
	char	   *qs = PQescapeIdentifier(conn, schema, strlen(schema));
	char	   *qt = PQescapeIdentifier(conn, table, strlen(table));
	char	   *r;

	if (qs == NULL || qt == NULL)
	{
		PQfreemem(qs);
		PQfreemem(qt);
		return NULL;
	}
	r = gi_printf("%s.%s", qs, qt);
	PQfreemem(qs);
	PQfreemem(qt);
	return r;
}

/*
 * Resolve --table as SQL would, under the user's own search_path (so this
 * runs before SAFE_SEARCH_PATH): the schema and name of an existing table
 * (to_regclass), or where --init would create it (an unqualified name goes
 * to current_schema()).  0 done, 1 error (printed).
 */
static int
resolve_target(Ctx *c)
{
	DbError		err = {0};
	const char *vals[1] = {c->opt.table};
	PGresult   *res;
	int			nparts;

	res = gi_run(c,
				 "SELECT n.nspname, k.relname, pg_catalog.array_length(p, 1), "
				 "CASE WHEN pg_catalog.array_length(p, 1) OPERATOR(pg_catalog.=) 1 "
				 "THEN pg_catalog.current_schema() ELSE p[1] END, "
				 "p[pg_catalog.array_length(p, 1)] "
				 "FROM pg_catalog.parse_ident($1) AS p "
				 "LEFT JOIN pg_catalog.pg_class k ON k.oid OPERATOR(pg_catalog.=) pg_catalog.to_regclass($1) "
				 "LEFT JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) k.relnamespace",
				 1, vals, 0, 0, &err);
	if (res == NULL)
	{
		setup_error("invalid --table name", &err);
		gi_dberror_free(&err);
		return 1;
	}
	if (!PQgetisnull(res, 0, 0))
	{
		c->table_exists = true;
		c->schema = gi_strdup(PQgetvalue(res, 0, 0));
		c->table = gi_strdup(PQgetvalue(res, 0, 1));
		PQclear(res);
		return 0;
	}
	nparts = atoi(PQgetvalue(res, 0, 2));
	if (nparts > 2 || PQgetisnull(res, 0, 3))
	{
		gi_complain("--table %s: give schema.table or table (with a schema in search_path)", c->opt.table);
		PQclear(res);
		return 1;
	}
	c->table_exists = false;
	c->schema = gi_strdup(PQgetvalue(res, 0, 3));
	c->table = gi_strdup(PQgetvalue(res, 0, 4));
	PQclear(res);
	return 0;
}

/* What find_extension learns of govinfo, as the server prints it. */
typedef struct ExtFound
{
	char	   *ext_oid;
	char	   *type_oid;		/* disclosure_report */
	char	   *schema;
	char	   *schema_oid;
	char	   *owner;			/* of the schema */
} ExtFound;

static void
ext_found_free(ExtFound *x)
{
	free(x->ext_oid);
	free(x->type_oid);
	free(x->schema);
	free(x->schema_oid);
	free(x->owner);
	memset(x, 0, sizeof(*x));
}

/*
 * The functions the importer calls, among the extension's members, by exact
 * argument types (type OIDs: 25 text, 23 integer, 19 name, 2205 regclass, T
 * the extension's disclosure_report).  Every call passes exactly these types, so no other
 * overload can be chosen.  0 all there, in the type's schema; 1 error (printed).
 */
static int
check_ext_functions(Ctx *c, const ExtFound *x)
{
	DbError		err = {0};
	const char *vals[2] = {x->ext_oid, x->type_oid};
	PGresult   *res;
	int			i;
	int			npreviousfns = 0;

	res = gi_run(c,
				 "SELECT w.key, p.oid IS NOT NULL, p.pronamespace "
				 "FROM (VALUES ('parse_report', 'parse_report', '25 25 23 25'), ('violations', 'violations', 'T 25 25'), "
				 "  ('parse_log', 'parse_log', '25 25 23 25'), ('create_workspace', 'create_workspace', '19'), "
				 "  ('templates', 'templates', ''), ('load_reports', 'load_reports', '19 2205'), "
				 "  ('refresh_findings', 'refresh_findings', '19'), "
				 "  ('parse_report previous', 'parse_report', '25 T 25 23 25'), "
				 "  ('parse_log previous', 'parse_log', '25 T 25 23 25'), "
				 "  ('normalize_agency_name', 'normalize_agency_name', '25')) AS w(key, name, args) "
				 "LEFT JOIN pg_catalog.pg_proc p ON p.proname = w.name "
				 "  AND p.proargtypes = pg_catalog.replace(w.args, 'T', $2)::pg_catalog.oidvector "
				 "  AND EXISTS (SELECT FROM pg_catalog.pg_depend d "
				 "    WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid "
				 "      AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass "
				 "      AND d.refobjid = $1::pg_catalog.oid AND d.deptype = 'e')",
				 2, vals, 0, 0, &err);
	if (res == NULL)
	{
		setup_error("could not look up govinfo's functions", &err);
		gi_dberror_free(&err);
		return 1;
	}
	for (i = 0; i < PQntuples(res); i++)
	{
		const char *name = PQgetvalue(res, i, 0);
		bool		member = strcmp(PQgetvalue(res, i, 1), "t") == 0;
		bool		needed = strcmp(name, "parse_report") == 0 || strcmp(name, "violations") == 0 ||
			(strcmp(name, "create_workspace") == 0 && c->opt.init) ||
			(strcmp(name, "templates") == 0 && c->opt.template != NULL);

		if (strcmp(name, "parse_log") == 0)
			c->have_parse_log = member;
		if (strcmp(name, "load_reports") == 0)
			c->have_load_reports = member;
		if (strcmp(name, "refresh_findings") == 0)
			c->have_refresh = member;
		/* all three, or last year's version is not used (an older govinfo) */
		if (strcmp(name, "parse_report previous") == 0)
			npreviousfns += member;
		if (strcmp(name, "parse_log previous") == 0)
			npreviousfns += member;
		if (strcmp(name, "normalize_agency_name") == 0)
			npreviousfns += member;
		if (!member && needed)
		{
			gi_complain("the govinfo extension has no function %s with the arguments govinfo-import passes%s",
						name, strcmp(name, "create_workspace") == 0 ? " (--init needs it)" : "");
			PQclear(res);
			return 1;
		}
		if (member && strcmp(PQgetvalue(res, i, 2), x->schema_oid) != 0)
		{
			gi_complain("the govinfo extension's function %s is not in its schema \"%s\"", name, x->schema);
			PQclear(res);
			return 1;
		}
	}
	PQclear(res);
	c->have_previous = npreviousfns == 3;
	return 0;
}

/*
 * No function in the extension's schema that is not part of the extension:
 * one planted there (by whoever could create objects in the schema, as its
 * owner could under 1.0) could catch the calls of the README's examples or
 * of a program that trusts the schema.  0 none, 1 some (printed).
 */
static int
check_ext_schema(Ctx *c, const ExtFound *x)
{
	DbError		err = {0};
	const char *vals[2] = {x->ext_oid, x->schema_oid};
	PGresult   *res;
	bool		one;

	res = gi_run(c,
				 "SELECT pg_catalog.count(*), "
				 "pg_catalog.string_agg(p.oid::pg_catalog.regprocedure::pg_catalog.text, ', ' "
				 "  ORDER BY p.oid::pg_catalog.regprocedure::pg_catalog.text) "
				 "FROM pg_catalog.pg_proc p "
				 "WHERE p.pronamespace = $2::pg_catalog.oid AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d "
				 "  WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid "
				 "    AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass "
				 "    AND d.refobjid = $1::pg_catalog.oid AND d.deptype = 'e')",
				 2, vals, 0, 0, &err);
	if (res == NULL)
	{
		setup_error("could not check the extension's schema", &err);
		gi_dberror_free(&err);
		return 1;
	}
	if (strcmp(PQgetvalue(res, 0, 0), "0") == 0)
	{
		PQclear(res);
		return 0;
	}
	one = strcmp(PQgetvalue(res, 0, 0), "1") == 0;
	gi_complain("refusing to run: the schema \"%s\" of the govinfo extension holds %s function%s "
				"that %s not part of the extension: %s\n"
				"HINT:  A function there can capture calls meant for govinfo's own and run as the caller. "
				"Whoever can create objects in that schema (its owner is \"%s\") may have planted %s; "
				"a superuser should drop %s or move %s to another schema.",
				x->schema, PQgetvalue(res, 0, 0), one ? "" : "s", one ? "is" : "are",
				PQgetvalue(res, 0, 1), x->owner,
				one ? "it" : "them", one ? "it" : "them", one ? "it" : "them");
	PQclear(res);
	return 1;
}

/*
 * Find govinfo by its catalog entry, not by a name in search_path: the
 * extension in pg_extension, its type disclosure_report and every function
 * the importer calls among the objects that belong to it (pg_depend,
 * deptype 'e'), all in one schema, which the importer's statements then
 * name (c->gv).  A schema renamed, and a look-alike put in its place, is
 * not used; a function in the extension's schema that does not belong to
 * the extension stops the import.  0 found, 1 error (printed).
 */
static int
find_extension(Ctx *c)
{
	DbError		err = {0};
	PGresult   *res;
	ExtFound	x;
	int			rc;

	res = gi_run(c,
				 "SELECT e.oid, t.oid, n.nspname, n.oid, pg_catalog.pg_get_userbyid(n.nspowner) "
				 "FROM pg_catalog.pg_extension e "
				 "LEFT JOIN (pg_catalog.pg_depend d "
				 "  JOIN pg_catalog.pg_type t ON t.oid = d.objid AND t.typname = 'disclosure_report' "
				 "  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace) "
				 "ON d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass "
				 "AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass "
				 "AND d.refobjid = e.oid AND d.deptype = 'e' "
				 "WHERE e.extname = 'govinfo'",
				 0, NULL, 0, 0, &err);
	if (res == NULL)
	{
		setup_error("could not query the database", &err);
		gi_dberror_free(&err);
		return 1;
	}
	if (PQntuples(res) == 0 || PQgetisnull(res, 0, 1))
	{
		PGresult   *db = gi_run(c, "SELECT pg_catalog.current_database()", 0, NULL, 0, 0, NULL);
		const char *dbname = db ? PQgetvalue(db, 0, 0) : "?";

		if (PQntuples(res) == 0)
			gi_complain("the govinfo extension is not installed in database \"%s\"\n"
						"HINT:  Run CREATE EXTENSION govinfo; in that database, or connect to another with -d.",
						dbname);
		else
			gi_complain("the govinfo extension in database \"%s\" has no type disclosure_report", dbname);
		PQclear(db);
		PQclear(res);
		return 1;
	}
	x.ext_oid = gi_strdup(PQgetvalue(res, 0, 0));
	x.type_oid = gi_strdup(PQgetvalue(res, 0, 1));
	x.schema = gi_strdup(PQgetvalue(res, 0, 2));
	x.schema_oid = gi_strdup(PQgetvalue(res, 0, 3));
	x.owner = gi_strdup(PQgetvalue(res, 0, 4));
	PQclear(res);

	rc = check_ext_functions(c, &x) != 0 || check_ext_schema(c, &x) != 0;
	if (rc == 0)
	{
		c->ext_schema = gi_strdup(x.schema);
		c->ext_oid = gi_strdup(x.ext_oid);
		c->ext_schema_oid = gi_strdup(x.schema_oid);
		c->gv = PQescapeIdentifier(c->conn, x.schema, strlen(x.schema));
		if (c->gv == NULL)
		{
			gi_complain("could not quote the schema name: %s", PQerrorMessage(c->conn));
			rc = 1;
		}
	}
	ext_found_free(&x);
	return rc;
}

/*
 * Before --init creates the workspace: a schema that exists must be the
 * connecting role's own and not the extension's.  0 ok, 1 refused (printed).
 */
static int
check_new_workspace(Ctx *c)
{
	DbError		err = {0};
	const char *vals[1] = {c->schema};
	PGresult   *res;
	int			rc = 0;

	if (strcmp(c->table, "reports") != 0)
	{
		gi_complain("--init creates tables \"reports\" and \"rejects\": --table must name SCHEMA.reports, not %s",
					c->opt.table);
		return 1;
	}
	if (strcmp(c->schema, c->ext_schema) == 0)
	{
		gi_complain("refusing to create a workspace in the schema \"%s\" of the govinfo extension\n"
					"HINT:  Give a schema of its own, e.g. --table disclosure.reports.", c->schema);
		return 1;
	}
	res = gi_run(c,
				 "SELECT pg_catalog.pg_get_userbyid(n.nspowner), pg_catalog.pg_get_userbyid(n.nspowner) = CURRENT_USER, "
				 "CURRENT_USER FROM pg_catalog.pg_namespace n WHERE n.nspname = $1",
				 1, vals, 0, 0, &err);
	if (res == NULL)
	{
		setup_error("could not look up the schema", &err);
		gi_dberror_free(&err);
		return 1;
	}
	if (PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 1), "t") != 0)
	{
		gi_complain("refusing to create a workspace in the schema \"%s\": it is owned by role \"%s\", not by \"%s\"\n"
					"HINT:  The owner of a schema can replace the tables in it, or add triggers that run as whoever "
					"imports; use a schema of your own.",
					c->schema, PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 2));
		rc = 1;
	}
	PQclear(res);
	return rc;
}

/*
 * The target tables must be the connecting role's own, in a schema of its
 * own, plain tables, with no trigger or rule: a trigger runs its function as
 * whoever inserts, so a look-alike table could make a superuser's import run
 * someone else's code.  Into a workspace, every table the loader writes is
 * checked the same way, and the only triggers allowed are the workspace's
 * own (govinfo.create_workspace's): each by its name on its table, its
 * function either in the workspace's schema and owned by the table's owner,
 * or govinfo's own, a member of the extension.  reports needs a unique index
 * on content_hash (ON CONFLICT).  0 ok, 1 refused (printed).
 */
static int
check_target(Ctx *c)
{
	DbError		err = {0};
	const char *vals[5] = {c->schema, c->table, c->workspace ? "true" : "false", c->ext_oid, c->ext_schema_oid};
	PGresult   *res;
	int			expected = c->workspace ? 8 : 2;
	int			i;

	if (strcmp(c->schema, c->ext_schema) == 0)
	{
		gi_complain("refusing to import into %s: it is in the schema \"%s\" of the govinfo extension\n"
					"HINT:  Import into a workspace of its own: govinfo-import --init --table disclosure.reports.",
					c->reports, c->schema);
		return 1;
	}
	res = gi_run(c,
				 "SELECT '\"' || pg_catalog.replace(n.nspname, '\"', '\"\"') || '\".\"' "
				 "  || pg_catalog.replace(w.t, '\"', '\"\"') || '\"', "
				 "k.oid IS NOT NULL, k.relkind, "
				 "pg_catalog.pg_get_userbyid(n.nspowner), pg_catalog.pg_get_userbyid(n.nspowner) = CURRENT_USER, "
				 "pg_catalog.pg_get_userbyid(k.relowner), pg_catalog.pg_get_userbyid(k.relowner) = CURRENT_USER, "
				 "(SELECT pg_catalog.string_agg('\"' || pg_catalog.replace(g.tgname, '\"', '\"\"') || '\"', ', ' "
				 "   ORDER BY g.tgname) "
				 "   FROM pg_catalog.pg_trigger g WHERE g.tgrelid = k.oid AND NOT g.tgisinternal "
				 "    AND NOT EXISTS (SELECT FROM (VALUES "
				 "        ('reports', 'reports_arrive', 'reports_arrive', false), "
				 "        ('report_versions', 'report_versions_arrive', 'report_versions_arrive', false), "
				 "        ('report_versions', 'report_versions_settle', 'report_versions_settle', false), "
				 "        ('report_versions', 'report_versions_gate_update', 'workspace_sync_gate', true), "
				 "        ('report_versions', 'report_versions_sums_update', 'report_versions_sums', false), "
				 "        ('report_versions', 'report_versions_sums_delete', 'report_versions_sums', false), "
				 "        ('report_versions', 'report_versions_sums_truncate', 'report_versions_sums', false), "
				 "        ('agencies', 'agencies_sums', 'agencies_sums', false), "
				 "        ('workspace_settings', 'workspace_settings_changed', 'workspace_settings_changed', true), "
				 "        ('findings', 'findings_reviewed', 'workspace_finding_reviewed', true)) AS a(tab, tg, fn, ext) "
				 "      JOIN pg_catalog.pg_proc p ON p.oid = g.tgfoid AND p.proname = a.fn "
				 "      WHERE a.tab = w.t AND g.tgname = a.tg AND (w.i = 1 OR $3::boolean) "
				 "        AND CASE WHEN a.ext THEN p.pronamespace = $5::pg_catalog.oid AND EXISTS ("
				 "              SELECT FROM pg_catalog.pg_depend d "
				 "               WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid "
				 "                 AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass "
				 "                 AND d.refobjid = $4::pg_catalog.oid AND d.deptype = 'e') "
				 "            ELSE p.pronamespace = n.oid AND p.proowner = k.relowner AND k.relowner = n.nspowner END)), "
				 "(SELECT pg_catalog.string_agg('\"' || pg_catalog.replace(r.rulename, '\"', '\"\"') || '\"', ', ' "
				 "   ORDER BY r.rulename) "
				 "   FROM pg_catalog.pg_rewrite r WHERE r.ev_class = k.oid), "
				 "EXISTS (SELECT FROM pg_catalog.pg_index i "
				 "   JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
				 "   WHERE i.indrelid = k.oid AND i.indisunique AND i.indimmediate AND i.indnkeyatts = 1 "
				 "     AND i.indpred IS NULL AND i.indexprs IS NULL AND a.attname = 'content_hash'), "
				 "CURRENT_USER "
				 "FROM (VALUES (1, $2::pg_catalog.name), (2, 'rejects'::pg_catalog.name), "
				 "  (3, 'report_versions'), (4, 'agencies'), (5, 'agency_aliases'), (6, 'findings'), "
				 "  (7, 'workspace_settings'), (8, 'regional_sums')) AS w(i, t) "
				 "JOIN pg_catalog.pg_namespace n ON n.nspname = $1 "
				 "LEFT JOIN pg_catalog.pg_class k ON k.relnamespace = n.oid AND k.relname = w.t "
				 "WHERE w.i <= 2 OR $3::boolean "
				 "ORDER BY w.i",
				 5, vals, 0, 0, &err);
	if (res == NULL)
	{
		setup_error("could not check the tables", &err);
		gi_dberror_free(&err);
		return 1;
	}
	if (PQntuples(res) != expected)
	{
		gi_complain("schema \"%s\" does not exist", c->schema);
		PQclear(res);
		return 1;
	}
	for (i = 0; i < expected; i++)
	{
		const char *name = PQgetvalue(res, i, 0);
		const char *me = PQgetvalue(res, i, 10);

		if (strcmp(PQgetvalue(res, i, 4), "t") != 0)
		{
			gi_complain("refusing to import into %s: the schema \"%s\" is owned by role \"%s\", not by \"%s\"\n"
						"HINT:  The owner of a schema can replace the tables in it, or add triggers that run as "
						"whoever imports.  Import as that role (-U), or into a schema of your own.",
						c->reports, c->schema, PQgetvalue(res, i, 3), me);
			PQclear(res);
			return 1;
		}
		if (strcmp(PQgetvalue(res, i, 1), "t") != 0)
		{
			if (i == 1)
				gi_complain("table %s has no sibling table %s for rejected files\n"
							"HINT:  Tables made by govinfo.create_workspace() come in pairs; create them with that function.",
							c->reports, name);
			else
				gi_complain("table %s does not exist", name);
			PQclear(res);
			return 1;
		}
		if (strcmp(PQgetvalue(res, i, 2), "r") != 0)
		{
			gi_complain("refusing to import into %s: %s is not a plain table", c->reports, name);
			PQclear(res);
			return 1;
		}
		if (strcmp(PQgetvalue(res, i, 6), "t") != 0)
		{
			gi_complain("refusing to import into %s: table %s is owned by role \"%s\", not by \"%s\"\n"
						"HINT:  Its owner can add triggers that run as whoever imports.  Import as that role (-U), "
						"or into a workspace of your own.",
						c->reports, name, PQgetvalue(res, i, 5), me);
			PQclear(res);
			return 1;
		}
		if (!PQgetisnull(res, i, 7) || !PQgetisnull(res, i, 8))
		{
			bool		trig = !PQgetisnull(res, i, 7);

			gi_complain("refusing to import into %s: table %s has %s%s%s%s%s that govinfo-import did not create\n"
						"HINT:  A trigger's function runs as whoever imports, a rule's actions with the table's rights; "
						"drop them, or import into a workspace without them.",
						c->reports, name,
						trig ? (strchr(PQgetvalue(res, i, 7), ',') ? "triggers " : "trigger ") : "",
						trig ? PQgetvalue(res, i, 7) : "",
						trig && !PQgetisnull(res, i, 8) ? " and " : "",
						!PQgetisnull(res, i, 8) ? (strchr(PQgetvalue(res, i, 8), ',') ? "rules " : "rule ") : "",
						!PQgetisnull(res, i, 8) ? PQgetvalue(res, i, 8) : "");
			PQclear(res);
			return 1;
		}
	}
	c->unique_hash = strcmp(PQgetvalue(res, 0, 9), "t") == 0;
	PQclear(res);
	return 0;
}

/*
 * Is the target an oversight workspace (its schema holds report_versions,
 * agency_aliases and findings, as govinfo.workspace_schema() requires) and
 * the target its reports, or its report_versions?  Then each file becomes a
 * version.  0 decided, 1 error (printed).
 */
static int
find_workspace(Ctx *c)
{
	DbError		err = {0};
	const char *vals[1] = {c->schema};
	PGresult   *res;
	char	   *q;

	res = gi_run(c,
				 "SELECT pg_catalog.count(*) = 3 FROM pg_catalog.pg_class k "
				 "JOIN pg_catalog.pg_namespace n ON n.oid = k.relnamespace "
				 "WHERE n.nspname = $1 AND k.relname IN ('report_versions', 'agency_aliases', 'findings')",
				 1, vals, 0, 0, &err);
	if (res == NULL)
	{
		setup_error("could not look for a workspace", &err);
		gi_dberror_free(&err);
		return 1;
	}
	c->workspace = strcmp(PQgetvalue(res, 0, 0), "t") == 0 &&
		(strcmp(c->table, "reports") == 0 || strcmp(c->table, "report_versions") == 0);
	PQclear(res);
	if (!c->workspace)
		return 0;
	/*
	 * The workspace's loader and triggers are plpgsql that name govinfo's
	 * objects as govinfo.*, resolved when they run: with the extension's
	 * schema renamed, whatever schema is now called govinfo would answer.
	 */
	if (strcmp(c->ext_schema, "govinfo") != 0)
	{
		gi_complain("refusing to load into the workspace %s: the govinfo extension's schema is now called \"%s\"\n"
					"HINT:  The workspace's functions call govinfo's by the name govinfo, so a schema now called so "
					"would run in their place.  Rename the extension's schema back to govinfo.",
					c->schema, c->ext_schema);
		return 1;
	}
	if (!c->have_load_reports)
	{
		gi_complain("%s is a workspace, but the govinfo extension has no function load_reports(name, regclass)\n"
					"HINT:  Update the extension: ALTER EXTENSION govinfo UPDATE;", c->schema);
		return 1;
	}
	if (strcmp(c->table, "reports") != 0)
	{
		free(c->table);
		c->table = gi_strdup("reports");
		free(c->reports);
		c->reports = quote_qualified(c->conn, c->schema, c->table);
	}
	c->versions = quote_qualified(c->conn, c->schema, "report_versions");
	q = PQescapeIdentifier(c->conn, c->schema, strlen(c->schema));
	if (c->reports == NULL || c->versions == NULL || q == NULL)
	{
		PQfreemem(q);
		gi_complain("could not quote the table name: %s", PQerrorMessage(c->conn));
		return 1;
	}
	c->ws_name = gi_strdup(q);
	PQfreemem(q);
	return 0;
}

/* Set up the connection's context: extension present, tables found or created and checked. */
int
gi_setup(Ctx *c)
{
	DbError		err = {0};
	PGresult   *res;
	const char *vals[2];
	char	   *sql;

	if (resolve_target(c) != 0)
		return 1;
	if (!gi_run_cmd(c, SAFE_SEARCH_PATH, &err))
	{
		setup_error("could not set the search_path", &err);
		gi_dberror_free(&err);
		return 1;
	}
	if (find_extension(c) != 0)
		return 1;

	if (c->opt.template)
	{
		vals[0] = c->opt.template;
		sql = gi_printf("SELECT pg_catalog.bool_or(t.template = $1), "
						"pg_catalog.string_agg(t.template, ', ' ORDER BY t.first_year) FROM %s.templates() AS t",
						c->gv);
		res = gi_run(c, sql, 1, vals, 0, 0, &err);
		free(sql);
		if (res == NULL)
		{
			setup_error("could not list the templates", &err);
			gi_dberror_free(&err);
			return 1;
		}
		if (strcmp(PQgetvalue(res, 0, 0), "t") != 0)
		{
			gi_complain("unknown --template \"%s\": the templates are %s", c->opt.template, PQgetvalue(res, 0, 1));
			PQclear(res);
			return 1;
		}
		PQclear(res);
	}

	c->reports = quote_qualified(c->conn, c->schema, c->table);
	c->rejects = quote_qualified(c->conn, c->schema, "rejects");
	if (c->reports == NULL || c->rejects == NULL)
	{
		gi_complain("could not quote the table name: %s", PQerrorMessage(c->conn));
		return 1;
	}

	if (!c->table_exists)
	{
		if (!c->opt.init)
		{
			gi_complain("table %s does not exist\n"
						"HINT:  Create it with --init, or in SQL: SELECT govinfo.create_workspace('schema');",
						c->opt.table);
			return 1;
		}
		if (check_new_workspace(c) != 0)
			return 1;
		vals[0] = c->schema;
		sql = gi_printf("SELECT %s.create_workspace($1::pg_catalog.name)", c->gv);
		res = gi_run(c, sql, 1, vals, 0, 0, &err);
		free(sql);
		if (res == NULL)
		{
			setup_error("could not create the workspace", &err);
			gi_dberror_free(&err);
			return 1;
		}
		PQclear(res);
		if (!c->opt.quiet)
			gi_complain("created the workspace in schema %s (%s and its rejects)", c->schema, c->reports);
	}

	if (find_workspace(c) != 0 || check_target(c) != 0)
		return 1;

	/* The columns the importer writes, and the rights it needs, up front. */
	vals[0] = c->reports;
	vals[1] = c->rejects;
	res = gi_run(c,
				 "SELECT pg_catalog.array_to_string(ARRAY("
				 "  SELECT w.t || '.' || w.col FROM (VALUES "
				 "    ('reports', 'agency'), ('reports', 'region'), ('reports', 'level'), ('reports', 'year'), "
				 "    ('reports', 'report'), ('reports', 'source'), ('reports', 'content_hash'), ('reports', 'loaded_at'), "
				 "    ('rejects', 'source'), ('rejects', 'content_hash'), ('rejects', 'agency'), ('rejects', 'region'), "
				 "    ('rejects', 'level'), ('rejects', 'year'), ('rejects', 'reason'), ('rejects', 'sqlstate'), "
				 "    ('rejects', 'report'), ('rejects', 'parse_log'), ('rejects', 'violations'), ('rejects', 'rejected_at')"
				 "  ) AS w(t, col) "
				 "  WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a "
				 "    WHERE a.attrelid = pg_catalog.to_regclass(CASE w.t WHEN 'reports' THEN $1 ELSE $2 END) "
				 "      AND a.attname = w.col AND a.attnum > 0 AND NOT a.attisdropped)), ', '), "
				 "pg_catalog.has_table_privilege($1, 'SELECT') AND pg_catalog.has_table_privilege($1, 'INSERT') "
				 "AND pg_catalog.has_table_privilege($2, 'SELECT') AND pg_catalog.has_table_privilege($2, 'INSERT'), "
				 "pg_catalog.has_table_privilege($2, 'DELETE')",
				 2, vals, 0, 0, &err);
	if (res == NULL)
	{
		setup_error("could not check the tables", &err);
		gi_dberror_free(&err);
		return 1;
	}
	if (PQgetvalue(res, 0, 0)[0] != '\0')
	{
		gi_complain("%s and %s are not govinfo workspace tables: missing columns %s\n"
					"HINT:  Create them with govinfo.create_workspace().",
					c->reports, c->rejects, PQgetvalue(res, 0, 0));
		PQclear(res);
		return 1;
	}
	if (strcmp(PQgetvalue(res, 0, 1), "t") != 0 ||
		(c->opt.retry && strcmp(PQgetvalue(res, 0, 2), "t") != 0))
	{
		gi_complain("permission denied: importing needs SELECT and INSERT on %s and %s%s%s",
					c->reports, c->rejects,
					c->opt.retry ? ", and --retry DELETE on " : "", c->opt.retry ? c->rejects : "");
		PQclear(res);
		return 1;
	}
	PQclear(res);
	if (c->workspace && !gi_make_staging(c, &err))
	{
		setup_error("could not create the temporary staging table", &err);
		gi_dberror_free(&err);
		return 1;
	}
	if (!c->unique_hash)
	{
		gi_complain("%s has no unique index on content_hash alone, which govinfo-import needs to load each file once\n"
					"HINT:  Tables made by govinfo.create_workspace() have one.", c->reports);
		return 1;
	}
	return 0;
}

