# Bekal — build, run and test. `make run` and `make test` are the two commands.
CC      ?= cc
PKGS     = libmicrohttpd sqlite3 libsodium jansson libpq xlsxwriter cairo pangocairo libqrencode libcurl zlib
WARN     = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
           -Wno-missing-field-initializers
DEFS     = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DBEKAL_VERSION='"$(VERSION)"'
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.1.0)
PKGCFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -I$(shell pg_config --includedir 2>/dev/null)
PKGLIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpq -lpthread -lm
# Debian's hardening flags (dpkg-buildflags, hardening=+all) when dpkg-dev is there:
# the normal build is then the very build the package ships, and `make deb` reuses it.
BUILDFLAGS = DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get
ifeq ($(origin CFLAGS),undefined)
CFLAGS   := $(shell $(BUILDFLAGS) CFLAGS 2>/dev/null || echo -O2 -g)
endif
ifeq ($(origin CPPFLAGS),undefined)
CPPFLAGS := $(shell $(BUILDFLAGS) CPPFLAGS 2>/dev/null)
endif
ifeq ($(origin LDFLAGS),undefined)
LDFLAGS  := $(shell $(BUILDFLAGS) LDFLAGS 2>/dev/null)
endif
SAN      = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined \
           -DBEKAL_TEST_CLOCK   # the test build reads BEKAL_NOW (util.c clock_now)

