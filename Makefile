# beskid — one GNU Makefile (STYLE.md §3.11).
# MODE = debug | asan | release; everything goes to build/$(MODE)/.
#   make            build beskid and the runtime
#   make test       unit tests (cmocka) + lit tests; ends with `N passed, M failed`
#   make unit | lit | check-deps | install PREFIX=/usr/local
# `make install` builds and installs the optimised compiler (MODE=release)
# unless a MODE is given.
ifneq ($(filter install,$(MAKECMDGOALS)),)
  ifeq ($(origin MODE),undefined)
    MODE := release
  endif
endif
MODE ?= debug
CC ?= cc
LLVM_CONFIG ?= llvm-config-19
PREFIX ?= /usr/local

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wundef -Wwrite-strings -Wimplicit-fallthrough
CFLAGS_debug := -O0 -g3
CFLAGS_asan := -O1 -g3 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
CFLAGS_release := -O2 -g -DBESKID_FAST_EXIT=1
LDFLAGS_asan := -fsanitize=address,undefined
BASE_CFLAGS := -std=c17 -D_GNU_SOURCE $(WARN) -fno-common -MMD -MP
CFLAGS_MODE := $(CFLAGS_$(MODE))
ifeq ($(MODE),debug)
  CFLAGS_MODE += -DBESKID_VERIFY_IR=1
endif
ifeq ($(MODE),asan)
  CFLAGS_MODE += -DBESKID_VERIFY_IR=1
endif

LLVM_PREFIX := $(shell $(LLVM_CONFIG) --prefix)
LLVM_CFLAGS := -I$(shell $(LLVM_CONFIG) --includedir)
# Components: the ORC JIT, the new pass manager and the two targets the AOT
# supports (x86-64 and AArch64, `build --target-triple`; codegen/cg_target.c
# initialises exactly these).
LLVM_COMPONENTS := orcjit passes x86codegen x86asmparser x86desc x86info \
                   aarch64codegen aarch64asmparser aarch64desc aarch64info
# Release links LLVM statically, with libstdc++, libgcc, zlib and zstd (the
# only system libraries LLVM references here): no libLLVM/libstdc++ to load
# and relocate, so `beskid run hello.bd` starts ~10 ms sooner than with the
# shared libLLVM-19.so. beskid is linked -no-pie for the same reason (LLVM's
# tables otherwise need ~300k relative relocations at every start). Debug and
# asan link the shared libLLVM-19.so: beskid and every unit test then share
# one copy of LLVM instead of carrying ~100 MB each, and link in a second.
# LLVM_LINK=static|shared overrides the choice.
LLVM_LINK_release := static
LLVM_LINK ?= $(or $(LLVM_LINK_$(MODE)),shared)
ifeq ($(LLVM_LINK),shared)
  LLVM_LIBS := -L$(shell $(LLVM_CONFIG) --libdir) -Wl,-rpath,$(shell $(LLVM_CONFIG) --libdir) -lLLVM-19
  LLVM_LDFLAGS :=
else
  LLVM_LIBS := -L$(shell $(LLVM_CONFIG) --libdir) \
    $(shell $(LLVM_CONFIG) --link-static --libs $(LLVM_COMPONENTS)) -Wl,-Bstatic -lz -lzstd -Wl,-Bdynamic
  LLVM_LDFLAGS := -static-libstdc++ -static-libgcc
endif
# LLVM is C++: link with the C++ driver.
CCLD ?= $(CXX)

