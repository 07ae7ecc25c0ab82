# Oversight: one binary, `oversight`. See README.md for the two commands.
#
#   make            build build/oversight
#   make test       install what the tests need, then build and run every test,
#                   plain and under AddressSanitizer + UndefinedBehaviorSanitizer,
#                   on every core (TEST_JOBS=N for N at a time)
#   make codecheck  check the rules the compiler does not (tools/codecheck.c)
#   make format     apply .clang-format to src/ and tests/unit/
#   make run        build, create a demo database with a demo account and serve it
#   make bench      benchmarks (not part of make test; bench/README.md)
#   make fuzz       each fuzz driver (tests/fuzz/) under libFuzzer for
#                   FUZZ_SECONDS (default 60) seconds (make test builds them
#                   too, for a few seconds each)
#
# BUILD selects the output folder; SAN=1 builds with the sanitizers.

BUILD ?= build
SAN ?= 0
CC ?= cc

# cairo and pango, for the PDF record sheet (format/sheet.c).
PANGO_CFLAGS := $(shell pkg-config --cflags pangocairo)
PANGO_LIBS := $(shell pkg-config --libs pangocairo)
WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Werror
CFLAGS_BASE = -std=c17 -D_GNU_SOURCE $(WARN) -Isrc -I$(BUILD)/gen -I/usr/include/postgresql $(PANGO_CFLAGS)
ifeq ($(FUZZER),1)
# For libFuzzer (make fuzz, with CC=clang): coverage, and the sanitizers.
# clang's own warnings are shown, not fatal: the gcc builds hold the line.
OPT = -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all -Wno-error
LDSAN = -fsanitize=address,undefined
else ifeq ($(SAN),1)
OPT = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDSAN = -fsanitize=address,undefined
else
OPT = -O2 -g
LDSAN =
endif
CFLAGS_ALL = $(CFLAGS_BASE) $(OPT) $(CFLAGS)
LIBS = -lsqlite3 -lpq -lsodium -ljansson -lmicrohttpd -loath -lqrencode -lical -larchive -lxlsxwriter -lcurl $(PANGO_LIBS) -lpthread -lm

# Folders by layer (ARCHITECTURE.md): src/<layer>/<module>.c.
SRC = $(wildcard src/*/*.c)
HDR = $(wildcard src/*/*.h)
OBJ = $(patsubst src/%.c,$(BUILD)/obj/%.o,$(SRC))
LIBOBJ = $(filter-out $(BUILD)/obj/cli/main.o,$(OBJ))