SRC      = $(sort $(wildcard src/*/*.c src/web/pages/*.c))
HDR      = $(wildcard src/*/*.h src/web/pages/*.h)
LIBSRC   = $(filter-out src/cli/main.c,$(SRC))
MIGS     = $(sort $(wildcard migrations/*.sql))
RULES    = $(sort $(wildcard rules/*.json))
PWLISTS  = rules/common-passwords.txt
UNIT     = $(sort $(wildcard tests/unit/test_*.c))
PO       = $(sort $(wildcard po/*.po))
MO       = $(patsubst po/%.po,build/locale/%/LC_MESSAGES/bekal.mo,$(PO))
DB      ?= both
# `make run` and `make test` build with one job per core (a plain `make` stays serial).
NPROC   := $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps test-deps run test unit asan clean bench fuzz po deb
# Flags come from pkg-config when the Makefile is read, so the build runs in a second
# make after deps.sh has installed what was missing (a fresh machine has no pkg-config data).
all: deps
	@$(MAKE) --no-print-directory -j$(NPROC) build/bekal

deps:
	@bash scripts/deps.sh build
test-deps:
	@bash scripts/deps.sh test

build/migrations.c: $(MIGS) scripts/embed.sh
	@mkdir -p build
	sh scripts/embed.sh migration sql bekal_migrations bekal_migrations_count $(MIGS) > $@

build/rules.c: $(RULES) $(PWLISTS) scripts/embed.sh
	@mkdir -p build
	sh scripts/embed.sh bekal_rule_file json bekal_builtin_rules bekal_builtin_rules_count $(RULES) > $@.tmp
	sh scripts/embed.sh bekal_text_file text bekal_password_lists bekal_password_lists_count $(PWLISTS) >> $@.tmp
	mv $@.tmp $@

# Normal build ------------------------------------------------------------
OBJ = $(patsubst src/%.c,build/obj/%.o,$(SRC)) build/obj/migrations.o build/obj/rules.o
build/obj/%.o: src/%.c $(HDR)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(WARN) $(DEFS) $(CPPFLAGS) $(CFLAGS) $(PKGCFLAGS) -c $< -o $@
build/obj/migrations.o: build/migrations.c
	@mkdir -p $(dir $@)
	$(CC) $(DEFS) $(CFLAGS) -c $< -o $@
build/obj/rules.o: build/rules.c
	@mkdir -p $(dir $@)
	$(CC) $(DEFS) $(CFLAGS) -c $< -o $@
# Translation catalogues, found next to the binary (src/util/i18n.c).
build/locale/%/LC_MESSAGES/bekal.mo: po/%.po
	@mkdir -p $(dir $@)
	@msgfmt --check -o $@ $<
po:
	@bash scripts/po.sh

build/bekal: $(OBJ) $(MO)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $(PKGLIBS)

# The manual page, written from the program's own --help texts (scripts/man.py;
# tests/man.sh checks that they agree).
build/bekal.1: build/bekal scripts/man.py
	python3 scripts/man.py build/bekal $@

# The Debian package (issue 27): dpkg-buildpackage with debhelper on a copy of the
# tree in build/deb/src (the .deb lands in build/deb/), then lintian. The copy takes
# the normal build along (same flags, see CFLAGS), so nothing is compiled twice.
# Needs `scripts/deps.sh deb`.
deb: build/bekal build/bekal.1
	@bash scripts/deps.sh deb
	@rm -rf build/deb && mkdir -p build/deb/src/bekal-$(VERSION)/build
	@tar -cf - build/obj build/locale build/migrations.c build/rules.c build/bekal build/bekal.1 | \
	  tar -xf - -C build/deb/src/bekal-$(VERSION)
	@git ls-files -co --exclude-standard | grep -v -e '^build/' -e '^tests/fuzz/corpus/' | \
	  while read -r f; do [ -e "$$f" ] && echo "$$f"; done | tar -cf - -T - | tar -xf - -C build/deb/src/bekal-$(VERSION)
	cd build/deb/src/bekal-$(VERSION) && dpkg-buildpackage -b -nc -us -uc --jobs=auto
	@mv build/deb/src/*.deb build/deb/src/*.changes build/deb/src/*.buildinfo build/deb/ 2>/dev/null; true
	lintian --fail-on error --info build/deb/bekal_$(VERSION)_*.deb || { rm -f build/deb/*.deb; exit 1; }
	@ls -l build/deb/*.deb

# Sanitizer build, used by the whole test suite ------------------------------
AOBJ = $(patsubst src/%.c,build/asan/obj/%.o,$(SRC)) build/asan/obj/migrations.o build/asan/obj/rules.o
ALIB = $(filter-out build/asan/obj/cli/%,$(AOBJ))
build/asan/obj/%.o: src/%.c $(HDR)
	@mkdir -p $(dir $@)
	@echo "  CC-SAN  $<"
	@$(CC) $(WARN) $(DEFS) $(SAN) $(PKGCFLAGS) -c $< -o $@
build/asan/obj/migrations.o: build/migrations.c
	@mkdir -p $(dir $@)
	$(CC) $(DEFS) $(SAN) -c $< -o $@
build/asan/obj/rules.o: build/rules.c
	@mkdir -p $(dir $@)
	$(CC) $(DEFS) $(SAN) -c $< -o $@
build/asan/bekal: $(AOBJ) $(MO)
	$(CC) $(SAN) -o $@ $(AOBJ) $(PKGLIBS)
build/asan/unit/%: tests/unit/%.c tests/unit/testdb.h tests/unit/testdate.h tests/unit/testrules.h tests/unit/testelig.h $(ALIB)
	@mkdir -p $(dir $@)
	@echo "  TEST    $<"
	@$(CC) $(WARN) $(DEFS) $(SAN) $(PKGCFLAGS) -Isrc -o $@ $< $(ALIB) $(PKGLIBS) -lcmocka
UNITBIN = $(patsubst tests/unit/%.c,build/asan/unit/%,$(UNIT))
asan: build/asan/bekal $(UNITBIN)

run: all
	@bash scripts/run.sh

# The whole suite, under ASan+UBSan, on SQLite and on PostgreSQL (DB=sqlite|postgres|both).
# (deps.sh test installs the build packages too.)
test: test-deps
	@$(MAKE) --no-print-directory -j$(NPROC) build/bekal asan
	@bash tests/run-all.sh $(DB)

bench: all
	@bash bench/run.sh

clean:
	rm -rf build

# Fuzzing (issue 11) ----------------------------------------------------------
# libFuzzer harnesses in tests/fuzz/fuzz_<area>.c, built with clang under ASan+UBSan
# against the whole library (src/*/*.c except src/cli/). `make fuzz` runs each
# for FUZZ_SECONDS and merges new finds into tests/fuzz/corpus/<area>/;
# tests/fuzz/replay.sh (run by `make test`) replays the corpus once.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SAN      = -DBEKAL_TEST_CLOCK -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_NAMES    = $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BIN      = $(patsubst %,build/fuzz/fuzz_%,$(FUZZ_NAMES))
# The library as the unit tests link it (ALIB): src/cli/ is left out, its files need
# main.c's helpers and no harness calls them.
FOBJ = $(patsubst src/%.c,build/fuzz/obj/%.o,$(filter-out src/cli/%,$(LIBSRC))) build/fuzz/obj/migrations.o \
       build/fuzz/obj/rules.o
.PHONY: fuzz-build
build/fuzz/obj/%.o: src/%.c $(HDR)
	@mkdir -p $(dir $@)
	@echo "  CC-FUZZ $<"
	@$(FUZZ_CC) $(WARN) $(DEFS) $(FUZZ_SAN) $(PKGCFLAGS) -c $< -o $@
build/fuzz/obj/migrations.o: build/migrations.c
	@mkdir -p $(dir $@)
	@$(FUZZ_CC) $(DEFS) $(FUZZ_SAN) -Wno-comment -c $< -o $@
build/fuzz/obj/rules.o: build/rules.c
	@mkdir -p $(dir $@)
	@$(FUZZ_CC) $(DEFS) $(FUZZ_SAN) -Wno-comment -c $< -o $@
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FOBJ)
	@echo "  FUZZER  $<"
	@$(FUZZ_CC) $(WARN) $(DEFS) $(FUZZ_SAN) $(PKGCFLAGS) -Isrc -o $@ $< $(FOBJ) $(PKGLIBS)
