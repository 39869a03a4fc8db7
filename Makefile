# beskid — one GNU Makefile (STYLE.md §3.11).
# MODE = debug | asan | release; everything goes to build/$(MODE)/.
#   make            build beskid and the runtime
#   make test       unit tests (cmocka) + lit tests; ends with `N passed, M failed`
#   make unit | lit | check-deps | install PREFIX=/usr/local
MODE ?= debug
CC ?= cc
LLVM_CONFIG ?= llvm-config-19
PREFIX ?= /usr/local

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wundef -Wwrite-strings -Wimplicit-fallthrough
CFLAGS_debug := -O0 -g3
CFLAGS_asan := -O1 -g3 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
CFLAGS_release := -O2 -g
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
# LLVM is linked statically, with libstdc++, libgcc, zlib and zstd (the only
# system libraries LLVM references here): no libLLVM/libstdc++ to load and
# relocate, so `beskid run hello.bd` starts ~10 ms sooner than with the shared
# libLLVM-19.so. beskid is linked -no-pie for the same reason (LLVM's tables
# otherwise need ~300k relative relocations at every start). Components: the
# ORC JIT, the new pass manager and every target (`build --target-triple`).
# LLVM_LINK=shared links the shared libLLVM-19.so instead.
LLVM_LINK ?= static
ifeq ($(LLVM_LINK),shared)
  LLVM_LIBS := -L$(shell $(LLVM_CONFIG) --libdir) -Wl,-rpath,$(shell $(LLVM_CONFIG) --libdir) -lLLVM-19
  LLVM_LDFLAGS :=
else
  LLVM_LIBS := -L$(shell $(LLVM_CONFIG) --libdir) \
    $(shell $(LLVM_CONFIG) --link-static --libs orcjit passes all-targets) -Wl,-Bstatic -lz -lzstd -Wl,-Bdynamic
  LLVM_LDFLAGS := -static-libstdc++ -static-libgcc
endif
# LLVM is C++: link with the C++ driver.
CCLD ?= $(CXX)

B := build/$(MODE)
SRC := $(shell find src -name '*.c' | LC_ALL=C sort)
LLVM_SRC := $(filter src/codegen/% src/backend/%,$(SRC))
# Only the backends see the runtime's public header (the JIT binds its symbols).
RT_INCLUDE_SRC := $(filter src/backend/%,$(SRC))
OBJ := $(SRC:%.c=$(B)/obj/%.o)
CORE_OBJ := $(filter-out $(B)/obj/src/main.o,$(OBJ))
RT_SRC := $(wildcard runtime/*.c)
# The shipped runtime archive (linked into user programs) never carries
# sanitizer instrumentation; beskid itself links a copy built like the rest.
RT_OBJ := $(RT_SRC:%.c=$(B)/obj/rt-ship/%.o)
RT_HOST_OBJ := $(RT_SRC:%.c=$(B)/obj/rt-host/%.o)
RT_CFLAGS := -std=c17 -D_GNU_SOURCE $(WARN) -fno-common -MMD -MP -fPIC -Iruntime/include -Iruntime
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
SYS_LIBS := -lgc -lpthread -ldl -lm

all: $(B)/beskid $(B)/libbeskid_rt.a
.PHONY: all test unit lit check-deps install clean fuzz

$(B)/obj/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS_MODE) -Isrc $(if $(filter $(RT_INCLUDE_SRC),$<),-Iruntime/include) \
	  $(if $(filter $(LLVM_SRC),$<),$(LLVM_CFLAGS)) -c $< -o $@

$(B)/obj/rt-ship/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(RT_CFLAGS) -O2 -g -c $< -o $@

$(B)/obj/rt-host/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(RT_CFLAGS) $(CFLAGS_MODE) -c $< -o $@

$(B)/libbeskid_rt.a: $(RT_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(B)/libbeskid_rt_host.a: $(RT_HOST_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(B)/libbeskid_core.a: $(CORE_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# The runtime is linked whole: the JIT binds every runtime symbol by address.
$(B)/beskid: $(B)/obj/src/main.o $(B)/libbeskid_core.a $(B)/libbeskid_rt_host.a
	$(CCLD) $(LDFLAGS_$(MODE)) $(LLVM_LDFLAGS) -no-pie -o $@ $(B)/obj/src/main.o $(B)/libbeskid_core.a \
	  -Wl,--whole-archive $(B)/libbeskid_rt_host.a -Wl,--no-whole-archive $(LLVM_LIBS) $(SYS_LIBS) -Wl,--gc-sections

$(B)/tests/%: tests/unit/%.c $(B)/libbeskid_core.a $(B)/libbeskid_rt_host.a
	@mkdir -p $(dir $@) $(B)/obj/tests
	$(CC) $(BASE_CFLAGS) $(CFLAGS_MODE) -Wno-missing-prototypes -Isrc -Iruntime/include $(LLVM_CFLAGS) -c $< -o $(B)/obj/tests/$*.o
	$(CCLD) $(LDFLAGS_$(MODE)) $(LLVM_LDFLAGS) $(B)/obj/tests/$*.o -o $@ \
	  $(B)/libbeskid_core.a $(B)/libbeskid_rt_host.a $(LLVM_LIBS) -lcmocka $(SYS_LIBS) -Wl,--gc-sections

unit: $(UNIT_BIN)
	@MODE=$(MODE) tests/run.sh --unit-only

lit: all
	@MODE=$(MODE) tests/run.sh --lit-only

test: all $(UNIT_BIN)
	@MODE=$(MODE) tests/run.sh

fuzz: all
	@MODE=$(MODE) tests/fuzz/smoke.sh

# The layering of STYLE.md §3.1 (its table is in tools/check_deps.py); `make
# test` runs it and its own test (tools/test_check_deps.py) too.
check-deps:
	@python3 tools/check_deps.py

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/beskid
	install -m 755 $(B)/beskid $(DESTDIR)$(PREFIX)/bin/beskid
	install -m 644 $(B)/libbeskid_rt.a $(DESTDIR)$(PREFIX)/lib/beskid/libbeskid_rt.a

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(RT_OBJ:.o=.d) $(RT_HOST_OBJ:.o=.d)
