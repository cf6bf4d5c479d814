# Sourced by kmod/build.sh and userland/freebsd/build.sh (POSIX sh): installs
# the LLVM 19 toolchain both need on a Debian host when it is missing, so
# either script works first on a fresh machine. Expects say() to be defined.

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_debian_tools() {
	missing=
	for tool in clang-19 ld.lld-19 llvm-objcopy-19 llvm-nm-19; do
		command -v "$tool" >/dev/null 2>&1 || missing=yes
	done
	[ -e /usr/lib/llvm-19/lib/libclang.so ] || missing=yes
	if [ -n "$missing" ]; then
		say "installing clang-19 lld-19 llvm-19 libclang-19-dev"
		as_root apt-get update -qq
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		    clang-19 lld-19 llvm-19 libclang-19-dev >/dev/null
	fi
	# bindgen finds libclang here on Debian.
	LIBCLANG_PATH=${LIBCLANG_PATH:-/usr/lib/llvm-19/lib}
	export LIBCLANG_PATH
}
