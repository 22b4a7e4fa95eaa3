# make installcheck-valgrind: the pg_regress suite against a PostgreSQL of
# PG_CONFIG started under valgrind's memcheck in a throwaway cluster (under
# /tmp), with govinfo installed there (`make install` first).
# test/valgrind/run.sh does it; it ends with "N passed, N failed".

installcheck-valgrind:
	PG_CONFIG='$(PG_CONFIG)' bash test/valgrind/run.sh

.PHONY: installcheck-valgrind
