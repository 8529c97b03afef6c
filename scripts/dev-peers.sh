#!/usr/bin/env bash
# dev-peers.sh: run the peer engines of ../shared/peers on every collection
# of the manifest (scripts/dev-collections.tsv), as built by
# scripts/dev-collections.sh, and keep their TREC runs for arsearch eval
# --baseline. Indexes and runs go to WORKDIR/NAME/peers/ (compare.sh reuses
# an index already there).
#
#   scripts/dev-peers.sh [--manifest FILE] WORKDIR [ENGINE...]     (default: lucene xapian bleve-ar bleve-ar-bm25)
#
# --manifest names another manifest, e.g. scripts/test-collections.tsv for
# the held-out collections (scripts/dev-collections.sh --held-out).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
manifest=$root/scripts/dev-collections.tsv
if [ "${1:-}" = --manifest ]; then manifest=${2:?}; shift 2; fi
[ $# -ge 1 ] || { echo "usage: scripts/dev-peers.sh [--manifest FILE] WORKDIR [ENGINE...]" >&2; exit 2; }
peers=${PEERS_DIR:-$root/../shared/peers}
wd=$(cd "$1" && pwd); shift
engines=("$@")
[ ${#engines[@]} -gt 0 ] || engines=(lucene xapian bleve-ar bleve-ar-bm25)
grep -v '^#' "$manifest" | while IFS=$'\t' read -r name corpus queries qrels _; do
  [ -n "$name" ] || continue
  echo "== $name"
  "$peers/compare.sh" "$wd/$corpus" "$wd/$queries" "$wd/$qrels" "$wd/$name/peers" 100 "${engines[@]}"
done