B := build/$(MODE)
SRC := $(shell find src -name '*.c' | LC_ALL=C sort)
# (src/launch only reads codegen's header: the launcher links no LLVM.)
LLVM_SRC := $(filter src/codegen/% src/backend/% src/launch/%,$(SRC))
# Only the backends and the launcher see the runtime's public header (they
# call compiled code on the runtime).
RT_INCLUDE_SRC := $(filter src/backend/% src/launch/%,$(SRC))
OBJ := $(SRC:%.c=$(B)/obj/%.o)
# The standard library (std/) is compiled into beskid: tools/embed_corelib.py
# turns its files into a C table (cli/corelib.h), regenerated when one changes.
# std/obj (what `beskid test --project std` materialises) is not Std.
STD_FILES := $(shell find std -path std/obj -prune -o -type f \( -name '*.bd' -o -name '*.proj' \) -print | LC_ALL=C sort)
CORELIB_C := $(B)/gen/corelib_files.c
CORELIB_OBJ := $(B)/obj/gen/corelib_files.o
CORE_OBJ := $(filter-out $(B)/obj/src/main.o $(B)/obj/src/launch/%,$(OBJ)) $(CORELIB_OBJ)
RT_SRC := $(wildcard runtime/*.c)
# The shipped runtime archive (linked into user programs) never carries
# sanitizer instrumentation; beskid itself links a copy built like the rest.
RT_OBJ := $(RT_SRC:%.c=$(B)/obj/rt-ship/%.o)
RT_HOST_OBJ := $(RT_SRC:%.c=$(B)/obj/rt-host/%.o)
# Functions at 64 bytes and loops at 32: the runtime's hot loops (integer
# formatting, string appends) then have the same layout in every program,
# wherever the linker places them (placement alone moved bench/strings by 15 %).
RT_ALIGN := -falign-functions=64 -falign-loops=32
RT_CFLAGS := -std=c17 -D_GNU_SOURCE $(WARN) -fno-common -MMD -MP -fPIC -Iruntime/include -Iruntime -Isrc $(RT_ALIGN)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_OBJ := $(UNIT_SRC:tests/unit/%.c=$(B)/obj/tests/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
# Nettle (SHA-256) is linked statically: nothing to load at start-up.
SYS_LIBS := -lgc -lcjson -l:libnettle.a -lpthread -ldl -lm

# The runtime for a second target (backends.md §4.4 [FIX]): built with
# Debian's cross compiler when it is installed (scripts/setup.sh installs it),
# into build/$(MODE)/<triple>/libbeskid_rt.a, where `build --target-triple`
# looks for it (and <prefix>/lib/beskid/<triple>/ once installed).
CROSS_TRIPLES := aarch64-unknown-linux-gnu
CROSS_CC_aarch64-unknown-linux-gnu := aarch64-linux-gnu-gcc
CROSS_AR_aarch64-unknown-linux-gnu := aarch64-linux-gnu-ar
CROSS_AVAILABLE := $(foreach t,$(CROSS_TRIPLES),$(if $(shell command -v $(CROSS_CC_$(t)) 2>/dev/null),$(t)))
CROSS_RT := $(CROSS_AVAILABLE:%=$(B)/%/libbeskid_rt.a)

all: $(B)/beskid $(B)/beskid-compiler $(B)/libbeskid_rt.a $(CROSS_RT)
.PHONY: all test unit lit check-deps install clean fuzz fuzz-build fuzz-harnesses fuzz-long fuzz-corpus
.SECONDARY: $(UNIT_OBJ)

# Rewritten (while make reads this file) only when the LLVM link line
# changes, so that switching LLVM_LINK relinks what links LLVM, and nothing
# else: `make -n` after a change shows exactly what will be rebuilt.
ifneq ($(MAKECMDGOALS),clean)
  $(shell mkdir -p $(B) && echo '$(LLVM_LINK) $(LLVM_LIBS)' | cmp -s - $(B)/llvm-link.stamp \
    || echo '$(LLVM_LINK) $(LLVM_LIBS)' > $(B)/llvm-link.stamp)
endif

$(B)/obj/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS_MODE) -Isrc $(if $(filter $(RT_INCLUDE_SRC),$<),-Iruntime/include) \
	  $(if $(filter $(LLVM_SRC),$<),$(LLVM_CFLAGS)) -c $< -o $@

$(CORELIB_C): $(STD_FILES) tools/embed_corelib.py
	@mkdir -p $(dir $@)
	python3 tools/embed_corelib.py std $@ $(STD_FILES)

$(CORELIB_OBJ): $(CORELIB_C) src/cli/corelib.h
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS_MODE) -Isrc -c $< -o $@

$(B)/obj/rt-ship/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(RT_CFLAGS) -O2 -g -c $< -o $@

$(B)/obj/rt-host/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(RT_CFLAGS) $(CFLAGS_MODE) -c $< -o $@

$(B)/libbeskid_rt.a: $(RT_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# The same sources for each available cross target, -O2 like the host's.
define CROSS_RT_RULES
$(B)/obj/rt-$(1)/%.o: %.c
	@mkdir -p $$(dir $$@)
	$(CROSS_CC_$(1)) $(RT_CFLAGS) -O2 -g -c $$< -o $$@

$(B)/$(1)/libbeskid_rt.a: $(RT_SRC:%.c=$(B)/obj/rt-$(1)/%.o)
	@mkdir -p $$(dir $$@)
	rm -f $$@ && $(CROSS_AR_$(1)) rcs $$@ $$^
endef
$(foreach t,$(CROSS_AVAILABLE),$(eval $(call CROSS_RT_RULES,$(t))))

$(B)/libbeskid_rt_host.a: $(RT_HOST_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(B)/libbeskid_core.a: $(CORE_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# The compiler. The runtime is linked whole: the JIT binds every runtime
# symbol by address.
$(B)/beskid-compiler: $(B)/obj/src/main.o $(B)/libbeskid_core.a $(B)/libbeskid_rt_host.a $(B)/llvm-link.stamp
	$(CCLD) $(LDFLAGS_$(MODE)) $(LLVM_LDFLAGS) -no-pie -o $@ $(B)/obj/src/main.o $(B)/libbeskid_core.a \
	  -Wl,--whole-archive $(B)/libbeskid_rt_host.a -Wl,--no-whole-archive $(LLVM_LIBS) $(SYS_LIBS) -Wl,--gc-sections

# `beskid`, the launcher (src/launch/launch.c): the front end, the cache and
# the whole runtime, without LLVM (the link fails if anything it pulls from
# the core archive needs LLVM). It parses with a copy of the command table
# that names no handler, and exports the runtime's functions (the ABI table's
# names) to the cached shared objects it loads.
LAUNCH_TABLE_OBJ := $(B)/obj/launch/cli_table.o
LAUNCH_DYNLIST := $(B)/gen/launch.dynlist
$(LAUNCH_TABLE_OBJ): src/cli/cli_table.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS_MODE) -DCLI_TABLE_NO_HANDLERS -Isrc -c $< -o $@

$(LAUNCH_DYNLIST): src/abi/abi_runtime.def tools/abi-symbols.sh
	@mkdir -p $(dir $@)
	{ echo '{'; tools/abi-symbols.sh $< | sed 's/.*/  &;/'; echo '};'; } > $@

