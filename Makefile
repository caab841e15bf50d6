# dropdoc — one entry point: make, make check, make bench, make demo, make install
#
# Layout: src/<stage>/*.c are the user-space modules, one folder per stage
# of the pipeline (doc/ARCHITECTURE.md; cli/main.c holds the verb table),
# src/bpf/*.bpf.c the kernel-side collectors. vmlinux.h and the skeletons are
# generated into $(OUT) at build time from the running kernel's BTF.

CC      ?= gcc
CLANG   ?= clang
BPFTOOL ?= bpftool
PREFIX  ?= /usr/local
MANDIR  ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
OUT     ?= build
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux

ARCH := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')

CFLAGS  ?= -O2 -g
CFLAGS  += -MMD -MP -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE -Isrc -I$(OUT) \
	-DDD_LIBDIR='"$(LIBDIR)"'
LDLIBS  := -pthread -lbpf -lelf -lz -lmnl -lpcap -ljson-c -lnftables -lmicrohttpd
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -Wall -Werror \
	-I$(OUT) -Isrc/bpf -Isrc

BPF_SRCS := $(wildcard src/bpf/*.bpf.c)
# objects users attach themselves (installed under lib/dropdoc), no skeleton
BPF_PLAIN := src/bpf/xdp_pass.bpf.c
SKELS    := $(patsubst src/bpf/%.bpf.c,$(OUT)/%.skel.h,$(filter-out $(BPF_PLAIN),$(BPF_SRCS)))
PLAIN_OBJS := $(patsubst src/bpf/%.bpf.c,$(OUT)/%.bpf.o,$(BPF_PLAIN))
LIBDIR  := $(PREFIX)/lib/dropdoc
STAGES  := cli lab live out explain collect model decode host
SRCS    := $(foreach d,$(STAGES),$(wildcard src/$(d)/*.c))
HDRS    := $(foreach d,$(STAGES),$(wildcard src/$(d)/*.h))
LIB_SRCS := $(filter-out src/cli/main.c,$(SRCS))
LIB_OBJS := $(patsubst src/%.c,$(OUT)/%.o,$(LIB_SRCS))
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(OUT)/tests/%,$(UNIT_SRCS))
TEST_BPF_SRCS := $(wildcard tests/bpf/*.bpf.c)
TEST_BPF_OBJS := $(patsubst tests/bpf/%.bpf.c,$(OUT)/bpftest/%.bpf.o,$(TEST_BPF_SRCS))
TOOLS_SRCS := $(wildcard tests/tools/*.c bench/*.c)
TOOLS_BINS := $(patsubst %.c,$(OUT)/tools/%,$(notdir $(TOOLS_SRCS)))
# test tools that need the library (tests/tools/lib/*.c)
LIBTOOLS_SRCS := $(wildcard tests/tools/lib/*.c bench/lib/*.c)
LIBTOOLS_BINS := $(patsubst %.c,$(OUT)/tools/%,$(notdir $(LIBTOOLS_SRCS)))

# fuzz targets (tests/fuzz/): clang's libFuzzer with ASan and UBSan, over
# the modules they reach, compiled apart with coverage instrumentation
FUZZ_CFLAGS := -O1 -g -std=gnu11 -D_GNU_SOURCE -Isrc -I$(OUT) \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
FUZZ_LIB_SRCS := $(wildcard src/decode/*.c src/model/*.c src/host/*.c) \
	src/collect/filter.c src/collect/filter_jit.c
FUZZ_LIB_OBJS := $(patsubst src/%.c,$(OUT)/fuzz/obj/%.o,$(FUZZ_LIB_SRCS))
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(OUT)/fuzz/%,$(FUZZ_SRCS))
FUZZ_SECONDS ?= 60

.PHONY: all deps layers check test unit bench soak fuzz fuzz-build demo install clean format lint
all: $(OUT)/dropdoc $(PLAIN_OBJS) $(UNIT_BINS) $(TOOLS_BINS) $(TEST_BPF_OBJS) $(LIBTOOLS_BINS)

deps:
	@scripts/install-deps

$(OUT):
	@mkdir -p $(OUT)/tests $(OUT)/tools

$(OUT)/vmlinux.h: | $(OUT)
	$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > $@.tmp && mv $@.tmp $@

$(OUT)/%.bpf.o: src/bpf/%.bpf.c $(wildcard src/bpf/*.h) $(OUT)/vmlinux.h | $(OUT)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

# BPF objects used only by tests (loaded by path, no skeleton)
$(OUT)/bpftest/%.bpf.o: tests/bpf/%.bpf.c $(wildcard src/bpf/*.h) $(OUT)/vmlinux.h | $(OUT)
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(OUT)/%.skel.h: $(OUT)/%.bpf.o
	$(BPFTOOL) gen skeleton $< name $(notdir $*)_bpf > $@.tmp && mv $@.tmp $@

# header dependencies come from the compiler (-MMD: $(OUT)/**/*.d); the
# skeletons must exist before anything that may include one is compiled
$(OUT)/%.o: src/%.c | $(SKELS) $(OUT)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c $< -o $@

