# The oversight workspace's C helpers: normalize_agency_name(), report_problem(),
# unjudged_rules(), is_mode().  Included by the Makefile before PGXS.
OBJS += src/agency_name.o src/workspace.o

src/agency_name.o src/workspace.o: src/agency_name.h src/parse.h
src/workspace.o: src/report.h src/rules.h

# The key of agency names is pure C: the parser's unit tests cover it too.
UNIT_PURE += src/agency_name.c
$(UNIT_DIR)/unit_tests $(UNIT_DIR)/unit_tests_asan: src/agency_name.c src/agency_name.h