$(B)/beskid: $(B)/obj/src/launch/launch.o $(LAUNCH_TABLE_OBJ) $(B)/libbeskid_core.a $(B)/libbeskid_rt_host.a \
             $(LAUNCH_DYNLIST)
	$(CC) $(LDFLAGS_$(MODE)) -no-pie -o $@ $(B)/obj/src/launch/launch.o $(LAUNCH_TABLE_OBJ) $(B)/libbeskid_core.a \
	  -Wl,--whole-archive $(B)/libbeskid_rt_host.a -Wl,--no-whole-archive $(SYS_LIBS) \
	  -Wl,--dynamic-list=$(LAUNCH_DYNLIST) -Wl,--gc-sections

$(B)/obj/tests/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS_MODE) -Wno-missing-prototypes -Isrc -Iruntime/include $(LLVM_CFLAGS) -c $< -o $@

$(B)/tests/%: $(B)/obj/tests/%.o $(B)/libbeskid_core.a $(B)/libbeskid_rt_host.a $(B)/llvm-link.stamp
	@mkdir -p $(dir $@)
	$(CCLD) $(LDFLAGS_$(MODE)) $(LLVM_LDFLAGS) $< -o $@ \
	  $(B)/libbeskid_core.a $(B)/libbeskid_rt_host.a $(LLVM_LIBS) -lcmocka $(SYS_LIBS) -Wl,--gc-sections