# Files compiled into the binary: name -> source file.
EMBED = policy_default_text:policy/default.policy \
        policy_national_text:policy/national.policy \
        migrations_sqlite_1:sql/sqlite/001_initial.sql \
        migrations_pg_1:sql/postgresql/001_initial.sql \
        migrations_sqlite_2:sql/sqlite/002_accounts.sql \
        migrations_pg_2:sql/postgresql/002_accounts.sql \
        migrations_sqlite_3:sql/sqlite/003_organisation.sql \
        migrations_pg_3:sql/postgresql/003_organisation.sql \
        migrations_sqlite_4:sql/sqlite/004_supervision.sql \
        migrations_pg_4:sql/postgresql/004_supervision.sql \
        migrations_sqlite_5:sql/sqlite/005_audit_actor.sql \
        migrations_pg_5:sql/postgresql/005_audit_actor.sql \
        migrations_sqlite_6:sql/sqlite/006_account_notices.sql \
        migrations_pg_6:sql/postgresql/006_account_notices.sql \
        migrations_sqlite_7:sql/sqlite/007_sign_in.sql \
        migrations_pg_7:sql/postgresql/007_sign_in.sql \
        migrations_sqlite_8:sql/sqlite/008_confidentiality.sql \
        migrations_pg_8:sql/postgresql/008_confidentiality.sql \
        migrations_sqlite_9:sql/sqlite/009_late_entries.sql \
        migrations_pg_9:sql/postgresql/009_late_entries.sql \
        migrations_sqlite_10:sql/sqlite/010_case_names.sql \
        migrations_pg_10:sql/postgresql/010_case_names.sql \
        migrations_sqlite_11:sql/sqlite/011_search.sql \
        migrations_pg_11:sql/postgresql/011_search.sql \
        migrations_sqlite_12:sql/sqlite/012_policy_history.sql \
        migrations_pg_12:sql/postgresql/012_policy_history.sql \
        migrations_sqlite_13:sql/sqlite/013_record_followups.sql \
        migrations_pg_13:sql/postgresql/013_record_followups.sql \
        migrations_sqlite_14:sql/sqlite/014_write_keys.sql \
        migrations_pg_14:sql/postgresql/014_write_keys.sql \
        migrations_sqlite_15:sql/sqlite/015_page_indexes.sql \
        migrations_pg_15:sql/postgresql/015_page_indexes.sql \
        migrations_sqlite_16:sql/sqlite/016_scoped_generations.sql \
        migrations_pg_16:sql/postgresql/016_scoped_generations.sql \
        migrations_sqlite_17:sql/sqlite/017_statement_generations.sql \
        migrations_pg_17:sql/postgresql/017_statement_generations.sql \
        migrations_sqlite_18:sql/sqlite/018_record_log.sql \
        migrations_pg_18:sql/postgresql/018_record_log.sql \
        migrations_sqlite_19:sql/sqlite/019_log_entries.sql \
        migrations_pg_19:sql/postgresql/019_log_entries.sql \
        migrations_sqlite_20:sql/sqlite/020_read_trail.sql \
        migrations_pg_20:sql/postgresql/020_read_trail.sql \
        migrations_sqlite_21:sql/sqlite/021_retention.sql \
        migrations_pg_21:sql/postgresql/021_retention.sql \
        migrations_sqlite_22:sql/sqlite/022_notifications.sql \
        migrations_pg_22:sql/postgresql/022_notifications.sql \
        migrations_sqlite_23:sql/sqlite/023_audits.sql \
        migrations_pg_23:sql/postgresql/023_audits.sql \
        migrations_sqlite_24:sql/sqlite/024_feedback_workload.sql \
        migrations_pg_24:sql/postgresql/024_feedback_workload.sql
EMBED_C = $(foreach e,$(EMBED),$(BUILD)/gen/$(word 1,$(subst :, ,$(e))).c)
EMBED_OBJ = $(EMBED_C:.c=.o) $(BUILD)/gen/assets_table.o

# Front-end assets (docs/web.md, "Assets"): built from web/ into
# $(BUILD)/assets, then embedded as one table (src/assets.h) and served
# under content-hashed names. npm ci runs when web/package-lock.json changes.
ASSETS = app.css app.mjs govuk-frontend.min.js favicon.svg
ASSET_FILES = $(addprefix $(BUILD)/assets/,$(ASSETS))
NPM_STAMP = web/node_modules/.installed-lock
GOVUK_DIST = web/node_modules/govuk-frontend/dist/govuk

