# The oversight workspace's C helpers: normalize_agency_name(), report_problem(),
# unjudged_rules(), is_mode().  Included by the Makefile before PGXS; its objects
# are listed there.

src/core/agency_name.o src/sql/workspace.o: src/core/agency_name.h src/parse/parse.h
src/sql/workspace.o: src/sql/report.h src/core/rules.h

# The key of agency names is pure C (in PURE_OBJS): the unit tests cover it too.
$(UNIT_DIR)/unit_tests $(UNIT_DIR)/unit_tests_asan: src/core/agency_name.h