unit: $(UNIT_BIN)
	@MODE=$(MODE) tests/run.sh --unit-only

lit: all $(B)/tests/test_codegen  # %cg-llvm: test_codegen prints the LLVM module of an .ir file
	@MODE=$(MODE) tests/run.sh --lit-only

test: all $(UNIT_BIN)
	@MODE=$(MODE) tests/run.sh

# The API documentation of the embedded standard library (`beskid doc --std`,
# issue 15), at a fixed place the language guide links to: build/doc/std/
# (index.html, api.json, index.md).
DOC_STD_DIR := build/doc/std
.PHONY: doc-std
doc-std: all
	@mkdir -p $(dir $(DOC_STD_DIR))
	$(B)/beskid doc --std --out $(DOC_STD_DIR)

# Fuzzing (tests/fuzz/README.md). `make fuzz` is CI's: the smoke of the
# command line (under MODE) and each libFuzzer harness for FUZZ_CI_SECONDS.
# `make fuzz-long FUZZ_SECONDS=N` runs each harness N seconds (-j2: two at a
# time); new inputs go to build/fuzz/corpus/, findings to build/fuzz/findings/.
# The harnesses are built with clang-19 (scripts/setup.sh installs it) under
# ASan and UBSan, from the same sources, in build/fuzz/.
FUZZ_CC ?= clang-19
FUZZ_CXX ?= clang++-19
FUZZ_SECONDS ?= 600
FUZZ_CI_SECONDS ?= 20
FUZZ_TARGETS := parse check pipeline ir
FZ := build/fuzz
FUZZ_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_SRC := $(filter-out src/main.c src/cli/% src/launch/%,$(SRC))
FUZZ_OBJ := $(FUZZ_SRC:%.c=$(FZ)/obj/%.o)
FUZZ_ID_parse := 1
FUZZ_ID_check := 2
FUZZ_ID_pipeline := 3
FUZZ_ID_ir := 4
FUZZ_LLVM_LIBS := -L$(shell $(LLVM_CONFIG) --libdir) -Wl,-rpath,$(shell $(LLVM_CONFIG) --libdir) -lLLVM-19
.SECONDARY: $(FUZZ_TARGETS:%=$(FZ)/obj/harness/%.o)
FUZZ_RUN_FLAGS = -dict=tests/fuzz/beskid.dict -timeout=30 -rss_limit_mb=4096 -max_len=16384 \
  -print_final_stats=1 -artifact_prefix=$(FZ)/findings/$*- $(FZ)/corpus/$* tests/fuzz/corpus/$*

$(FZ)/obj/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -DBESKID_VERIFY_IR=1 -Isrc \
	  $(if $(filter $(RT_INCLUDE_SRC),$<),-Iruntime/include) $(if $(filter $(LLVM_SRC),$<),$(LLVM_CFLAGS)) -c $< -o $@

$(FZ)/libbeskid_fuzz.a: $(FUZZ_OBJ)
	rm -f $@ && ar rcs $@ $^

$(FZ)/obj/harness/mutator.o: tests/fuzz/fuzz_mutator.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -Isrc -c $< -o $@

$(FZ)/obj/harness/%.o: tests/fuzz/fuzz_target.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -DFUZZ_TARGET=$(FUZZ_ID_$*) -Isrc \
	  $(LLVM_CFLAGS) -c $< -o $@

