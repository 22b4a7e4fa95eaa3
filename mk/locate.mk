# Which cells are wrong: govinfo.locate() (src/core/locate.c and src/core/locate_slip.c, pure C;
# src/sql/locate_sql.c, its SQL face).  Included by the Makefile before PGXS.  The unit tests are part
# of `make unitcheck` (test/unit/test_locate.c; mk/parse.mk builds them).
#
#   make fuzz-locate [FUZZ_SECONDS=60]   a libFuzzer run of locate (clang, ASan + UBSan):
#                                        every fix it returns is checked against the rules
src/core/locate.o src/core/locate_slip.o src/sql/locate_sql.o: src/core/locate.h src/core/rules.h src/core/catalog.h
src/sql/locate_sql.o: src/sql/report.h src/core/decimal.h

LOCATE_PURE = src/core/catalog.c src/core/catalog_data.c src/core/rules.c src/core/decimal.c src/core/locate.c src/core/locate_slip.c

build/fuzz/fuzz_locate: test/fuzz/fuzz_locate.c $(LOCATE_PURE) src/core/locate.h src/core/rules.h src/core/catalog.h
	@mkdir -p build/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) $(PURE_INCLUDES) -o $@ test/fuzz/fuzz_locate.c $(LOCATE_PURE)

# The corpus lives in build/ (not in the tree); an empty one is fine: the
# input is a series of cell edits, which libFuzzer finds on its own.
fuzz-locate: build/fuzz/fuzz_locate
	@mkdir -p build/fuzz/locate-corpus build/fuzz/artifacts
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	build/fuzz/fuzz_locate -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=20 \
		-rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix=build/fuzz/artifacts/ build/fuzz/locate-corpus

.PHONY: fuzz-locate
