#!/bin/sh
# Usage: sysroot.sh SRC DST
# Makes DST a FreeBSD sysroot clang and lld can use, made of symbolic links
# into SRC. A sysroot copied by a tool that does not keep symbolic links
# holds, in place of each link, a small file whose whole text is the link's
# target (usr/lib/librt.so holding "../../lib/librt.so.1", usr/include/poll.h
# holding "sys/poll.h"); here such a file becomes the link it stands for.
# Real links and every other file are linked as they are. SRC is only read.
set -eu
src=$(cd "$1" && pwd)
dst=$2
stamp="$dst/.made-from"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$src" ]; then
    exit 0
fi
rm -rf "$dst"
mkdir -p "$dst"
(cd "$src" && find . -type d) | while IFS= read -r dir; do
    mkdir -p "$dst/$dir"
done
(cd "$src" && find . ! -type d) | while IFS= read -r file; do
    target="$src/$file"
    if [ -f "$target" ] && [ ! -L "$target" ] && [ "$(wc -c <"$target")" -lt 256 ]; then
        text=$(cat "$target")
        case "$text" in
        "" | *" "* | *"("* | *"
"*) ;;
        *)
            # A link's text names a file relative to the link's directory.
            if [ -e "$(dirname "$target")/$text" ]; then
                ln -s "$text" "$dst/$file"
                continue
            fi
            ;;
        esac
    fi
    ln -s "$target" "$dst/$file"
done
echo "$src" >"$stamp"
