# The source folders keep their promise (Makefile: CORE_OBJS, PARSE_OBJS,
# SQL_OBJS).  Included by the Makefile before PGXS.
#
#   make layoutcheck   every C file is listed under its own folder's objects;
#                      nothing in src/core/ or src/parse/ includes a server
#                      header or a file of src/sql/, and each of their files
#                      compiles with the host compiler given only their two
#                      folders (no server include path).  Ends with
#                      "N passed, N failed".
LAYOUT_CC ?= $(UNIT_CC)

layoutcheck: src/core/catalog_data.c src/core/narrative_rules.h src/parse/trad_table.c src/parse/keywords.h
	@pass=0; fail=0; \
	for f in $(sort $(wildcard src/*.c src/*.h)); do \
		echo "not in a folder: $$f (src/core/, src/parse/ or src/sql/)"; fail=$$((fail+1)); done; \
	for f in $(sort $(wildcard src/core/*.c src/parse/*.c)); do \
		case " $(PURE_OBJS:.o=.c) " in *" $$f "*) pass=$$((pass+1));; \
		*) echo "not in CORE_OBJS or PARSE_OBJS: $$f"; fail=$$((fail+1));; esac; done; \
	for f in $(sort $(wildcard src/sql/*.c)); do \
		case " $(SQL_OBJS:.o=.c) " in *" $$f "*) pass=$$((pass+1));; \
		*) echo "not in SQL_OBJS: $$f"; fail=$$((fail+1));; esac; done; \
	for f in $(sort $(wildcard src/core/*.[ch] src/parse/*.[ch])); do \
		bad=$$(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](postgres|postgres_fe|c|fmgr|funcapi|miscadmin|pg_config|varatt)\.h[>"]|^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](access|catalog|utils|lib|mb|nodes|executor|common|storage|commands|parser|port)/' $$f; \
		      for h in $$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' $$f); do \
		        [ -f src/core/$$h ] || [ -f src/parse/$$h ] || echo "$$h: not in src/core/ or src/parse/"; done); \
		if [ -n "$$bad" ]; then echo "$$f includes the server layer:"; echo "$$bad" | sed 's/^/    /'; fail=$$((fail+1)); \
		else pass=$$((pass+1)); fi; done; \
	for f in $(sort $(wildcard src/core/*.c src/parse/*.c)); do \
		if $(LAYOUT_CC) -std=gnu99 -fsyntax-only \
			-I src/core -I src/parse $$f 2>/tmp/gi-layout.$$$$; then pass=$$((pass+1)); \
		else echo "$$f does not compile without the server's headers:"; head -n 5 /tmp/gi-layout.$$$$ | sed 's/^/    /'; fail=$$((fail+1)); fi; \
		rm -f /tmp/gi-layout.$$$$; done; \
	echo "$$pass passed, $$fail failed"; [ $$fail -eq 0 ]

.PHONY: layoutcheck
