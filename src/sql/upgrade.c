/*
 * upgrade.c
 *	  What ALTER EXTENSION govinfo UPDATE needs beyond SQL: rewriting the
 *	  reports a database stores when the stored format changes.  govinfo 1.0
 *	  stored 万元 amounts in whole 元; 1.1 stores them in 分 (0.01 元).
 *
 * The update script runs as a superuser, and a table's UPDATE runs its
 * owner's code (triggers, CHECK constraints, index expressions).  So each
 * table is rewritten as its owner, inside a security-restricted operation
 * with a safe search_path and row security off, as PostgreSQL's own
 * maintenance commands (VACUUM, REINDEX, REFRESH MATERIALIZED VIEW) do: the
 * owner's code runs as the owner and cannot change role.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_extension.h"
#include "common/int.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "catalog.h"
#include "encoding.h"
#include "report.h"

/* Stored units of a 万元 cell per stored unit of 1.0 (元 -> 分). */
#define AMOUNT_1_0_FACTOR	100

int			gi_amounts_legacy = -1;

/* Any change to pg_proc (an extension update replaces functions): look again. */
static void
amounts_legacy_reset(Datum arg, int cacheid, uint32 hashvalue)
{
	gi_amounts_legacy = -1;
}

/*
 * Whether this database's govinfo is still at 1.0 (stores 万元 amounts in
 * 元): read from pg_extension once, and again after pg_proc changes.
 */
bool
gi_amounts_legacy_lookup(void)
{
	static bool registered = false;
	Relation	rel;
	SysScanDesc scan;
	ScanKeyData key;
	HeapTuple	tup;
	bool		legacy = false;

	if (gi_amounts_legacy >= 0)
		return gi_amounts_legacy == 1;
	if (!registered)
	{
		CacheRegisterSyscacheCallback(PROCOID, amounts_legacy_reset, (Datum) 0);
		registered = true;
	}
	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_extname, BTEqualStrategyNumber, F_NAMEEQ,
				CStringGetDatum("govinfo"));
	scan = systable_beginscan(rel, ExtensionNameIndexId, true, NULL, 1, &key);
	tup = systable_getnext(scan);
	if (HeapTupleIsValid(tup))
	{
		bool		isnull;
		Datum		v = heap_getattr(tup, Anum_pg_extension_extversion,
									 RelationGetDescr(rel), &isnull);

		legacy = !isnull && strcmp(TextDatumGetCString(v), "1.0") == 0;
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	gi_amounts_legacy = legacy ? 1 : 0;
	return legacy;
}

/* 1.0's stored 元 -> 分, in place (after deforming a 1.0 database's report). */
void
gi_amounts_from_stored(GiReport *r)
{
	for (int pos = 0; pos < r->t->ncells; pos++)
	{
		if (r->nulls[pos] || r->t->rows[r->t->codes[r->t->cell_code[pos]].row].scale == 1)
			continue;
		if (pg_mul_s64_overflow(r->vals[pos], AMOUNT_1_0_FACTOR, &r->vals[pos]))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("amount of cell %s is out of range to the 0.01 yuan", r->t->codes[r->t->cell_code[pos]].code),
					 errdetail("%s", gi_server_str("The stored value in 元 cannot be kept to the 0.01 元 in a bigint."))));
	}
}

/* 分 -> 元, for storing in a database still at 1.0: refused when not whole 元. */
void
gi_amounts_to_stored(const GiTemplate *t, int64 *vals, const bool *nulls)
{
	for (int pos = 0; pos < t->ncells; pos++)
	{
		if (nulls[pos] || t->rows[t->codes[t->cell_code[pos]].row].scale == 1)
			continue;
		if (vals[pos] % AMOUNT_1_0_FACTOR != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("amount of cell %s has a fraction of a yuan", t->codes[t->cell_code[pos]].code),
					 errdetail("%s", gi_server_str("This database still stores govinfo 1.0 reports, whose amounts are whole 元.")),
					 errhint("%s", gi_server_str("Run ALTER EXTENSION govinfo UPDATE to store amounts to the 0.01 元."))));
		vals[pos] /= AMOUNT_1_0_FACTOR;
	}
}

PG_FUNCTION_INFO_V1(govinfo_amounts_1_0_to_1_1);
PG_FUNCTION_INFO_V1(govinfo_upgrade_rewrite);

/* A report as 1.0 stored it (万元 cells in 元) -> as 1.1 stores it (in 分). */
Datum
govinfo_amounts_1_0_to_1_1(PG_FUNCTION_ARGS)
{
	GiReport	r;

	if (gi_amounts_in_yuan())
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("stored reports are converted only by ALTER EXTENSION govinfo UPDATE")));
	GI_GETARG_REPORT(0, &r);
	gi_amounts_from_stored(&r);
	return gi_report_form(fcinfo, &r);
}

/*
 * Rewrite one column of one table (not its inheritance children) through
 * govinfo.amounts_1_0_to_1_1, as the table's owner; returns the rows changed.
 */
Datum
govinfo_upgrade_rewrite(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	Name		column = PG_GETARG_NAME(1);
	HeapTuple	tup;
	Oid			owner;
	char	   *relname;
	char	   *nspname;
	Oid			save_userid;
	int			save_sec_context;
	int			save_nestlevel;
	StringInfoData query;
	int			rc;
	uint64		rows;

	if (!superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("only a superuser may rewrite stored reports"),
				 errhint("It is done by ALTER EXTENSION govinfo UPDATE.")));

	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tup))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation with OID %u does not exist", relid)));
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	relname = get_rel_name(relid);
	nspname = get_namespace_name(get_rel_namespace(relid));

	initStringInfo(&query);
	appendStringInfo(&query,
					 "UPDATE ONLY %s SET %s = govinfo.amounts_1_0_to_1_1(%s) "
					 "WHERE govinfo.amounts_1_0_to_1_1(%s) IS DISTINCT FROM %s",
					 quote_qualified_identifier(nspname, relname),
					 quote_identifier(NameStr(*column)), quote_identifier(NameStr(*column)),
					 quote_identifier(NameStr(*column)), quote_identifier(NameStr(*column)));

	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(owner, save_sec_context | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	(void) set_config_option("row_security", "off", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);

	if ((rc = SPI_connect()) != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(rc));
	rc = SPI_execute(query.data, false, 0);
	if (rc != SPI_OK_UPDATE)
		elog(ERROR, "rewriting %s failed: %s", query.data, SPI_result_code_string(rc));
	rows = SPI_processed;
	SPI_finish();

	AtEOXact_GUC(false, save_nestlevel);
	SetUserIdAndSecContext(save_userid, save_sec_context);

	PG_RETURN_INT64((int64) rows);
}
