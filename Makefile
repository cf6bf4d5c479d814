# rjail — top-level entry points. Plain POSIX make: the same file is read by
# GNU make on Linux and by bmake on FreeBSD; the work is done by the scripts
# it names, which look at the host themselves.
#
#   make          set up what is missing, build the userland (target/release/rjail),
#                 build and verify rjail.ko (build/rjail.ko, printed last)
#   make test     every host test (builds and verifies rjail.ko first)
#   make vmtest   the kernel test suite inside a FreeBSD VM (see README)
#   make vmstress the kernel suite's stress mode in a FreeBSD VM:
#                 RJAIL_STRESS_SECONDS (default 60) on RJAIL_VM_CPUS (default 4)
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

vmstress: all
	@RJAIL_STRESS=$${RJAIL_STRESS_SECONDS:-60} RJAIL_VM_CPUS=$${RJAIL_VM_CPUS:-4} \
	    RJAIL_VM_LOG=$${RJAIL_VM_LOG:-build/vmstress.log} sh tests/kernel/vmtest.sh

bench:
	@cargo bench --bench prison_tree

load: all
	kldload ./build/rjail.ko

unload:
	kldunload rjail

clean:
	@cargo clean
	@rm -rf build

.PHONY: all test vmtest vmstress bench load unload clean
