# Warnings beyond those PostgreSQL's own CFLAGS ask for, and WERROR=1.
#
# -Wshadow=compatible-local: PostgreSQL 16 and later add it to the CFLAGS
# extensions build with; asking for it here finds on 15 what would stop a
# -Werror build against them (tools/build-against.sh compiles with those).
#
# WERROR=1 makes every warning of the extension's and govinfo-import's builds
# an error.  The test command (scripts/test.sh, so CI) always sets it, so that
# a warning fails there and on a developer's machine alike; a plain `make`
# leaves it off, so that a compiler or PostgreSQL newer than those tested does
# not stop an install over a new warning.  Objects already built without it
# are not rebuilt: `make clean` first.
PG_CFLAGS += -Wshadow=compatible-local

ifeq ($(WERROR),1)
PG_CFLAGS     += -Werror
IMPORT_CFLAGS += -Werror
endif
