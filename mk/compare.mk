# The comparison layer: the report_sum/min/max aggregates, report + report,
# compare(), complete() and metrics().  Included by the Makefile before PGXS;
# its objects are listed there (OBJS).

src/sql/aggregates.o src/sql/compare.o src/sql/metrics.o: src/sql/compare.h src/sql/report.h src/core/rules.h
src/sql/compare.o src/core/complete.o: src/core/complete.h src/core/rules.h
src/sql/compare.o: src/core/decimal.h

# The transition loops of the aggregates are written to be vectorised
# (as PostgreSQL does for its page checksums).
src/sql/aggregates.o: CFLAGS += $(CFLAGS_VECTORIZE)
