#!/bin/sh
# CLI tests of the files a command writes beside its target: temporary
# files nobody can plant, what a killed command leaves, the image as a cache
# on a full disk, folders and file systems that cannot be written, and
# resources that are not files. JIPYO names the binary. Some need root
# (mount, setpriv); they say so and are skipped without it.
set -u
J=$(realpath "${JIPYO:-build/jipyo}")
SEED=$(realpath data/seoul-econ-2022)
T=$(mktemp -d)
chmod 755 "$T" # the tests run as nobody reach into it
trap 'umount "$T/small" "$T/ro" 2>/dev/null; rm -rf "$T"' EXIT
fails=0
pass=0

ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
expect_exit() { # expected, description, command...
	want=$1; what=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"; got=$?
	if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, expected $want"; head -5 "$T/err"; fi
}
expect_grep() { # pattern file description
	if grep -q -- "$1" "$2"; then ok; else bad "$3: no \"$1\" in output"; head -5 "$2"; fi
}
only_db() { # folder, database name, what: nothing beside the database but its own
	left=$(ls -A "$1" | grep -v "^$2\(-image\|-wal\|-shm\)\?\$")
	if [ -z "$left" ]; then ok; else bad "$3 left $left"; fi
}
root=0
[ "$(id -u)" -eq 0 ] && root=1
nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }

expect_exit 0 "import the seed" "$J" import "$SEED" --db "$T/ref.db"
"$J" check --db "$T/ref.db" >"$T/ref.check" 2>&1

# --- no temporary file is opened through a name planted in advance -----------
# The names used before were PATH.import-PID, PATH-image.import-PID and
# PATH.tmpPID: a symbolic link planted there by another user made the
# command write through it. exec keeps the pid the links are named after.
echo victim >"$T/victim"
mkdir "$T/plant" "$T/plant/out"
sh -c 'ln -s "$1" "$2.import-$$"; ln -s "$1" "$2-image.import-$$"; exec "$3" import "$4" --db "$2"' \
	sh "$T/victim" "$T/plant/p.db" "$J" "$SEED" >/dev/null 2>&1
[ -L "$T/plant/p.db-image.import-"* ] && ok || bad "import removed or replaced a planted link"
expect_exit 1 "import beside planted links worked" "$J" check --db "$T/plant/p.db" --json
sh -c 'for f in "$4"/*.csv "$4"/datapackage.json; do ln -s "$1" "$2/$(basename "$f").tmp$$"; done
	exec "$3" export --db "$5" "$2"' sh "$T/victim" "$T/plant/out" "$J" "$SEED" "$T/ref.db" >/dev/null 2>&1
if diff -r "$SEED" "$T/plant/out" 2>/dev/null | grep -q '^Only in\|^diff'; then
	diff -rq "$SEED" "$T/plant/out" | grep -v 'Only in .*\.tmp[0-9]' | grep -q . && bad "export beside planted links"; fi
sh -c 'ln -s "$1" "$2.tmp$$"; exec "$3" report --db "$4" -o "$2"' sh "$T/victim" "$T/plant/r.md" "$J" "$T/ref.db" >/dev/null 2>&1
expect_grep "^# " "$T/plant/r.md" "report beside a planted link"
if [ "$(cat "$T/victim")" = victim ]; then ok; else bad "a planted link was followed: the file it names was overwritten"; fi

# --- what a killed command leaves is removed by the next one ------------------
# A package with 100,000 more texts takes long enough to be killed while its
# temporary files exist: each import is killed as soon as one appears.
rm -rf "$T/big" && cp -r "$SEED" "$T/big"
awk 'END { for (i = 0; i < 100000; i++)
	printf "general,status,%d,0,,텍스트 %d 줄의 문장,000_c617418e5a5c9fdf.txt:16\n", 100000 + i, i }' \
	"$T/big/texts.csv" >>"$T/big/texts.csv"
