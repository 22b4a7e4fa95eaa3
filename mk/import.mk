# govinfo-import: the command-line importer (tools/govinfo-import.c, libpq).
# Included by the Makefile before PGXS, so PGXS variables (bindir, INSTALL_PROGRAM,
# MKDIR_P) are used only inside recipes, where they are defined.
#
#   make                        builds ./govinfo-import along with the extension
#   make install                installs it into $(bindir) (pg_config --bindir;
#                               /usr/lib/postgresql/15/bin on Debian, not in PATH)
#   make install-import-link    also links it into $(IMPORT_LINKDIR) (default /usr/local/bin)

IMPORT_SRCS    = tools/govinfo-import.c tools/import/files.c tools/import/convert.c \
                 tools/import/runtool.c tools/import/ocr_layout.c tools/import/setup.c tools/import/sha256.c \
                 tools/import/versions.c tools/import/manifest.c
IMPORT_HDRS    = tools/import/manifest.h tools/import/files.h tools/import/convert.h tools/import/importer.h \
                 tools/import/sha256.h src/parse/parse.h src/core/catalog.h
IMPORT_CFLAGS  = -O2 -g -Wall -Wextra -Wno-unused-parameter -Wmissing-prototypes -std=gnu99
IMPORT_LINKDIR = /usr/local/bin

all: govinfo-import

govinfo-import: $(IMPORT_SRCS) $(IMPORT_HDRS) $(EXTENSION).control
	$(CC) $(IMPORT_CFLAGS) -DGOVINFO_VERSION='"$(EXTVERSION)"' \
		-I$(shell $(PG_CONFIG) --includedir) -Itools $(PURE_INCLUDES) \
		-o $@ $(IMPORT_SRCS) \
		-L$(shell $(PG_CONFIG) --libdir) -lpq

install: install-import

install-import: govinfo-import
	$(MKDIR_P) '$(DESTDIR)$(bindir)'
	$(INSTALL_PROGRAM) govinfo-import '$(DESTDIR)$(bindir)/govinfo-import'

install-import-link: install-import
	$(MKDIR_P) '$(DESTDIR)$(IMPORT_LINKDIR)'
	ln -sf '$(bindir)/govinfo-import' '$(DESTDIR)$(IMPORT_LINKDIR)/govinfo-import'

uninstall: uninstall-import

uninstall-import:
	rm -f '$(DESTDIR)$(bindir)/govinfo-import'

EXTRA_CLEAN += govinfo-import

.PHONY: install-import install-import-link uninstall-import

# The importer's pure-C OCR helpers, unit-tested without a server or tesseract
# (test/import/unit_ocr.c); part of `make unitcheck`.
IMPORT_UNIT_SRCS = test/import/unit_ocr.c tools/import/ocr_layout.c tools/import/files.c \
                   tools/import/convert.c tools/import/runtool.c tools/import/sha256.c

build/unit/import_unit: $(IMPORT_UNIT_SRCS) $(IMPORT_HDRS)
	@mkdir -p build/unit
	$(CC) $(IMPORT_CFLAGS) -Itools/import $(PURE_INCLUDES) -o $@ $(IMPORT_UNIT_SRCS)

# The manifest reader (test/import/unit_manifest.c), likewise.
MANIFEST_UNIT_SRCS = test/import/unit_manifest.c tools/import/manifest.c tools/import/ocr_layout.c \
                     tools/import/files.c tools/import/convert.c tools/import/runtool.c tools/import/sha256.c

build/unit/manifest_unit: $(MANIFEST_UNIT_SRCS) $(IMPORT_HDRS)
	@mkdir -p build/unit
	$(CC) $(IMPORT_CFLAGS) -Itools/import $(PURE_INCLUDES) -o $@ $(MANIFEST_UNIT_SRCS)

importcheck: build/unit/import_unit build/unit/manifest_unit
	build/unit/import_unit
	build/unit/manifest_unit

unitcheck: importcheck

.PHONY: importcheck