fuzz-build: $(FUZZ_BIN)
# The corpus replay of `make test` (tests/fuzz/replay.sh) links each harness with a
# plain main() (tests/fuzz/replay_main.c) and the ASan+UBSan library objects the unit
# tests use (gcc): the same inputs under the same sanitizers, without a clang build
# of the whole library.
REPLAY_BIN = $(patsubst %,build/asan/fuzz/replay_%,$(FUZZ_NAMES))
build/asan/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h tests/fuzz/replay_main.c $(ALIB)
	@mkdir -p $(dir $@)
	@echo "  REPLAY  $<"
	@$(CC) $(WARN) $(DEFS) $(SAN) $(PKGCFLAGS) -Isrc -o $@ $< tests/fuzz/replay_main.c $(ALIB) $(PKGLIBS)
build/asan/fuzz/replay_training: src/cli/calc_training.c src/cli/opts.c src/cli/cli.h
.PHONY: fuzz-replay-build
fuzz-replay-build: $(REPLAY_BIN)
fuzz:
	@bash scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory $(FUZZ_BIN)
	@bash tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_NAMES)

# Soak (issue 11): bounded run outside `make test`; SOAK_SECONDS (default 300),
# SOAK_CONNECTIONS (64); see bench/soak.sh.
.PHONY: soak
soak: all
	@bash bench/soak.sh

# Placement benchmark driver (issue 5) -----------------------------------------
# bench/placement.c linked against the library (the normal build without src/cli/);
# bench/run.sh builds and runs it for the "placement 5000×50" row.
BENCHLIB = $(filter-out build/obj/cli/%,$(OBJ))
build/bench/placement: bench/placement.c $(BENCHLIB)
	@mkdir -p $(dir $@)
	@echo "  BENCH   $<"
	@$(CC) $(WARN) $(DEFS) $(CFLAGS) $(PKGCFLAGS) -Isrc -o $@ $< $(BENCHLIB) $(PKGLIBS)

# Audit-chain SHA-256 (issue 10) -----------------------------------------------
# OpenSSL's libcrypto (libssl-dev, which libpq-dev already pulls in) for the
# hardware-accelerated SHA-256 of the audit chain; see src/store/audit.c.
PKGS += libcrypto

# fuzz_training compiles src/cli/calc_training.c into the harness (issue 11).
build/fuzz/fuzz_training: src/cli/calc_training.c src/cli/opts.c src/cli/cli.h
