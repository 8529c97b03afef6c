#!/bin/sh
# fuzz.sh [SECONDS] runs every fuzz target of the module, one after another,
# each for SECONDS (default 30), and stops at the first failure with its
# exit status. go test saves the failing input under the package's
# testdata/fuzz/FuzzName/; once the bug is fixed, commit that file: it runs
# as a regression with every plain `go test`.
set -eu

secs=${1:-30}
case $secs in
'' | *[!0-9]* | 0)
	echo "usage: $0 [SECONDS]   (a whole number of seconds per target, default 30)" >&2
	exit 2
	;;
esac

cd "$(dirname "$0")/.."
n=0
for pkg in $(go list ./...); do
	if ! list=$(go test -list '^Fuzz' "$pkg"); then
		echo "fuzz.sh: $pkg: the tests do not build" >&2
		exit 1
	fi
	targets=$(printf '%s\n' "$list" | grep '^Fuzz' || true)
	for target in $targets; do
		echo "fuzz.sh: $pkg $target for ${secs}s"
		if ! go test -run '^$' -fuzz "^$target\$" -fuzztime "${secs}s" "$pkg"; then
			echo "fuzz.sh: $pkg $target failed; the input is under $(go list -f '{{.Dir}}' "$pkg")/testdata/fuzz/$target/" >&2
			exit 1
		fi
		n=$((n + 1))
	done
done
if [ "$n" -eq 0 ]; then
	echo "fuzz.sh: no fuzz targets found" >&2
	exit 1
fi
echo "fuzz.sh: $n fuzz targets ran ${secs}s each without a failure"
