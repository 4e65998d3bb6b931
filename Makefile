# Jipyo build. `make run` and `make test` are the two commands of the README;
# both install what they need first (scripts/deps.sh).

CC       ?= gcc
CFLAGS   ?= -O2 -g
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2
CPPFLAGS := -std=c11 -D_GNU_SOURCE -Isrc -I/usr/include/postgresql $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
LIBS     := -lsqlite3 -ljansson -lcsv -lutf8proc -lmicrohttpd -lsodium -lzip -lxml2 -lxlsxwriter -lpq -lm -lpthread

BUILD    ?= build
LIB_SRC  := $(sort $(filter-out src/jipyo.c,$(wildcard src/*/*.c)))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
DB       ?= $(BUILD)/seoul-econ-2022.db
SEED     := data/seoul-econ-2022

.PHONY: all deps run test unit cli pg-test layers pkgtest browser formats web-test browser-web fuzz crash asan-test clean format bench

all: $(BUILD)/jipyo $(TEST_BIN)

deps:
	@sh scripts/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c $< -o $@

# the server carries docs/openapi.yaml inside it (.incbin)
$(BUILD)/src/web/static.o: docs/openapi.yaml

$(BUILD)/libjipyo.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/jipyo: $(BUILD)/src/jipyo.o $(BUILD)/libjipyo.a
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libjipyo.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $< $(BUILD)/libjipyo.a $(LIBS) -lcriterion

# The main job: import the seed report, check it, and serve it at
# http://127.0.0.1:8080/ until Ctrl-C (the first admin's password is printed
# once, or taken from JIPYO_ADMIN_PASSWORD). Not part of `make test`.
run: deps $(BUILD)/jipyo
	rm -f $(DB) $(DB)-image
	$(BUILD)/jipyo import $(SEED) --db $(DB)
	$(BUILD)/jipyo check --db $(DB) || test $$? -eq 1
	$(BUILD)/jipyo report --db $(DB) --format html -o $(BUILD)/seoul-econ-2022.html
	@echo "HTML report (print-ready, A4): $(BUILD)/seoul-econ-2022.html"
	$(BUILD)/jipyo serve --db $(DB) --listen $(LISTEN)

LISTEN ?= 127.0.0.1:8080

unit: $(TEST_BIN)
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; $$t --jobs 2; done

# The messages are English in the tests (base/msg.c: the locale chooses);
# tests/cli/run.sh sets a Korean locale where it tests the Korean ones.
cli: $(BUILD)/jipyo layers
	LC_ALL=C.UTF-8 JIPYO=$(BUILD)/jipyo sh tests/cli/run.sh
	LC_ALL=C.UTF-8 JIPYO=$(BUILD)/jipyo sh tests/cli/files.sh
	LC_ALL=C.UTF-8 JIPYO=$(BUILD)/jipyo sh tests/cli/cmdline.sh

# The store's unit tests and the CLI tests of commands on a database again,
# on PostgreSQL: a throw-away cluster (scripts/with-pg.sh; skipped when
# PostgreSQL is not installed).
pg-test: $(BUILD)/jipyo $(BUILD)/tests/test_store
	JIPYO=$(BUILD)/jipyo sh scripts/with-pg.sh sh -c '\
		JIPYO_TEST_STORE="$$JIPYO_PG#t" $(BUILD)/tests/test_store --jobs 2 && \
		LC_ALL=C.UTF-8 JIPYO_TEST_DB_URI="$$JIPYO_PG" sh tests/cli/run.sh'

# No lower layer of src/ includes a higher one (docs/DESIGN.md, "Layers").
layers:
	sh scripts/layers.sh src

pkgtest: $(BUILD)/jipyo
	JIPYO=$(BUILD)/jipyo sh tests/pkg/run.sh

# The HTML report in headless Chromium: structure, marks, fonts, A4 PDF;
# screenshots and the PDF go to $(BUILD)/browser.
browser: $(BUILD)/jipyo
	JIPYO=$(BUILD)/jipyo OUT=$(BUILD)/browser node tests/browser/report.test.js

# The report as HWPX (read back by an independent reader from npm), XLSX
# (read back by openpyxl), the clean copy and PDF; the ledger's workbook
# (openpyxl, against its CSV and Markdown).
formats: $(BUILD)/jipyo
	JIPYO=$(BUILD)/jipyo OUT=$(BUILD)/formats sh tests/formats/run.sh
	JIPYO=$(BUILD)/jipyo OUT=$(BUILD)/formats node tests/formats/hwpx.test.mjs
	JIPYO=$(BUILD)/jipyo OUT=$(BUILD)/formats /usr/bin/python3 tests/formats/xlsx_test.py
	JIPYO=$(BUILD)/jipyo OUT=$(BUILD)/formats /usr/bin/python3 tests/formats/ledger_xlsx_test.py

# `jipyo serve` on an ephemeral loopback port: every endpoint, the role
# matrix, bad input (tests/web/api.test.js); then the pages in Chromium,
# screenshots in $(BUILD)/browser (tests/browser/web.test.js).
web-test: $(BUILD)/jipyo
	JIPYO=$(BUILD)/jipyo node --test tests/web/api.test.js tests/web/write.test.js

browser-web: $(BUILD)/jipyo
	JIPYO=$(BUILD)/jipyo OUT=$(BUILD)/browser node tests/browser/web.test.js

fuzz:
	FUZZ_CPPFLAGS="$(CPPFLAGS)" FUZZ_LIBS="$(LIBS)" sh fuzz/run.sh $(BUILD)/fuzz

# Imports and exports killed before and after each fsync, rename, unlink and
# link (an LD_PRELOAD shim): the old content or the new, never a mix.
$(BUILD)/crash-shim.so: tests/crash/shim.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) -shared -fPIC -o $@ $< -ldl

crash: $(BUILD)/jipyo $(BUILD)/crash-shim.so
	JIPYO=$(BUILD)/jipyo SHIM=$(BUILD)/crash-shim.so sh tests/crash/run.sh

# Everything, then the unit, CLI and PostgreSQL suites again under ASan+UBSan.
test: deps
	$(MAKE) all
	$(MAKE) unit cli pg-test pkgtest browser formats web-test browser-web fuzz crash
	$(MAKE) asan-test

asan-test:
	$(MAKE) BUILD=build/asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" all
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		$(MAKE) BUILD=build/asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" unit cli pg-test web-test

bench: $(BUILD)/jipyo
	sh bench/run.sh

# one fact edited inside a running process (bench/edit.c, bench/edit.sh)
$(BUILD)/bench-edit: bench/edit.c $(BUILD)/libjipyo.a
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $< $(BUILD)/libjipyo.a $(LIBS)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(BUILD)/src/jipyo.d
