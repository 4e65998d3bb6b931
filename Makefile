# Jipyo build. `make run` and `make test` are the two commands of the README;
# both install what they need first (scripts/deps.sh).

CC       ?= gcc
CFLAGS   ?= -O2 -g
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2
CPPFLAGS := -std=c11 -D_GNU_SOURCE -Isrc -I/usr/include/postgresql
LIBS     := -lsqlite3 -ljansson -lcsv -lutf8proc -lsodium -lpq -lm -lpthread

BUILD    ?= build
LIB_SRC  := $(sort $(filter-out src/jipyo.c,$(wildcard src/*/*.c)))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
DB       ?= $(BUILD)/seoul-econ-2022.db
SEED     := data/seoul-econ-2022

.PHONY: all deps run test unit cli pg-test layers pkgtest browser fuzz asan-test clean format bench

all: $(BUILD)/jipyo $(TEST_BIN)

deps:
	@sh scripts/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c $< -o $@

$(BUILD)/libjipyo.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/jipyo: $(BUILD)/src/jipyo.o $(BUILD)/libjipyo.a
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libjipyo.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $< $(BUILD)/libjipyo.a $(LIBS) -lcriterion

# The main job: import the seed report, check it, print the report.
run: deps $(BUILD)/jipyo
	rm -f $(DB)
	$(BUILD)/jipyo import $(SEED) --db $(DB)
	$(BUILD)/jipyo check --db $(DB) || test $$? -eq 1
	$(BUILD)/jipyo report --db $(DB) --format md
	$(BUILD)/jipyo report --db $(DB) --format html -o $(BUILD)/seoul-econ-2022.html
	$(BUILD)/jipyo coverage --seed data/sources/000_c617418e5a5c9fdf.txt --db $(DB) --uncovered | tail -n 40
	@echo "HTML report (print-ready, A4): $(BUILD)/seoul-econ-2022.html"

unit: $(TEST_BIN)
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; $$t --jobs 2; done

cli: $(BUILD)/jipyo layers
	JIPYO=$(BUILD)/jipyo sh tests/cli/run.sh

# The store's unit tests and the CLI tests of commands on a database again,
# on PostgreSQL: a throw-away cluster (scripts/with-pg.sh; skipped when
# PostgreSQL is not installed).
pg-test: $(BUILD)/jipyo $(BUILD)/tests/test_store
	JIPYO=$(BUILD)/jipyo sh scripts/with-pg.sh sh -c '\
		JIPYO_TEST_STORE="$$JIPYO_PG#t" $(BUILD)/tests/test_store --jobs 2 && \
		JIPYO_TEST_DB_URI="$$JIPYO_PG" sh tests/cli/run.sh'

# No lower layer of src/ includes a higher one (docs/DESIGN.md, "Layers").
layers:
	sh scripts/layers.sh src

pkgtest: $(BUILD)/jipyo
	JIPYO=$(BUILD)/jipyo sh tests/pkg/run.sh

# The HTML report in headless Chromium: structure, marks, fonts, A4 PDF;
# screenshots and the PDF go to $(BUILD)/browser.
browser: $(BUILD)/jipyo
	JIPYO=$(BUILD)/jipyo OUT=$(BUILD)/browser node tests/browser/report.test.js

fuzz:
	sh fuzz/run.sh $(BUILD)/fuzz

# Everything, then the unit, CLI and PostgreSQL suites again under ASan+UBSan.
test: deps
	$(MAKE) all
	$(MAKE) unit cli pg-test pkgtest browser fuzz
	$(MAKE) asan-test

asan-test:
	$(MAKE) BUILD=build/asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" all
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		$(MAKE) BUILD=build/asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" unit cli pg-test

bench: $(BUILD)/jipyo
	sh bench/run.sh

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(BUILD)/src/jipyo.d
