# rjail — top-level entry points. Plain POSIX make: the same file is read by
# GNU make on Linux and by bmake on FreeBSD; the work is done by the scripts
# it names, which look at the host themselves.
#
#   make          set up what is missing, build the userland (target/release/rjail),
#                 build and verify rjail.ko (build/rjail.ko, printed last)
#   make test     every host test (builds and verifies rjail.ko first)
#   make vmtest   the kernel test suite inside a FreeBSD VM (see README)
#   make vmfuzz   the in-kernel fuzzer inside a FreeBSD VM (RJAIL_FUZZ_SEED,
#                 RJAIL_FUZZ_CALLS; see README)
#   make bench    the prison-tree benchmarks
#   make load / make unload   on a FreeBSD host

# bmake with WITH_AUTO_OBJ would run the recipes in an object directory;
# these scripts expect the source tree. GNU make ignores this rule.
.OBJDIR: ${.CURDIR}

all:
	@cargo build -q --release -p rjail-userland
	@sh kmod/build.sh

test: all
	@sh tests/run-host-tests.sh

vmtest: all
	@sh tests/kernel/vmtest.sh

vmfuzz: all
	@sh tests/kernel/vmfuzz.sh

bench:
	@cargo bench --bench prison_tree

load: all
	kldload ./build/rjail.ko

unload:
	kldunload rjail

clean:
	@cargo clean
	@rm -rf build

.PHONY: all test vmtest vmfuzz bench load unload clean
