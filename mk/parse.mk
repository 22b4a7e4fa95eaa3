# The report-text parser: parse_report(), parse_log(), narrative_conflicts().
# Included by the Makefile before PGXS; its objects are listed there
# (PARSE_OBJS, PURE_OBJS, OBJS).
#
#   make unitcheck                 the parser's pure-C unit tests (host cc, no server);
#                                  ends with "N passed, N failed"
#   make unitcheck-asan            the same under ASan and UBSan (clang)
#   make fuzz [FUZZ_SECONDS=60]    a libFuzzer run of the parser (clang, ASan + UBSan),
#                                  seeded from the seed report, the fixtures and test/shapes
#   make parse-profile             build/unit/parse_profile: the parser outside the server,
#                                  for timing and profiling (test/unit/parse_profile.c)
PARSE_HDRS    = src/parse/parse.h src/parse/parse_int.h src/parse/keywords.h src/core/narrative_rules.h

$(PARSE_OBJS) src/core/narrative.o src/sql/parse_sql.o: src/parse/parse.h src/core/catalog.h src/core/decimal.h
$(PARSE_OBJS): src/parse/parse_int.h
src/core/narrative.o src/sql/parse_sql.o: src/core/narrative.h
src/sql/parse_sql.o: src/sql/report.h

# ---- unit tests: the pure C of the parser, built with the host compiler
UNIT_CC      ?= cc
UNIT_CFLAGS  ?= -O1 -g -Wall -Wextra -Wno-format-truncation -std=gnu99
UNIT_DIR      = build/unit
UNIT_PURE     = $(PURE_OBJS:.o=.c)
UNIT_SRCS     = $(sort $(wildcard test/unit/*.c))

$(UNIT_DIR)/unit_tests: $(UNIT_SRCS) $(wildcard test/unit/*.h) $(UNIT_PURE) \
                        $(PARSE_HDRS) src/core/narrative.h src/core/catalog.h src/core/decimal.h src/core/rules.h src/core/locate.h
	@mkdir -p $(UNIT_DIR)
	$(UNIT_CC) $(UNIT_CFLAGS) $(PURE_INCLUDES) -Itest/unit -o $@ $(UNIT_SRCS) $(UNIT_PURE)

unitcheck: $(UNIT_DIR)/unit_tests
	$(UNIT_DIR)/unit_tests $(srcdir)

# The same tests under AddressSanitizer and UndefinedBehaviorSanitizer, every
# arena allocation its own block (so that ASan sees its bounds) and any invalid
# UTF-8 reaching the log an abort.
$(UNIT_DIR)/unit_tests_asan: $(UNIT_SRCS) $(wildcard test/unit/*.h) $(UNIT_PURE) \
                             $(PARSE_HDRS) src/core/narrative.h src/core/catalog.h src/core/decimal.h src/core/rules.h src/core/locate.h
	@mkdir -p $(UNIT_DIR)
	$(FUZZ_CC) -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined \
		-DGI_PARSE_STRICT_UTF8 -DGI_PARSE_ARENA_MALLOC $(PURE_INCLUDES) -Itest/unit -o $@ $(UNIT_SRCS) $(UNIT_PURE)

unitcheck-asan: $(UNIT_DIR)/unit_tests_asan
	$(UNIT_DIR)/unit_tests_asan $(srcdir)

# ---- fuzzing: libFuzzer with AddressSanitizer and UndefinedBehaviorSanitizer
FUZZ_CC      ?= $(shell command -v clang-14 2>/dev/null || command -v clang 2>/dev/null || echo clang)
FUZZ_SECONDS ?= 60
FUZZ_DIR      = build/fuzz
FUZZ_FLAGS    = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -DGI_PARSE_STRICT_UTF8 -DGI_PARSE_ARENA_MALLOC \
                -fno-omit-frame-pointer

$(FUZZ_DIR)/fuzz_parse: test/fuzz/fuzz_parse.c $(UNIT_PURE) $(PARSE_HDRS) src/core/narrative.h
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) $(FUZZ_FLAGS) $(PURE_INCLUDES) -o $@ test/fuzz/fuzz_parse.c $(UNIT_PURE)

# The corpus lives in build/ (not in the tree): the fixtures seed it on every run.
fuzz: $(FUZZ_DIR)/fuzz_parse
	@mkdir -p $(FUZZ_DIR)/corpus $(FUZZ_DIR)/artifacts
	cp test/seed/*.txt test/fixtures/*.txt test/fixtures/*.html test/shapes/*.txt $(FUZZ_DIR)/corpus/
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	$(FUZZ_DIR)/fuzz_parse -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=20 \
		-rss_limit_mb=4096 -dict=test/fuzz/parse.dict -print_final_stats=1 \
		-artifact_prefix=$(FUZZ_DIR)/artifacts/ $(FUZZ_DIR)/corpus

# ---- profiling: a driver that parses files in turn and times it, or writes
# every result in full (to compare two builds); optimised like the server
# build (with LTO, as the extension).  For instance:
#   build/unit/parse_profile -L -n 200 test/seed/*.txt test/fixtures/*.txt test/fixtures/*.html
#   valgrind --tool=callgrind build/unit/parse_profile -L -n 5 test/seed/*.txt test/fixtures/*.txt
PROFILE_CFLAGS ?= -O2 -g -fno-omit-frame-pointer -flto=auto -Wall -Wextra -Wno-format-truncation -std=gnu99

$(UNIT_DIR)/parse_profile: test/unit/parse_profile.c test/unit/read_file.c $(UNIT_PURE) \
                           $(PARSE_HDRS) src/core/narrative.h src/core/catalog.h src/core/decimal.h
	@mkdir -p $(UNIT_DIR)
	$(UNIT_CC) $(PROFILE_CFLAGS) -DGI_PARSE_PROFILE_MAIN $(PURE_INCLUDES) -Itest/unit -o $@ test/unit/parse_profile.c test/unit/read_file.c $(UNIT_PURE)

parse-profile: $(UNIT_DIR)/parse_profile

# The same without SSE2 (the plain-C paths, as on other architectures).
$(UNIT_DIR)/parse_profile_plain: test/unit/parse_profile.c test/unit/read_file.c $(UNIT_PURE) \
                                 $(PARSE_HDRS) src/core/narrative.h src/core/catalog.h src/core/decimal.h
	@mkdir -p $(UNIT_DIR)
	$(UNIT_CC) $(PROFILE_CFLAGS) -U__SSE2__ -DGI_PARSE_PROFILE_MAIN $(PURE_INCLUDES) -Itest/unit -o $@ test/unit/parse_profile.c test/unit/read_file.c $(UNIT_PURE)

parse-profile-plain: $(UNIT_DIR)/parse_profile_plain

EXTRA_CLEAN += build/unit build/fuzz

.PHONY: unitcheck unitcheck-asan fuzz parse-profile parse-profile-plain
