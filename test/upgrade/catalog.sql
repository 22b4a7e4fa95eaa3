-- Every object of the extension govinfo, one line each with what defines it:
-- run in a database upgraded from an earlier version and in a fresh install,
-- the two outputs must be the same.
SELECT line FROM (
  SELECT 'schema ' || n.nspname || ' owner_super=' || r.rolsuper::text
         || ' acl=' || COALESCE(pg_catalog.array_to_string(
              ARRAY(SELECT pg_catalog.format('%s:%s', COALESCE(g.rolname, 'PUBLIC'), a.privilege_type)
                      FROM pg_catalog.aclexplode(n.nspacl) a
                      LEFT JOIN pg_catalog.pg_roles g ON g.oid = a.grantee
                     WHERE a.grantee <> n.nspowner ORDER BY 1), ','), '')
         || ' comment=' || COALESCE(pg_catalog.obj_description(n.oid, 'pg_namespace'), '') AS line
    FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner
   WHERE n.nspname = 'govinfo'
  UNION ALL
  SELECT 'function ' || p.oid::pg_catalog.regprocedure::text
         || ' returns ' || pg_catalog.pg_get_function_result(p.oid)
         || ' args=' || pg_catalog.pg_get_function_arguments(p.oid)
         || ' kind=' || p.prokind::text || ' vol=' || p.provolatile::text || ' strict=' || p.proisstrict::text
         || ' par=' || p.proparallel::text || ' secdef=' || p.prosecdef::text
         || ' lang=' || l.lanname || ' cost=' || p.procost::text || ' rows=' || p.prorows::text
         || ' config=' || COALESCE(pg_catalog.array_to_string(p.proconfig, ','), '')
         || ' owner_super=' || r.rolsuper::text
         || ' src=' || pg_catalog.md5(COALESCE(p.prosrc, '') || '|' || COALESCE(p.probin, ''))
         || ' comment=' || COALESCE(pg_catalog.obj_description(p.oid, 'pg_proc'), '')
    FROM pg_catalog.pg_proc p
    JOIN pg_catalog.pg_language l ON l.oid = p.prolang
    JOIN pg_catalog.pg_roles r ON r.oid = p.proowner
   WHERE p.pronamespace = 'govinfo'::pg_catalog.regnamespace
  UNION ALL
  SELECT 'aggregate ' || a.aggfnoid::pg_catalog.regprocedure::text
         || ' sfunc=' || a.aggtransfn::text || ' stype=' || a.aggtranstype::pg_catalog.regtype::text
         || ' final=' || a.aggfinalfn::text || ' combine=' || a.aggcombinefn::text
         || ' serial=' || a.aggserialfn::text || ' deserial=' || a.aggdeserialfn::text
         || ' init=' || COALESCE(a.agginitval, '')
    FROM pg_catalog.pg_aggregate a JOIN pg_catalog.pg_proc p ON p.oid = a.aggfnoid
   WHERE p.pronamespace = 'govinfo'::pg_catalog.regnamespace
  UNION ALL
  SELECT 'type ' || t.oid::pg_catalog.regtype::text || ' typtype=' || t.typtype::text
         || ' attrs=' || COALESCE((SELECT pg_catalog.string_agg(a.attname || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
                                   FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), '')
         || ' comment=' || COALESCE(pg_catalog.obj_description(t.oid, 'pg_type'), '')
    FROM pg_catalog.pg_type t
   WHERE t.typnamespace = 'govinfo'::pg_catalog.regnamespace AND t.typcategory <> 'A'
  UNION ALL
  SELECT 'operator ' || o.oid::pg_catalog.regoperator::text || ' code=' || o.oprcode::text
         || ' comment=' || COALESCE(pg_catalog.obj_description(o.oid, 'pg_operator'), '')
    FROM pg_catalog.pg_operator o WHERE o.oprnamespace = 'govinfo'::pg_catalog.regnamespace
  UNION ALL
  SELECT 'relation ' || c.oid::pg_catalog.regclass::text || ' kind=' || c.relkind::text
         || ' comment=' || COALESCE(pg_catalog.obj_description(c.oid, 'pg_class'), '')
    FROM pg_catalog.pg_class c WHERE c.relnamespace = 'govinfo'::pg_catalog.regnamespace
  UNION ALL
  SELECT 'member ' || pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid)
    FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
   WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.deptype = 'e'
     AND e.extname = 'govinfo'
     AND d.classid <> 'pg_catalog.pg_namespace'::pg_catalog.regclass
  UNION ALL
  SELECT 'extension ' || e.extname || ' version=' || e.extversion
    FROM pg_catalog.pg_extension e WHERE e.extname = 'govinfo'
) s ORDER BY line;