kill_when_temporary() { # folder, database: import, SIGKILL once a temporary file exists
	"$J" import "$T/big" --db "$1/$2" >/dev/null 2>&1 &
	p=$!
	i=0
	while [ $i -lt 20000 ] && ! ls -A "$1" | grep -q 'tmp-\|import-'; do i=$((i + 1)); done
	kill -9 $p 2>/dev/null
	wait $p 2>/dev/null
}
mkdir "$T/k"
kill_when_temporary "$T/k" n.db
if ls -A "$T/k" | grep -q 'tmp-\|import-'; then ok; else bad "the killed import left nothing: the test did not kill it in time"; fi
expect_exit 0 "import after a killed import" "$J" import "$SEED" --db "$T/k/n.db"
only_db "$T/k" n.db "a killed import into a new database, then an import,"
kill_when_temporary "$T/k" n.db
expect_exit 1 "check after a killed import" "$J" check --db "$T/k/n.db"
only_db "$T/k" n.db "a killed import into an existing database, then a check,"
if cmp -s "$T/out" "$T/ref.check"; then ok; else bad "check after a killed import differs from after a clean one"; fi
# a temporary file whose creator holds it is kept; once released, removed
: >"$T/k/n.db.tmp-1-abcdef"
mkfifo "$T/go"
(flock 9 && : >"$T/held" && read -r _ <"$T/go") 9<"$T/k/n.db.tmp-1-abcdef" &
held=$!
i=0
while [ ! -e "$T/held" ] && [ $i -lt 100000 ]; do i=$((i + 1)); done
expect_exit 1 "check beside a held temporary file" "$J" check --db "$T/k/n.db"
[ -e "$T/k/n.db.tmp-1-abcdef" ] && ok || bad "a temporary file in use was removed"
echo >"$T/go"
wait $held
expect_exit 1 "check beside a released temporary file" "$J" check --db "$T/k/n.db"
[ -e "$T/k/n.db.tmp-1-abcdef" ] && bad "a temporary file nobody holds was kept" || ok

# --- the image is a cache: a full disk costs it, not the command ---------------
if [ $root -eq 1 ] && mkdir -p "$T/small" && mount -t tmpfs -o size=1000k tmpfs "$T/small" 2>/dev/null; then
	# the database fits, the database and its image do not
	expect_exit 0 "import where the image does not fit" "$J" import "$SEED" --db "$T/small/f.db"
	expect_grep "stored without its model image" "$T/err" "the import says it has no image"
	only_db "$T/small" f.db "an import without its image"
	dd if=/dev/zero of="$T/small/fill" bs=4k >/dev/null 2>&1 # the disk is full
	expect_exit 1 "check on a full disk" "$J" check --db "$T/small/f.db"
	if cmp -s "$T/out" "$T/ref.check"; then ok; else bad "check on a full disk differs"; head -3 "$T/err"; fi
	# an export that runs out of space fails (the environment) and names why
	expect_exit 3 "export onto a full disk" "$J" export --db "$T/ref.db" "$T/small/exp"
	expect_grep "No space left on device" "$T/err" "export onto a full disk says why"
	expect_exit 3 "export --excel onto a full disk" "$J" export --db "$T/ref.db" "$T/small/exp" --excel
	if ls -A "$T/small" | grep -q '^exp'; then bad "export onto a full disk left $(ls -A "$T/small" | grep '^exp')"; else ok; fi
	umount "$T/small"
else
	echo "note: not root or no tmpfs: the full-disk tests did not run"
fi

# --- an export that fails leaves the old package, not some new files ---------
expect_exit 0 "export the seed" "$J" export --db "$T/ref.db" "$T/exp"
sed -i '2s/,[^,]*$/,changed.txt:1/' "$T/exp/texts.csv"
cp -r "$T/exp" "$T/exp-before"
rm "$T/exp/datapackage.json" && mkdir "$T/exp/datapackage.json"
expect_exit 2 "export over a folder where a file should be" "$J" export --db "$T/ref.db" "$T/exp"
if diff -r "$T/exp-before" "$T/exp" | grep -v datapackage.json | grep -q .; then
	bad "a failed export replaced some files"; else ok; fi
