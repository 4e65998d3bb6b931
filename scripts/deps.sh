#!/bin/sh
# Installs what building, running and testing Jipyo needs on Debian 12:
# apt packages (only those missing) and the npm dev dependencies of the tests.
# libmicrohttpd and libsodium serve the web application (jipyo serve).
# fonts-nanum gives the HTML report its Korean fonts, fonts-noto-cjk the symbols
# Nanum lacks (｢ ｣); chromium is the browser
# the browser test drives (through playwright-core, an npm dev dependency).
# libzip, libxml2 and libxlsxwriter write the HWPX and XLSX reports;
# python3-openpyxl reads the workbook back in the tests.
# postgresql is the second store's server (make test starts a throw-away
# cluster of its own; the package's default cluster is not used), libpq-dev
# its client library.
set -e
pkgs="gcc make clang libclang-rt-14-dev libsqlite3-dev sqlite3 libjansson-dev libcsv-dev
libutf8proc-dev libmicrohttpd-dev libsodium-dev libcriterion-dev fonts-nanum fonts-noto-cjk chromium libzip-dev libxml2-dev libxlsxwriter-dev
pkg-config python3-openpyxl postgresql libpq-dev"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# Node.js may come from another repository that bundles npm: only ask apt when absent.
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
if [ -n "$missing" ]; then
	echo "installing:$missing"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
# (again) when a dev dependency of package.json is missing from node_modules
if [ -f package.json ] && ! node -e 'const p = require("./package.json");
	for (const d of Object.keys(p.devDependencies || {})) require.resolve(d + "/package.json")' \
	>/dev/null 2>&1; then
	npm ci --no-audit --no-fund --loglevel=error
fi
