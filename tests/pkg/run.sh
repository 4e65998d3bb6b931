#!/bin/sh
# The seed package, and the package Jipyo exports, validate with the
# Frictionless reference implementation; a package with a dangling foreign
# key or a value outside its enum does not (so the check can fail).
set -eu
J=${JIPYO:-build/jipyo}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
node tests/pkg/validate.js data/seoul-econ-2022
"$J" import data/seoul-econ-2022 --db "$T/db" 2>/dev/null
"$J" export --db "$T/db" "$T/out"
node tests/pkg/validate.js "$T/out"
cp -r data/seoul-econ-2022 "$T/bad"
sed -i '0,/^econ-policy-div,econ-office,/s//econ-policy-div,nowhere,/' "$T/bad/units.csv"
if node tests/pkg/validate.js "$T/bad" 2>"$T/err"; then
	echo "FAIL: a dangling foreign key was not reported"; exit 1; fi
grep -q "units" "$T/err" || { echo "FAIL: unexpected message"; cat "$T/err"; exit 1; }
cp -r data/seoul-econ-2022 "$T/bad2"
sed -i '0,/,actual,/s//,actuel,/' "$T/bad2/facts.csv"
if node tests/pkg/validate.js "$T/bad2" 2>"$T/err"; then
	echo "FAIL: a value outside its enum was not reported"; exit 1; fi
echo "pkg: frictionless accepts the seed and the export, rejects broken copies"
