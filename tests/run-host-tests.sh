#!/bin/sh
# Every host test: the workspace (module library, host integration tests,
# userland, verifier), then the kernel suite's own host tests if present.
set -eu
cd "$(dirname "$0")/.."
cargo test --workspace --release
if [ -f tests/kernel/Cargo.toml ]; then
	cargo test --release --manifest-path tests/kernel/Cargo.toml
fi