$(OUT)/libdropdoc.a: $(LIB_OBJS)
	$(AR) rcs $@ $^

$(OUT)/dropdoc: $(OUT)/cli/main.o $(OUT)/libdropdoc.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(OUT)/tests/%: tests/unit/%.c $(OUT)/libdropdoc.a | $(OUT)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(OUT)/libdropdoc.a $(LDLIBS) -lcmocka

$(OUT)/tools/%: tests/tools/%.c | $(OUT)
	$(CC) $(CFLAGS) -o $@ $<
$(OUT)/tools/%: bench/%.c | $(OUT)
	$(CC) $(CFLAGS) -o $@ $<
$(OUT)/tools/%: tests/tools/lib/%.c $(OUT)/libdropdoc.a | $(OUT)
	$(CC) $(CFLAGS) -o $@ $< $(OUT)/libdropdoc.a $(LDLIBS)
$(OUT)/tools/%: bench/lib/%.c $(OUT)/libdropdoc.a | $(OUT)
	$(CC) $(CFLAGS) -o $@ $< $(OUT)/libdropdoc.a $(LDLIBS)

$(OUT)/fuzz/obj/%.o: src/%.c | $(SKELS) $(OUT)
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_CFLAGS) -c $< -o $@
$(OUT)/fuzz/libdropdoc_fuzz.a: $(FUZZ_LIB_OBJS)
	$(AR) rcs $@ $^
$(OUT)/fuzz/%: tests/fuzz/%.c $(OUT)/fuzz/libdropdoc_fuzz.a
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(OUT)/fuzz/libdropdoc_fuzz.a $(LDLIBS)
fuzz-build: $(FUZZ_BINS) $(OUT)/tools/fuzzseeds

# every fuzz target for FUZZ_SECONDS each, from fresh seeds plus what
# earlier runs kept (build/fuzz/corpus) and the regression inputs
fuzz: deps all fuzz-build
	@tests/fuzz/run $(FUZZ_SECONDS)

# The test command of the README. Needs root (namespaces, BPF).
check: deps all layers fuzz-build
	@tests/run

# includes go one way down the stages, with no loop (doc/ARCHITECTURE.md)
layers:
	@scripts/check-layers

unit: all
	@tests/run --unit

bench: deps
	@scripts/install-deps --bench
	@$(MAKE) --no-print-directory all
	@bench/run
	@echo
	@bench/trace
	@echo
	@bench/outputs

# robustness on a busy host (not part of check, which runs a short churn):
# 10,000 namespace pairs coming and going under the live runs, then a
# 30-minute drop flood with the exporter scraped every second
soak: deps all
	@CHURN_N=$${CHURN_N:-10000} CHURN_REPORT=$${CHURN_REPORT:-500} tests/soak/churn.sh
	@SOAK_SECONDS=$${SOAK_SECONDS:-1800} tests/soak/flood.sh

demo: deps all
	$(OUT)/dropdoc lab all

install: $(OUT)/dropdoc $(PLAIN_OBJS)
	install -D -m 0755 $(OUT)/dropdoc $(DESTDIR)$(PREFIX)/bin/dropdoc
	install -D -m 0644 $(OUT)/xdp_pass.bpf.o $(DESTDIR)$(LIBDIR)/xdp_pass.o
	install -D -m 0644 doc/dropdoc.8 $(DESTDIR)$(MANDIR)/man8/dropdoc.8
	install -D -m 0644 contrib/bash-completion/dropdoc $(DESTDIR)$(BASHCOMPDIR)/dropdoc

format:
	clang-format -i $(SRCS) $(HDRS) $(wildcard src/bpf/*.c src/bpf/*.h tests/unit/*.c tests/unit/*.h \
		tests/bpf/*.c tests/tools/*.c tests/tools/lib/*.c bench/*.c)

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--suppress=missingIncludeSystem --inline-suppr -Isrc $(SRCS)

clean:
	rm -rf $(OUT)
.SECONDARY:
-include $(shell find $(OUT) -name '*.d' 2>/dev/null)