# The source harnesses carry the token-level mutator; the IR one mutates bytes.
$(FZ)/fuzz_%: $(FZ)/obj/harness/%.o $(FZ)/obj/harness/mutator.o $(FZ)/libbeskid_fuzz.a
	$(FUZZ_CXX) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(if $(filter ir,$*),,$(FZ)/obj/harness/mutator.o) \
	  $(FZ)/libbeskid_fuzz.a $(if $(filter ir,$*),$(FUZZ_LLVM_LIBS)) -lm

fuzz-build: $(FUZZ_TARGETS:%=$(FZ)/fuzz_%)

fuzz-run-%: $(FZ)/fuzz_%
	@mkdir -p $(FZ)/corpus/$* $(FZ)/findings
	$(FZ)/fuzz_$* $(FUZZ_RUN_FLAGS) -max_total_time=$(FUZZ_SECONDS)

fuzz-ci-%: $(FZ)/fuzz_%
	@mkdir -p $(FZ)/corpus/$* $(FZ)/findings
	@echo "fuzz $*: $(FUZZ_CI_SECONDS) s"
	@$(FZ)/fuzz_$* $(FUZZ_RUN_FLAGS) -max_total_time=$(FUZZ_CI_SECONDS) > $(FZ)/$*.log 2>&1; \
	  status=$$?; grep -E '^(Done|stat::number_of_executed_units|==[0-9]+==|SUMMARY)' $(FZ)/$*.log; \
	  if [ $$status != 0 ]; then tail -n 60 $(FZ)/$*.log; fi; exit $$status

fuzz-long: $(FUZZ_TARGETS:%=fuzz-run-%)
fuzz-harnesses: $(FUZZ_TARGETS:%=fuzz-ci-%)

fuzz: all
	@MODE=$(MODE) tests/fuzz/smoke.sh
	@$(MAKE) --no-print-directory fuzz-harnesses
	@python3 tests/fuzz/differential.py $(B)/beskid $(FUZZ_CI_SECONDS)

# Rebuilds the corpus kept in the repository from the test programs, merged
# (minimised) by each harness: tests/fuzz/make_corpus.sh.
fuzz-corpus: fuzz-build
	tests/fuzz/make_corpus.sh $(FZ)

# The layering of STYLE.md §3.1 (its table is in tools/check_deps.py); `make
# test` runs it and its own test (tools/test_check_deps.py) too.
check-deps:
	@python3 tools/check_deps.py

# The installed beskid is stripped: the JIT defines every symbol it binds by
# address (backend/jit/jit_symbols.c) and never looks one up in the binary.
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/beskid
	install -m 755 -s $(B)/beskid $(DESTDIR)$(PREFIX)/bin/beskid
	install -m 755 -s $(B)/beskid-compiler $(DESTDIR)$(PREFIX)/lib/beskid/beskid-compiler
	install -m 644 $(B)/libbeskid_rt.a $(DESTDIR)$(PREFIX)/lib/beskid/libbeskid_rt.a
	$(foreach t,$(CROSS_AVAILABLE),install -d $(DESTDIR)$(PREFIX)/lib/beskid/$(t) && \
	  install -m 644 $(B)/$(t)/libbeskid_rt.a $(DESTDIR)$(PREFIX)/lib/beskid/$(t)/libbeskid_rt.a;)

clean:
	rm -rf build

-include $(foreach t,$(CROSS_AVAILABLE),$(RT_SRC:%.c=$(B)/obj/rt-$(t)/%.d))
-include $(OBJ:.o=.d) $(CORELIB_OBJ:.o=.d) $(RT_OBJ:.o=.d) $(RT_HOST_OBJ:.o=.d) $(UNIT_OBJ:.o=.d) $(wildcard $(FZ)/obj/*/*.d $(FZ)/obj/src/*/*.d)
