#!/bin/sh
# Builds every libFuzzer target (fuzz/fuzz_*.c) with clang, replays its
# committed corpus (crashes, sanitizer reports, leaks), then fuzzes it for a
# bounded time (FUZZ_SECONDS, default 15) in a scratch corpus; an input that
# runs over 10 s is a failure (a hang).
# Usage: fuzz/run.sh OUTDIR
set -eu
out=${1:-build/fuzz}
seconds=${FUZZ_SECONDS:-15}
mkdir -p "$out"
srcs=$(ls src/*/*.c | grep -v -e '^src/jipyo.c$' -e '^src/cmd/')
status=0
for target in fuzz/fuzz_*.c; do
	name=$(basename "$target" .c)
	corpus=fuzz/corpus/${name#fuzz_}
	clang -std=c11 -D_GNU_SOURCE -Isrc -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o "$out/$name" "$target" $srcs \
		-lsqlite3 -ljansson -lcsv -lutf8proc -lmicrohttpd -lsodium -lm -lpthread
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
