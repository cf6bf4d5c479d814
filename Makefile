# rjail — top-level entry points. Plain POSIX make: the same file is read by
# GNU make on Linux and by bmake on FreeBSD; the work is done by the scripts
# it names, which look at the host themselves.
#
#   make          set up what is missing, build the userland (target/release/rjail),
#                 build and verify rjail.ko (build/rjail.ko, printed last)
#   make test     every host test (builds and verifies rjail.ko first)
#   make vmtest   the kernel test suite inside a FreeBSD VM (see README)
#   make vmbench  the kernel benchmark inside a FreeBSD VM: base jail vs rjail
#                 (RJAIL_BENCH_BOOTS=N: N boots, each row's ratio in each)
#   make vmfuzz   the in-kernel fuzzer inside a FreeBSD VM (RJAIL_FUZZ_SEED,
#                 RJAIL_FUZZ_CALLS; see README)
#   make vmstress the kernel suite's stress mode in a FreeBSD VM:
#                 RJAIL_STRESS_SECONDS (default 60) on RJAIL_VM_CPUS (default 4)
#   make bench    the prison-tree benchmarks
#   make load / make unload   on a FreeBSD host
#   make install  on a FreeBSD host: the module, rjail(8), librjail_compat,
#                 the manual pages (PREFIX, default /usr/local; DESTDIR)
#
# RJAIL_FREEBSD_SYSROOT=DIR (Linux): also build the FreeBSD rjail tool and
# librjail_compat against that FreeBSD 15 sysroot (userland/freebsd/build.sh).

# bmake with WITH_AUTO_OBJ would run the recipes in an object directory;
# these scripts expect the source tree. GNU make ignores this rule.
.OBJDIR: ${.CURDIR}

all:
	@cargo build -q --release -p rjail-userland
	@sh userland/freebsd/build.sh
	@sh kmod/build.sh

test: all
	@sh tests/run-host-tests.sh

vmtest: all
	@sh tests/kernel/vmtest.sh

vmbench: all
	@sh tests/kernel/vmbench.sh
vmfuzz: all
	@sh tests/kernel/vmfuzz.sh
vmstress: all
	@RJAIL_STRESS=$${RJAIL_STRESS_SECONDS:-60} RJAIL_VM_CPUS=$${RJAIL_VM_CPUS:-4} \
	    RJAIL_VM_LOG=$${RJAIL_VM_LOG:-build/vmstress.log} sh tests/kernel/vmtest.sh

bench:
	@cargo bench --bench prison_tree

load: all
	kldload ./build/rjail.ko

unload:
	kldunload rjail

PREFIX ?= /usr/local
install: all
	install -d $(DESTDIR)/boot/modules $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/lib \
	    $(DESTDIR)$(PREFIX)/share/man/man4 $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 0555 build/rjail.ko $(DESTDIR)/boot/modules/rjail.ko
	install -m 0555 build/freebsd/rjail $(DESTDIR)$(PREFIX)/sbin/rjail
	install -m 0444 build/freebsd/librjail_compat.so.1 $(DESTDIR)$(PREFIX)/lib/librjail_compat.so.1
	install -m 0444 userland/man/rjail.4 $(DESTDIR)$(PREFIX)/share/man/man4/rjail.4
	install -m 0444 userland/man/rjail.8 $(DESTDIR)$(PREFIX)/share/man/man8/rjail.8

clean:
	@cargo clean
	@rm -rf build

.PHONY: all test vmtest vmbench vmfuzz vmstress bench load unload install clean
