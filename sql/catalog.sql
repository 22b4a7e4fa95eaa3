-- The template catalog, generated from spec/.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS govinfo;
RESET client_min_messages;

SELECT * FROM govinfo.templates() ORDER BY template;

-- stored cells and groups per template (positions are 1..cells without gaps)
SELECT template, kind, count(*) AS codes, min("position") AS first, max("position") AS last,
       count(DISTINCT "position") AS distinct_positions
FROM unnest(ARRAY['gov2014', 'gov2019', 'gov2021']) AS template,
     LATERAL govinfo.template_cells(template)
GROUP BY template, kind ORDER BY template, kind;

-- printed order: the first rows of table 三 of gov2021, columns in columns.tsv order
SELECT "position", code, kind, section, unit, sign, label_zh, label_en
FROM govinfo.template_cells('gov2021')
WHERE code LIKE 'apply.received%' OR code LIKE 'apply.result.denied' OR code LIKE 'apply.result.denied@%';

-- signed cells (本年增/减) and 万元 cells
SELECT template, code, unit, sign
FROM unnest(ARRAY['gov2014', 'gov2019', 'gov2021']) AS template,
     LATERAL govinfo.template_cells(template)
WHERE sign = '±' OR unit = '万元' ORDER BY template, "position";

SELECT rule_id, severity, rule FROM govinfo.template_rules('gov2021');
SELECT count(*) AS gov2014_rules FROM govinfo.template_rules('gov2014');

-- errors
SELECT * FROM govinfo.template_cells('gov2022');
SELECT * FROM govinfo.template_rules('GOV2021');
