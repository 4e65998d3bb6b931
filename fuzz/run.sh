#!/bin/sh
# Builds every libFuzzer target (fuzz/fuzz_*.c) with clang, ASan and UBSan
# (the sources compiled once, two at a time, then linked with each target),
# replays its committed corpus (crashes, sanitizer reports, leaks), then
# fuzzes it for a bounded time (FUZZ_SECONDS, default 15) in a scratch
# corpus; an input that runs over 10 s is a failure (a hang).
# Usage: fuzz/run.sh OUTDIR
set -eu
out=${1:-build/fuzz}
seconds=${FUZZ_SECONDS:-15}
# The Makefile passes its own CPPFLAGS and LIBS, so the targets link what the program links.
cppflags=${FUZZ_CPPFLAGS:--std=c11 -D_GNU_SOURCE -Isrc}
libs=${FUZZ_LIBS:--lsqlite3 -ljansson -lcsv -lutf8proc -lm}
mkdir -p "$out"
srcs=$(ls src/*/*.c | grep -v -e '^src/jipyo.c$' -e '^src/cmd/')
flags="$cppflags -g -O1 -fno-sanitize-recover=all"
rm -rf "$out/obj" && mkdir -p "$out/obj"
printf '%s\n' $srcs | xargs -P 2 -I SRC sh -c \
	'clang $1 -fsanitize=fuzzer-no-link,address,undefined -c SRC -o "$0/obj/$(echo SRC | tr / _).o"' \
	"$out" "$flags"
status=0
for target in fuzz/fuzz_*.c; do
	name=$(basename "$target" .c)
	corpus=fuzz/corpus/${name#fuzz_}
	clang $flags -fsanitize=fuzzer,address,undefined -o "$out/$name" "$target" \
		"$out"/obj/*.o $libs
	scratch="$out/corpus-$name"
	rm -rf "$scratch" && mkdir -p "$scratch"
	seeds=""
	[ -d "$corpus" ] && seeds="$corpus"
	if "$out/$name" -artifact_prefix="$out/$name-" -max_total_time="$seconds" -timeout=10 \
		-print_final_stats=1 "$scratch" $seeds >"$out/$name.log" 2>&1; then
		runs=$(grep -o 'number_of_executed_units: *[0-9]*' "$out/$name.log" | grep -o '[0-9]*$')
		echo "fuzz $name: ${runs:-?} inputs in ${seconds}s, clean"
	else
		echo "fuzz $name: FAILED (see $out/$name.log and $out/$name-*)"
		grep -E "ERROR|SUMMARY|Test unit written" "$out/$name.log" | head -5
		status=1
	fi
done
exit $status
