# The comparison layer: the report_sum/min/max aggregates, report + report,
# compare(), complete() and metrics().  Included by the Makefile before PGXS;
# its objects are listed there (OBJS).

src/aggregates.o src/compare.o src/metrics.o: src/compare.h src/report.h src/rules.h
src/compare.o src/complete.o: src/complete.h src/rules.h
src/compare.o: src/decimal.h

# The transition loops of the aggregates are written to be vectorised
# (as PostgreSQL does for its page checksums).
src/aggregates.o: CFLAGS += $(CFLAGS_VECTORIZE)