# Unit tests mirror src/'s folders; their binaries share one folder.
UNIT_SRC = $(wildcard tests/unit/*/test_*.c)
UNIT_BIN = $(addprefix $(BUILD)/tests/,$(basename $(notdir $(UNIT_SRC))))
# Fuzz drivers: tests/fuzz/fuzz_NAME.c, each with its seeds in tests/fuzz/corpus/NAME/.
FUZZ_NAMES = $(foreach f,$(wildcard tests/fuzz/fuzz_*.c),\
	$(if $(wildcard tests/fuzz/corpus/$(patsubst fuzz_%,%,$(basename $(notdir $(f))))/*),$(basename $(notdir $(f)))))
FUZZ_REPLAY_BIN = $(addprefix $(BUILD)/tests/,$(FUZZ_NAMES))
FUZZ_SECONDS ?= 60
FUZZ_BUILD = build/fuzz

# What tools/codecheck reads: every source file of the program and its tests.
CHECK_SRC = $(wildcard src/*/*.c src/*/*.h tests/unit/*/*.c tests/fuzz/*.c)
FORMAT_SRC = $(wildcard src/*/*.c src/*/*.h tests/unit/*.h tests/unit/*/*.c tests/fuzz/*.c tests/fuzz/*.h tools/*.c)

.PHONY: all test test-only unit deps run bench clean fuzz fuzzers codecheck format format-check reliability
# A recipe that fails leaves no half-written target behind.
.DELETE_ON_ERROR:

all: $(BUILD)/oversight

# The binary is linked only once the source obeys the rules the compiler does
# not check (tools/codecheck.c, ARCHITECTURE.md): a violation fails the build.
$(BUILD)/oversight: $(OBJ) $(EMBED_OBJ) $(BUILD)/codecheck.ok
	$(CC) $(OPT) $(LDSAN) -o $@ $(OBJ) $(EMBED_OBJ) $(LIBS)

$(BUILD)/obj/%.o: src/%.c $(HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/embed: tools/embed.c | $(BUILD)/obj
	$(CC) -O1 -o $@ $<

define embed_rule
$(BUILD)/gen/$(word 1,$(subst :, ,$(1))).c: $(word 2,$(subst :, ,$(1))) $(BUILD)/embed | $(BUILD)/gen
	$(BUILD)/embed $(word 1,$(subst :, ,$(1))) $$< $$@
endef
$(foreach e,$(EMBED),$(eval $(call embed_rule,$(e))))

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(NPM_STAMP): web/package.json web/package-lock.json
	cd web && npm ci --ignore-scripts --no-audit --no-fund
	cp web/package-lock.json $@

# GOV.UK Frontend's Sass with our settings and additions (web/app.scss).
# Deprecation warnings from inside GOV.UK Frontend 5 (its @import) are not ours to fix.
$(BUILD)/assets/app.css: web/app.scss $(NPM_STAMP) | $(BUILD)/assets
	cd web && npx --no-install sass --no-source-map --style=compressed --load-path=node_modules \
		--quiet-deps --silence-deprecation=import app.scss $(abspath $@)

# Without its source map comment: the map is not served.
$(BUILD)/assets/govuk-frontend.min.js: $(NPM_STAMP) | $(BUILD)/assets
	sed '$$ s|//# sourceMappingURL=.*||' $(GOVUK_DIST)/govuk-frontend.min.js >$@

# app.mjs imports GOV.UK Frontend under the name it is served by.
$(BUILD)/assets/app.mjs: web/app.mjs $(BUILD)/assets/govuk-frontend.min.js $(BUILD)/embed
	name=$$($(BUILD)/embed --name govuk-frontend.min.js $(BUILD)/assets/govuk-frontend.min.js) && \
		sed "s|'\./govuk-frontend\.min\.js'|'./$$name'|" $< >$@ && grep -q "'./$$name'" $@

$(BUILD)/assets/favicon.svg: web/favicon.svg | $(BUILD)/assets
	cp $< $@

$(BUILD)/gen/assets_table.c: $(ASSET_FILES) $(BUILD)/embed | $(BUILD)/gen
	$(BUILD)/embed --assets $@ $(BUILD)/assets $(ASSETS)

$(BUILD)/gen/assets_table.o: src/web/assets.h

vpath test_%.c $(sort $(dir $(UNIT_SRC)))
# Every header beside the unit tests: the harness and shared fixtures.
UNIT_H = $(wildcard tests/unit/*.h tests/unit/*/*.h)
$(BUILD)/tests/test_%: test_%.c $(UNIT_H) $(LIBOBJ) $(EMBED_OBJ) | $(BUILD)/tests
	$(CC) $(CFLAGS_ALL) $(LDSAN) -Itests/unit -o $@ $< $(LIBOBJ) $(EMBED_OBJ) $(LIBS)

$(BUILD)/obj $(BUILD)/gen $(BUILD)/tests $(BUILD)/assets:
	mkdir -p $@

# A fuzz driver with tests/fuzz/replay.c for a main: it feeds the driver each
# seed once, so make test checks every driver with the normal compilers.
$(BUILD)/tests/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(LIBOBJ) $(EMBED_OBJ) | $(BUILD)/tests
	$(CC) $(CFLAGS_ALL) $(LDSAN) -Itests/fuzz -o $@ $< tests/fuzz/replay.c $(LIBOBJ) $(EMBED_OBJ) $(LIBS)

