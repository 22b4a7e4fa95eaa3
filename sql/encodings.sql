-- govinfo in databases that are not UTF8: in EUC_CN (GB2312, the natural
-- encoding of a Chinese database) every label, message and parse result is
-- converted; LATIN1, which holds no Chinese, refuses the install with a
-- clear error; SQL_ASCII takes the UTF-8 as it is; a GBK client of a UTF8
-- database reads and writes Chinese.
-- This file and its expected output are UTF-8: after each \c the client
-- encoding is set back to UTF8 (psql would take the new database's).
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;
SELECT pg_catalog.current_database() AS regress_db \gset
\set seedtxt `cat test/seed/2017-shandong-hrss.txt`
\set seedtsv `cat test/seed/2017-shandong-hrss.expected.tsv`

-- ---------------------------------------------------------------- EUC_CN
SET client_min_messages = warning;
DROP DATABASE IF EXISTS govinfo_regress_euc_cn;
RESET client_min_messages;
CREATE DATABASE govinfo_regress_euc_cn ENCODING 'EUC_CN' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
\c govinfo_regress_euc_cn
SET client_encoding = 'UTF8';
SELECT pg_catalog.getdatabaseencoding();
CREATE EXTENSION govinfo;

-- the catalog in Chinese; "·" (joining a row's label and its column) has no
-- GB2312 equivalent and becomes "・", GB2312's middle dot
SELECT template, title FROM govinfo.templates() ORDER BY template;
SELECT "position", code, section, unit, sign, label_zh
FROM govinfo.template_cells('gov2021')
WHERE code IN ('apply.received@natural', 'apply.received', 'proactive.fees.amount', 'proactive.normative.in_force')
ORDER BY "position";
-- every label of every template converts
SELECT t.template, count(*) AS codes, count(*) FILTER (WHERE pg_catalog.octet_length(c.label_zh) > pg_catalog.length(c.label_zh)) AS chinese_labels
FROM govinfo.templates() AS t, govinfo.template_cells(t.template) AS c
GROUP BY t.template ORDER BY t.template;
SELECT count(*) AS rules FROM govinfo.templates() AS t, govinfo.template_rules(t.template) AS r;

-- a report with a Chinese agency; its long form and jsonb
CREATE TEMP TABLE euc AS
SELECT govinfo.report('临河市财政局', 2022, 'gov2021', '{"apply.received@natural": 5, "apply.received": 5, "proactive.fees.amount": 1.5}') AS r;
SELECT (r).agency, govinfo.to_jsonb(r) FROM euc;
SELECT c.code, c.section, c.label_zh, c.unit, c.value
FROM euc, govinfo.cells(r) AS c WHERE c.value IS NOT NULL ORDER BY c.code;
SELECT c.code, c.label_zh, c.b FROM euc, govinfo.compare(NULL, r) AS c WHERE c.b IS NOT NULL ORDER BY c.code;

-- messages naming cells by their Chinese labels
CREATE TABLE euc_reports (id integer PRIMARY KEY,
    report govinfo.disclosure_report NOT NULL CHECK (govinfo.check_totals(report)));
INSERT INTO euc_reports VALUES (2, govinfo.report('临河市财政局', 2022, 'gov2021',
  '{"apply.received@natural": 5, "apply.received": 6, "review": 2, "review.upheld": 1, "review.corrected": 0, "review.other": 0, "review.pending": 0}'));
SELECT rule_id, message FROM govinfo.violations(govinfo.report('临河市财政局', 2022, 'gov2021',
  '{"review": 2, "review.upheld": 1, "review.corrected": 0, "review.other": 0, "review.pending": 0}'));
SELECT govinfo.report('a', 2021, 'gov2021', '{"apply.received": 1.5}');
SELECT govinfo.report('a', 2021, 'gov2021', '{"proactive.fees.amount": -1}');
SELECT govinfo.report('a', 2021, 'gov2021', '{"apply.recieved": 1}');

-- the seed report: its one "·" has no GB2312 equivalent, so a client could
-- not send it to this database; the text is sent with "・" in its place
\set seedeuc `sed 's/·/・/g' test/seed/2017-shandong-hrss.txt`
CREATE TEMP TABLE euc_seed AS SELECT govinfo.parse_report(:'seedeuc') AS r;
SELECT (r).agency, (r).year, (r).template, cardinality((r).cells) AS cells FROM euc_seed;
-- exactly the values of its .tsv, as in a UTF8 database
WITH expected AS (
    SELECT split_part(l, E'\t', 1) AS code, split_part(l, E'\t', 2)::numeric AS value
    FROM pg_catalog.regexp_split_to_table(:'seedtsv', E'\n') AS l
    WHERE l !~ '^#' AND l <> ''
), parsed AS (
    SELECT c.code, c.value FROM euc_seed, govinfo.cells(r) AS c WHERE c.kind = 'cell'
)
SELECT count(*) FILTER (WHERE e.value = p.value) AS equal,
       count(*) FILTER (WHERE e.value IS DISTINCT FROM p.value) AS different
FROM expected AS e FULL JOIN parsed AS p USING (code);
SELECT * FROM govinfo.parse_log(:'seedeuc');
SELECT * FROM govinfo.narrative_conflicts(:'seedeuc');
-- the size limit counts the UTF-8 the parser reads: 12 MiB of EUC_CN are 18 MiB of UTF-8
SELECT govinfo.parse_report(pg_catalog.repeat('表', 6 * 1024 * 1024));

\c :regress_db
DROP DATABASE govinfo_regress_euc_cn;

-- ---------------------------------------------------------------- LATIN1
-- no Chinese at all: CREATE EXTENSION fails on the script's Chinese text,
-- with the server's conversion error (no bytes of the wrong encoding stored)
SET client_min_messages = warning;
DROP DATABASE IF EXISTS govinfo_regress_latin1;
RESET client_min_messages;
CREATE DATABASE govinfo_regress_latin1 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
\c govinfo_regress_latin1
SET client_encoding = 'UTF8';
CREATE EXTENSION govinfo;
SELECT count(*) AS govinfo_installed FROM pg_catalog.pg_extension WHERE extname = 'govinfo';
\c :regress_db
DROP DATABASE govinfo_regress_latin1;

-- ---------------------------------------------------------------- SQL_ASCII
-- no encoding at all: the script and every string pass as the UTF-8 they are
SET client_min_messages = warning;
DROP DATABASE IF EXISTS govinfo_regress_sql_ascii;
RESET client_min_messages;
CREATE DATABASE govinfo_regress_sql_ascii ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
\c govinfo_regress_sql_ascii
SET client_encoding = 'UTF8';
CREATE EXTENSION govinfo;
SELECT code, section, label_zh FROM govinfo.template_cells('gov2021') WHERE code = 'apply.received@natural';
SELECT (govinfo.parse_report(:'seedtxt')).agency;
SELECT govinfo.report('a', 2021, 'gov2021', '{"apply.received": 1.5}');
\c :regress_db
DROP DATABASE govinfo_regress_sql_ascii;

-- ---------------------------------------------------------------- GBK client, UTF8 database
-- What the server sends is piped through iconv from GBK, so that it shows
-- here as UTF-8; what psql sends in GBK comes from \gset and iconv, never
-- from bytes of this file.
CREATE FUNCTION pg_temp.error_of(sql text) RETURNS TABLE (message text, detail text)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE sql;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    RETURN NEXT;
END $$;
\encoding GBK
SHOW client_encoding;
SELECT "position", code, label_zh FROM govinfo.template_cells('gov2014') WHERE "position" <= 3 \g |iconv -f GBK -t UTF-8
SELECT * FROM pg_temp.error_of($$SELECT govinfo.check_totals(govinfo.report('a', 2022, 'gov2021',
  '{"review": 2, "review.upheld": 1, "review.corrected": 0, "review.other": 0, "review.pending": 0}'))$$) \g |iconv -f GBK -t UTF-8
-- every text of the catalog has a GBK equivalent (convert_to raises otherwise)
SELECT count(pg_catalog.convert_to(c.section || c.unit || c.label_zh || c.label_en, 'GBK')) AS cells_in_gbk
FROM govinfo.templates() AS t, govinfo.template_cells(t.template) AS c;
SELECT count(pg_catalog.convert_to(r.rule || r.why, 'GBK')) AS rules_in_gbk
FROM govinfo.templates() AS t, govinfo.template_rules(t.template) AS r;
-- a Chinese agency sent in GBK arrives as the same text
SELECT title AS gbk_title FROM govinfo.templates() WHERE template = 'gov2014' \gset
SELECT (govinfo.report(:'gbk_title', 2017, 'gov2014', '{}')).agency = title AS same_agency
FROM govinfo.templates() WHERE template = 'gov2014';
-- the seed report sent in GBK parses to the same report
\set seedgbk `iconv -f UTF-8 -t GBK test/seed/2017-shandong-hrss.txt`
CREATE TEMP TABLE gbk_seed AS SELECT govinfo.parse_report(:'seedgbk') AS r;
SELECT (r).agency, (r).year FROM gbk_seed \g |iconv -f GBK -t UTF-8
\encoding UTF8
SELECT r = govinfo.parse_report(:'seedtxt') AS same_report FROM gbk_seed;
