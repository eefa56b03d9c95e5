# The two commands: `make run` and `make test`. Everything installs what it needs.
BUILD      ?= build
FUZZ_BUILD ?= build-fuzz
JOBS       ?= $(shell nproc)
CMAKE_GEN  := -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: deps configure build test test-unit test-fault test-sanitize fuzz-smoke fuzz run format lint bench clean

deps:
	@scripts/install-deps

configure: deps
	@test -f $(BUILD)/build.ninja || cmake -S . -B $(BUILD) $(CMAKE_GEN)

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	@scripts/run-tests $(BUILD)
	@$(MAKE) --no-print-directory fuzz-smoke

# The fault-injection suite at length (its bounded form runs in `make test` through CTest).
test-fault: build
	@scripts/test-fault $(BUILD) $(or $(FAULT_ROUNDS),20)

# ASan+UBSan over the whole suite, TSan over the storage concurrency and worker tests.
test-sanitize: deps
	@scripts/test-sanitize all

test-unit: build
	@ctest --test-dir $(BUILD) -j $(JOBS) --output-on-failure --timeout 300

$(FUZZ_BUILD)/build.ninja:
	@CXX=clang++-14 cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTROEM_FUZZ=ON

.PHONY: fuzz-build
fuzz-build: deps $(FUZZ_BUILD)/build.ninja
	@cmake --build $(FUZZ_BUILD) -j $(JOBS)

# A short bounded run of every fuzzer over its kept corpus (part of `make test`).
fuzz-smoke: fuzz-build
	@scripts/fuzz $(FUZZ_BUILD) smoke

# A longer run (FUZZ_SECONDS each, default 600) that grows the corpus.
fuzz: fuzz-build
	@scripts/fuzz $(FUZZ_BUILD) long

run: build
	@scripts/run

format: deps
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

lint: build
	@git ls-files '*.cc' '*.h' | xargs clang-format --dry-run -Werror
	@git ls-files 'src/*.cc' | xargs -P $(JOBS) -n 4 clang-tidy -p $(BUILD) --quiet

bench: build
	@scripts/bench $(BUILD)

clean:
	rm -rf $(BUILD) $(FUZZ_BUILD)