# The checker is built with the tests: tests/cli/test_codecheck.sh runs it
# beside the binary under test.
unit: $(UNIT_BIN) $(FUZZ_REPLAY_BIN) $(BUILD)/codecheck

$(BUILD)/codecheck: tools/codecheck.c
	@mkdir -p $(@D)
	$(CC) -std=c17 -D_GNU_SOURCE $(WARN) $(OPT) $(LDSAN) -o $@ $<

codecheck: $(BUILD)/codecheck
	@$(BUILD)/codecheck $(CHECK_SRC) && echo "codecheck: $(words $(CHECK_SRC)) files, no violations"

$(BUILD)/codecheck.ok: $(BUILD)/codecheck $(CHECK_SRC)
	@echo "codecheck: $(words $(CHECK_SRC)) files"
	@$(BUILD)/codecheck $(CHECK_SRC)
	@touch $@

format:
	clang-format -i $(FORMAT_SRC)

# Fails when a file is not as make format would leave it.
format-check:
	@clang-format --dry-run --Werror $(FORMAT_SRC) && echo "format-check: $(words $(FORMAT_SRC)) files as .clang-format says"

# Installs missing Debian packages (as root) or says which are missing.
deps:
	@tools/deps.sh build test fuzz

# make test builds on every core (TEST_JOBS=N to choose), one build after
# the other; -Otarget keeps each command's output together, so an error is
# printed whole under the command that made it. tests/run.sh then runs the
# suites TEST_JOBS at a time (its header says how).
TEST_JOBS ?= $(shell nproc 2>/dev/null || echo 1)
PARALLEL = -j$(TEST_JOBS) -Otarget --no-print-directory

test: deps
	$(MAKE) format-check
	$(MAKE) $(PARALLEL) all unit
	$(MAKE) $(PARALLEL) BUILD=build/san SAN=1 all unit
	$(MAKE) $(PARALLEL) BUILD=$(FUZZ_BUILD) CC=clang FUZZER=1 fuzzers
	TEST_JOBS=$(TEST_JOBS) tests/run.sh build build/san

# Runs the suites against already built binaries.
test-only:
	TEST_JOBS=$(TEST_JOBS) tests/run.sh build build/san

run:
	@tools/deps.sh build
	$(MAKE) all
	tools/run-demo.sh $(BUILD)/oversight

# Each driver under libFuzzer on its seeds for FUZZ_SECONDS, one after the
# other (tests/fuzz/run.sh: a line of figures per driver); inputs it finds
# go to build/fuzz/corpus/NAME/, one that fails to build/fuzz/crash-NAME-*.
fuzz:
	@tools/deps.sh build fuzz
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang FUZZER=1 fuzzers
	tests/fuzz/run.sh $(FUZZ_BUILD)/fuzzers $(FUZZ_SECONDS) $(FUZZ_BUILD)

fuzzers: $(addprefix $(BUILD)/fuzzers/,$(FUZZ_NAMES))

$(BUILD)/fuzzers/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIBOBJ) $(EMBED_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer,address,undefined -Itests/fuzz -o $@ $< $(LIBOBJ) $(EMBED_OBJ) $(LIBS)

# The long versions of the crash, fault and slow-client tests
# (tests/reliability/, docs/reliability.md): one line per test and backend.
reliability:
	@tools/deps.sh build test reliability
	$(MAKE) all unit
	tests/reliability/run.sh $(BUILD)

# The record log's benchmark program (bench/log.sh), linked like a test.
$(BUILD)/bench/log_bench: bench/log_bench.c $(LIBOBJ) $(EMBED_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LDSAN) -o $@ $< $(LIBOBJ) $(EMBED_OBJ) $(LIBS)

bench:
	@tools/deps.sh build bench
	$(MAKE) all
	bench/run.sh
	bench/load.sh

clean:
	rm -rf build