rm -r "$T/exp/datapackage.json" && cp "$T/exp-before/datapackage.json" "$T/exp/"
echo keep >"$T/exp/NOTES.txt"
expect_exit 0 "export over an older package" "$J" export --db "$T/ref.db" "$T/exp"
if diff -r "$SEED" "$T/exp" | grep -v NOTES.txt | grep -q .; then bad "export over an older package"; else ok; fi
expect_grep keep "$T/exp/NOTES.txt" "a file of the user's in the export folder is kept"
if ls -A "$T" | grep -q '^exp\.tmp-'; then bad "export left $(ls -A "$T" | grep '^exp\.tmp-')"; else ok; fi
# through a symbolic link: the folder it names is replaced, the link stays
ln -s exp "$T/explink"
expect_exit 0 "export through a symbolic link" "$J" export --db "$T/ref.db" "$T/explink/"
if [ -L "$T/explink" ] && [ -e "$T/exp/NOTES.txt" ]; then ok; else bad "export replaced a symbolic link"; fi

# --- places that cannot be written: the real cause -----------------------------
if [ $root -eq 1 ] && nobody true 2>/dev/null; then
	# the binary and the data where nobody can reach them: a clone in a
	# private folder (mktemp -d) would otherwise fail for that reason alone
	mkdir "$T/nobody" && cp "$J" "$T/nobody/jipyo" && cp -r "$(dirname "$SEED")" "$T/nobody/data" &&
		chmod -R a+rX "$T/nobody"
	J_MAIN=$J SEED_MAIN=$SEED
	J=$T/nobody/jipyo SEED=$T/nobody/data/$(basename "$SEED_MAIN")
	mkdir "$T/mine" && chmod 755 "$T/mine"
	expect_exit 3 "import into a folder the user cannot write" nobody "$J" import "$SEED" --db "$T/mine/x.db"
	expect_grep "Permission denied" "$T/err" "the cause named"
	if grep -q "No such file" "$T/err"; then bad "a folder that cannot be written reported as missing"; else ok; fi
	# a read-only -shm and -wal left beside a database (a read-only
	# connection makes them with the database's mode) do not block an import
	mkdir "$T/theirs" && chown nobody "$T/theirs"
	expect_exit 0 "import as nobody" nobody "$J" import "$SEED" --db "$T/theirs/x.db"
	nobody sh -c ': >"$1-shm"; : >"$1-wal"; chmod 444 "$1-shm" "$1-wal"' sh "$T/theirs/x.db"
	expect_exit 0 "import beside a read-only -shm" nobody "$J" import "$SEED" --db "$T/theirs/x.db"
	chmod 444 "$T/theirs/x.db"
	expect_exit 3 "import into a read-only database" nobody "$J" import "$SEED" --db "$T/theirs/x.db"
	expect_grep "x.db: cannot write: Permission denied" "$T/err" "a read-only database named"
	# reading a database in a folder the user cannot write
	cp "$T/ref.db" "$T/mine/r.db" && chmod 644 "$T/mine/r.db"
	expect_exit 1 "check a database in a folder the user cannot write" nobody "$J" check --db "$T/mine/r.db"
	if cmp -s "$T/out" "$T/ref.check"; then ok; else bad "check in a read-only folder differs"; head -3 "$T/err"; fi
	J=$J_MAIN SEED=$SEED_MAIN
else
	echo "note: not root or no setpriv: the tests as another user did not run"
fi
mkdir -p "$T/ro"
if [ $root -eq 1 ] && mount --bind "$T/plant" "$T/ro" 2>/dev/null && mount -o remount,bind,ro "$T/ro" 2>/dev/null; then
	expect_exit 3 "import onto a read-only file system" "$J" import "$SEED" --db "$T/ro/new.db"
	expect_grep "Read-only file system" "$T/err" "a read-only file system named"
	expect_exit 3 "import into a database on a read-only file system" "$J" import "$SEED" --db "$T/ro/p.db"
	expect_grep "Read-only file system" "$T/err" "a read-only file system named"
	umount "$T/ro"
else
	echo "note: not root or no bind mount: the read-only file system tests did not run"
fi

# --- a resource that is not a regular file is refused at once -----------------
rm -rf "$T/fifo" && cp -r "$SEED" "$T/fifo"
rm "$T/fifo/facts.csv" && mkfifo "$T/fifo/facts.csv"
expect_exit 2 "a FIFO as a resource" timeout 10 "$J" import "$T/fifo" --db "$T/fifo.db"
expect_grep "facts.csv: is not a regular file" "$T/err" "a FIFO named"

echo "files: $pass passed, $fails failed"
[ "$fails" -eq 0 ]
