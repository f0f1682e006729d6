# etrace — PGXS build
EXTENSION  = etrace
EXTVERSION = $(shell grep default_version $(EXTENSION).control | sed -e "s/default_version[[:space:]]*=[[:space:]]*'\([^']*\)'/\1/")

MODULE_big = etrace
OBJS = src/etrace.o src/identity.o src/standing.o src/audit.o \
       src/serial.o src/serial_core.o \
       src/message_core.o src/ffl.o src/ffl_core.o \
       src/tracenum.o src/tracenum_core.o \
       src/reference_core.o \
       src/normalize.o src/normalize_core.o src/caliber_core.o \
       src/validate.o src/validate_core.o \
       src/suppress.o src/suppress_core.o \
       src/geo_core.o src/hotspots.o src/hotspot_core.o src/nni_core.o src/geojson_core.o \
       src/density.o src/kde_core.o src/geoprofile_core.o src/knox_core.o \
       src/trafficking.o src/trafficking_groups.o src/trafficking_indicators.o src/ttc_core.o src/netgraph_core.o \
       src/bulk.o src/reference.o src/points.o src/masking.o src/policy_support.o

# The install script is assembled from the numbered SQL sources in src/sql
# (in name order) and the reference data generated from Debian's iso-codes.
SQL_SOURCES = $(sort $(wildcard src/sql/*.sql))
GENERATED   = src/gen/reference_data.sql src/gen/reference_data.h
DATA_built  = $(EXTENSION)--$(EXTVERSION).sql
DATA        = $(filter-out $(DATA_built),$(wildcard $(EXTENSION)--*--*.sql))

REGRESS      = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
REGRESS_OPTS = --load-extension=pg_trgm --load-extension=etrace

# Concurrency tests (isolationtester): test/isolation/specs/*.spec
ISOLATION      = $(patsubst test/isolation/specs/%.spec,%,$(sort $(wildcard test/isolation/specs/*.spec)))
ISOLATION_OPTS = --inputdir=test/isolation --outputdir=test/isolation/output \
                 --load-extension=pg_trgm --load-extension=etrace

PG_CPPFLAGS = -I$(srcdir)/src -I$(srcdir)/src/gen
# OpenSSL's SHA-256 for the audit trail's hash chain (the library PostgreSQL's
# sha256() uses; libssl-dev comes with postgresql-server-dev-15)
SHLIB_LINK = -lcrypto
PG_CFLAGS   = -std=gnu99 $(if $(WERROR),-Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -Wno-sign-compare -Werror)
EXTRA_CLEAN = src/gen

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

ISO_CODES_DIR ?= /usr/share/iso-codes/json
LOCALE_DIR    ?= /usr/share/locale

src/gen/reference_data.sql src/gen/reference_data.h &: $(wildcard src/gen_reference.py) $(wildcard src/data/*.tsv)
	@mkdir -p src/gen
	python3 src/gen_reference.py --iso-codes $(ISO_CODES_DIR) --locale $(LOCALE_DIR) --data src/data --out src/gen

$(OBJS) $(OBJS:.o=.bc): $(GENERATED)

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_SOURCES) src/gen/reference_data.sql
	cat $(SQL_SOURCES) | sed -e '/@REFERENCE_DATA@/{r src/gen/reference_data.sql' -e 'd}' > $@

.PHONY: prove
prove:
	pg_prove --ext .sql -r test/pgtap

# Plain-C unit tests and fuzz harnesses: the *_core.c parsers and kernels
# build without PostgreSQL headers and are tested alone.
CORE_SRC   = $(sort $(wildcard src/*_core.c))
UNIT_TESTS = $(patsubst test/unit/%.c,test/unit/build/%,$(wildcard test/unit/test_*.c))
FUZZERS    = $(patsubst test/fuzz/%.c,test/fuzz/build/%,$(wildcard test/fuzz/fuzz_*.c))
CORE_CC_FLAGS = -std=gnu99 -O1 -g -Wall -Wextra -Werror -Isrc -Isrc/gen -Itest/unit

# the cores are compiled once (with the sanitizers) and linked into every test
UNIT_SAN       = -fsanitize=address,undefined -fno-sanitize-recover=all
UNIT_CORE_OBJS = $(patsubst src/%.c,test/unit/build/core/%.o,$(CORE_SRC))

test/unit/build/core/%.o: src/%.c $(wildcard src/*_core.h) $(GENERATED)
	@mkdir -p test/unit/build/core
	$(CC) $(CORE_CC_FLAGS) $(UNIT_SAN) -c -o $@ $<

test/unit/build/%: test/unit/%.c $(UNIT_CORE_OBJS)
	@mkdir -p test/unit/build
	$(CC) $(CORE_CC_FLAGS) $(UNIT_SAN) -o $@ $< $(UNIT_CORE_OBJS) -lm

.PHONY: unit fuzz
unit: $(UNIT_TESTS)
	prove $(UNIT_TESTS)

test/fuzz/build/%: test/fuzz/%.c $(CORE_SRC) $(wildcard src/*_core.h) $(GENERATED)
	@mkdir -p test/fuzz/build
	clang $(CORE_CC_FLAGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ $< $(CORE_SRC) -lm

# FUZZ_SECONDS per harness (CI uses a short smoke run).
FUZZ_SECONDS ?= 60
fuzz: $(FUZZERS)
	@for f in $(FUZZERS); do echo "== $$f ($(FUZZ_SECONDS)s)"; \
	  seeds=test/fuzz/corpus_$$(basename $$f | sed 's/^fuzz_//'); [ -d $$seeds ] || seeds=; \
	  mkdir -p $$f.corpus; $$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=0 $$f.corpus $$seeds >$$f.log 2>&1 \
	  || { tail -40 $$f.log; exit 1; }; tail -1 $$f.log; done

