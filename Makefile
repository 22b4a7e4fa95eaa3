# govinfo: PGXS build.
#
#   make                  build the extension (needs pg_config: postgresql-server-dev-NN)
#   make install          install it into the PostgreSQL that pg_config names
#   make installcheck     pg_regress against a running server (scripts/test.sh starts one)
#   make unitcheck        the pure-C unit tests (no server)
#   make spec-diff        compare spec/ with ../shared/spec, the newer copy

EXTENSION   = govinfo
EXTVERSION := $(shell sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" $(EXTENSION).control)

MODULE_big  = govinfo

# Every object, in one place, by folder:
#   src/core/   pure C: the catalog, the rule engine, decimals, locate, the
#               prose check, agency names; no server header (make layoutcheck)
#   src/parse/  pure C: the parser, a file a stage (parse.h is its interface)
#   src/sql/    the server layer: fmgr functions, the type, aggregates
# The pure objects are also built with the host compiler, without the
# server's headers, by the unit tests, the fuzzers and the profiling driver
# (mk/parse.mk).
CORE_OBJS   = src/core/catalog.o src/core/catalog_data.o src/core/rules.o src/core/decimal.o \
              src/core/complete.o src/core/narrative.o src/core/locate.o src/core/locate_slip.o \
              src/core/agency_name.o
PARSE_OBJS  = src/parse/parse.o src/parse/arena.o src/parse/fold.o \
              src/parse/trad_table.o src/parse/doc.o src/parse/decode_text.o \
              src/parse/decode_html.o src/parse/lines.o src/parse/classify.o \
              src/parse/log.o src/parse/rows.o src/parse/label.o \
              src/parse/tables.o src/parse/detect.o src/parse/similarity.o \
              src/parse/align.o src/parse/align_memo.o src/parse/columns.o \
              src/parse/values.o src/parse/cells.o src/parse/agency.o src/parse/runs.o \
              src/parse/wrapped.o
PURE_OBJS   = $(CORE_OBJS) $(PARSE_OBJS)
SQL_OBJS    = src/sql/report.o src/sql/checks.o src/sql/message_zh.o src/sql/catalog_sql.o \
              src/sql/encoding.o src/sql/upgrade.o src/sql/aggregates.o src/sql/compare.o \
              src/sql/metrics.o src/sql/parse_sql.o src/sql/locate_sql.o src/sql/workspace.o
OBJS        = $(PURE_OBJS) $(SQL_OBJS)

# Include paths: the pure code sees only its own folders.
PURE_INCLUDES = -I$(srcdir)/src/core -I$(srcdir)/src/parse

DATA_built  = $(EXTENSION)--$(EXTVERSION).sql
# Released versions' install scripts are kept unchanged (sql/govinfo--1.0.sql,
# with its control file), beside every upgrade script.
DATA        = $(wildcard sql/$(EXTENSION)--*.sql) $(wildcard $(EXTENSION)--*.control)

# Every sql/*.sql but the install script is a regression test; generated
# tests are listed explicitly so that they exist before pg_regress runs.
GENERATED_TESTS = $(if $(wildcard tools/gen_rule_cases.py),rule_cases)
REGRESS     = $(sort $(filter-out $(EXTENSION) $(EXTENSION)--%,$(patsubst sql/%.sql,%,$(wildcard sql/*.sql))) $(GENERATED_TESTS))
REGRESS_OPTS = --load-extension=plpgsql

PG_CPPFLAGS = $(PURE_INCLUDES) -I$(srcdir)/src/sql
# -flto: the parser's stages are files of their own; link-time optimisation
# inlines across them as the compiler did within one file (bench/README.md).
PG_CFLAGS   = -Wall -Wmissing-prototypes -flto=auto
EXTRA_CLEAN = src/core/catalog_data.c src/parse/trad_table.c src/parse/keywords.h src/core/narrative_rules.h \
              sql/rule_cases.sql expected/rule_cases.out test/unit/*.o test/unit/unit_tests

# The feature makefiles below define rules of their own: keep `all` the default.
.DEFAULT_GOAL := all

# Feature makefiles add their targets and install hooks (the objects are above).
include $(sort $(wildcard mk/*.mk))

PG_CONFIG  ?= pg_config
PGXS       := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
ifeq ($(PGXS),)
$(error pg_config was not found: install postgresql-server-dev-15 (scripts/test.sh does it) or set PG_CONFIG)
endif
include $(PGXS)

PYTHON ?= python3

src/core/catalog_data.c: tools/gen_catalog.py $(wildcard spec/*.tsv spec/*.rules) spec/README.md
	$(PYTHON) tools/gen_catalog.py spec $@

$(OBJS): src/core/catalog.h
src/core/catalog_data.o: src/core/catalog_data.c

src/parse/trad_table.c: tools/gen_trad.py tools/trad_simp.tsv
	$(PYTHON) tools/gen_trad.py tools/trad_simp.tsv $@

# The words the parser and the prose check look for (spec/keywords.tsv, spec/narrative.tsv)
src/parse/keywords.h: tools/gen_keywords.py tools/gen_catalog.py spec/keywords.tsv spec/columns.tsv
	$(PYTHON) tools/gen_keywords.py spec $@

src/core/narrative_rules.h: tools/gen_narrative.py tools/gen_catalog.py spec/narrative.tsv $(wildcard spec/gov*.tsv)
	$(PYTHON) tools/gen_narrative.py spec $@

src/parse/detect.o src/parse/columns.o src/parse/detect.bc src/parse/columns.bc: src/parse/keywords.h
src/core/narrative.o src/core/narrative.bc: src/core/narrative_rules.h

$(EXTENSION)--$(EXTVERSION).sql: sql/$(EXTENSION).sql $(EXTENSION).control
	cp $< $@

sql/rule_cases.sql expected/rule_cases.out: tools/gen_rule_cases.py tools/gen_catalog.py $(wildcard spec/*)
	$(PYTHON) tools/gen_rule_cases.py spec sql/rule_cases.sql expected/rule_cases.out

installcheck: $(if $(GENERATED_TESTS),sql/rule_cases.sql expected/rule_cases.out)

.PHONY: spec-diff unitcheck
spec-diff:
	@if [ -d ../shared/spec ]; then diff -ru spec ../shared/spec && echo "spec/ is up to date with ../shared/spec"; \
	else echo "../shared/spec not found"; fi
