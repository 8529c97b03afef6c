#!/usr/bin/env bash
# bench-peers.sh: index and query one corpus with arsearch and the peer
# engines of ../shared/peers (Lucene, Xapian, bleve, optionally PostgreSQL)
# on this machine, in one run, and print one table of speeds and sizes.
#
#   scripts/bench-peers.sh [options] CORPUS.jsonl[.gz] [QUERIES.tsv]
#
# Options:
#   --titles N      make the queries from the first N non-empty titles of
#                   CORPUS (qid "snn-<n>", n from 1; see --qid-prefix)
#                   instead of reading QUERIES.tsv
#   --qid-prefix P  query id prefix for --titles (default snn)
#   --k K           hits per query (default 10)
#   --engines "E…"  peer engines (default "lucene xapian bleve-ar bleve-ar-bm25";
#                   also postgres, bleve-standard)
#   --workdir DIR   where the indexes go (default: a fresh mktemp -d, removed at
#                   the end unless KEEP=1; a DIR given here is kept)
#   --no-workers    skip the arsearch --workers 1 / --workers 2 comparison
#   --no-compact    skip the second arsearch run, with index --compact=false (by
#                   default a large run is merged into one segment at the end)
#   --breakdown V   after the table, where arsearch's index size and build CPU
#                   go: scripts/indexcost over the same corpus with the variants V
#                   (comma-separated; "default" = full,vectors,no-store-body,
#                   no-body-exact,no-title-exact,no-keywords,minimal-ar), each a
#                   build of the whole corpus with one field or option changed
#
# Example (the 30k SaudiNewsNet articles, 1,000 title queries):
#   scripts/bench-peers.sh --titles 1000 ../shared/data/news/saudinewsnet.jsonl.gz
# The same query file by hand:
#   zcat ../shared/data/news/saudinewsnet.jsonl.gz | python3 -c 'import sys,json
#   t=(" ".join(json.loads(l).get("title","").split()) for l in sys.stdin if l.strip())
#   print("\n".join(f"snn-{i}\t{x}" for i,x in enumerate((x for x in t if x),1) if i<=1000))'
#
# Every command runs under /usr/bin/time -v: peak RSS is its "Maximum
# resident set size", the largest single process of the command (Lucene's
# python converter and JVM are two processes; PostgreSQL's server is a
# daemon and not counted). Wall times are the whole command, start-up
# included. The peers' search runs all queries in one process and reports
# only a total, so for them the table gives the mean per query net of
# start-up: (total - time of a one-query run) / (queries - 1), and "n/a" for
# median and p99. arsearch's per-query latencies come from
# scripts/latency (search.Run in one process, index opened once).
set -euo pipefail

usage="usage: scripts/bench-peers.sh [--titles N] [--qid-prefix P] [--k K] [--engines \"E...\"] [--workdir DIR] [--no-workers] [--no-compact] [--breakdown V] CORPUS.jsonl[.gz] [QUERIES.tsv]"
die() { echo "bench-peers: $*" >&2; exit 1; }
say() { echo "bench-peers: $*" >&2; }

titles=0 prefix=snn k=10 engines="lucene xapian bleve-ar bleve-ar-bm25" workdir="" workers_cmp=1 compact=1 breakdown=""
args=()
while [ $# -gt 0 ]; do
  case $1 in
    --titles) titles=${2:?$usage}; shift 2 ;;
    --qid-prefix) prefix=${2:?$usage}; shift 2 ;;
    --k) k=${2:?$usage}; shift 2 ;;
    --engines) engines=${2:?$usage}; shift 2 ;;
    --workdir) workdir=${2:?$usage}; shift 2 ;;
    --no-workers) workers_cmp=0; shift ;;
    --no-compact) compact=0; shift ;;
    --breakdown) breakdown=${2:?$usage}; shift 2 ;;
    -h|--help) echo "$usage"; exit 0 ;;
    --) shift; args+=("$@"); break ;;
    -*) echo "$usage" >&2; exit 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
[[ $titles =~ ^[0-9]+$ && $k =~ ^[1-9][0-9]*$ ]] || { echo "$usage" >&2; exit 2; }
if [ "$titles" -gt 0 ]; then [ ${#args[@]} -eq 1 ] || { echo "$usage" >&2; exit 2; }
else [ ${#args[@]} -eq 2 ] || { echo "$usage" >&2; exit 2; }; fi
corpus=${args[0]}
[ -f "$corpus" ] || die "no such corpus: $corpus"
[ "$titles" -gt 0 ] || [ -f "${args[1]}" ] || die "no such queries file: ${args[1]}"
[ "$breakdown" != default ] || breakdown=full,plain-body,vectors,no-store-body,no-body-exact,no-title-exact,no-keywords,minimal-ar

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
peers=${PEERS_DIR:-$root/../shared/peers}
[ -x "$peers/engine" ] || die "no peers at $peers (set PEERS_DIR)"
py=${PEERS_PYTHON:-/usr/bin/python3}

if [ ! -x /usr/bin/time ]; then
  say "installing GNU time"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y time >&2 || die "/usr/bin/time is missing and apt-get install time failed"
fi

# The work folder: fresh, readable by the postgres user (its server runs as
# postgres when we are root), removed at the end unless KEEP=1.
if [ -n "$workdir" ]; then
  [ ! -e "$workdir" ] || [ -z "$(ls -A "$workdir")" ] || die "$workdir exists and is not empty"
  mkdir -p "$workdir"
  wd=$(cd "$workdir" && pwd)
else
  wd=$(mktemp -d "${TMPDIR:-/tmp}/bench-peers.XXXXXX")
  if [ "${KEEP:-0}" = 1 ]; then say "keeping $wd"
  else trap 'rm -rf "$wd"' EXIT; fi
fi
chmod 755 "$wd"

# Inputs: the peers need plain JSONL; every engine gets the same file.
case $corpus in
  *.gz) say "decompressing $corpus"; zcat -- "$corpus" > "$wd/corpus.jsonl"; plain=$wd/corpus.jsonl ;;
  *) plain=$(cd "$(dirname "$corpus")" && pwd)/$(basename "$corpus") ;;
esac
bytes=$(stat -c %s "$plain")
docs=$(grep -c '[^[:space:]]' "$plain" || true)
if [ "$titles" -gt 0 ]; then
  queries=$wd/queries.tsv
  "$py" - "$plain" "$titles" "$prefix" > "$queries" <<'EOF'
import json, sys
path, want, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
n = 0
with open(path, encoding="utf-8") as f:
    for line in f:
        if n == want:
            break
        if not line.strip():
            continue
        title = " ".join(str(json.loads(line).get("title") or "").split())
        if title:
            n += 1
            print(f"{prefix}-{n}\t{title}")
EOF
else
  queries=$(cd "$(dirname "${args[1]}")" && pwd)/$(basename "${args[1]}")
fi
nq=$(grep -c $'^[^\t]*\t.*[^[:space:]]' "$queries" || true)
[ "$nq" -ge 2 ] || die "$queries: need at least 2 queries"
grep -m1 $'^[^\t]*\t.*[^[:space:]]' "$queries" > "$wd/one-query.tsv"

mkdir -p "$wd/bin"
if [ -n "${ARSEARCH_BIN:-}" ]; then cp "$ARSEARCH_BIN" "$wd/bin/arsearch"
else say "building arsearch"; (cd "$root" && go build -o "$wd/bin/arsearch" ./cmd/arsearch); fi
(cd "$root" && go build -o "$wd/bin/latency" ./scripts/latency)

# measure LABEL OUT CMD...: runs CMD under time -v with stdout to OUT; sets
# WALL (seconds), CPU (user + system seconds) and RSS (MB). Returns CMD's
# failure after showing its stderr.
measure() {
  local label=$1 out=$2 t0 t1; shift 2
  say "$label"
  t0=$(date +%s.%N)
  if ! /usr/bin/time -v -o "$wd/$label.time" "$@" > "$out" 2> "$wd/$label.err"; then
    say "$label failed:"; tail -n 5 "$wd/$label.err" >&2
    return 1
  fi
  t1=$(date +%s.%N)
  WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  RSS=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$wd/$label.time")
  CPU=$(awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 } END { printf "%.1f", s }' "$wd/$label.time")
}
size_mb() { du -sb "$1" | awk '{ printf "%.1f", $1 / 1e6 }'; }
div() { awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN { if (b > 0) printf f, a / b; else printf "n/a" }'; }
field() { tr ' ' '\n' <<<"$2" | awk -F= -v k="$1" '$1 == k { print $2 }'; }

ncpu=$(nproc)
load0=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A IDX ICPU SIZE IRSS SRCH SRSS HITS MEAN MED P99

# arsearch: index with one worker per CPU (the default), then search twice:
# as arsearch query does (snippets and title marks), and ids and scores only
# (what the peers do, and what arsearch eval does). Then the same with
# --compact=false (the segments bleve leaves, not merged into one at the end).
run_arsearch() { # NAME [INDEX FLAGS...]
  local n=$1 tag=${1// /}; shift
  tag=${tag//--/-}
  measure "$tag-index" "$wd/$tag-index.json" "$wd/bin/arsearch" index --index "$wd/idx-$tag" --json -q --workers "$ncpu" "$@" "$plain" || return 0
  IDX[$n]=$WALL ICPU[$n]=$CPU IRSS[$n]=$RSS SIZE[$n]=$(size_mb "$wd/idx-$tag")
  for mode in "" --no-snippets; do
    name=$n${mode:+ (no snippets)}
    if measure "$tag-search$mode" "$wd/$tag-latency$mode.txt" "$wd/bin/latency" --index "$wd/idx-$tag" --queries "$queries" --k "$k" $mode; then
      line=$(cat "$wd/$tag-latency$mode.txt")
      SRCH[$name]=$WALL SRSS[$name]=$RSS HITS[$name]=$(field hits "$line")
      MEAN[$name]=$(field mean_ms "$line") MED[$name]=$(field median_ms "$line") P99[$name]=$(field p99_ms "$line")
    fi
  done
}
a=arsearch
run_arsearch "$a"
variants=("$a")
if [ "$compact" = 1 ]; then run_arsearch "$a --compact=false" --compact=false; variants+=("$a --compact=false"); fi

for e in $engines; do
  measure "$e-index" /dev/null "$peers/engine" "$e" index "$plain" "$wd/idx-$e" || continue
  IDX[$e]=$WALL ICPU[$e]=$CPU IRSS[$e]=$RSS SIZE[$e]=$(size_mb "$wd/idx-$e")
  measure "$e-search" "$wd/run-$e.trec" "$peers/engine" "$e" search "$wd/idx-$e" "$queries" "$k" || continue
  SRCH[$e]=$WALL SRSS[$e]=$RSS HITS[$e]=$(wc -l < "$wd/run-$e.trec")
  measure "$e-search1" /dev/null "$peers/engine" "$e" search "$wd/idx-$e" "$wd/one-query.tsv" "$k" || continue
  MEAN[$e]=$(awk -v t="${SRCH[$e]}" -v o="$WALL" -v n="$nq" 'BEGIN { m = (t - o) / (n - 1) * 1000; printf "%.3f", m < 0 ? 0 : m }')
  MED[$e]=n/a P99[$e]=n/a
done

if [ "$workers_cmp" = 1 ] && [ -n "${IDX[$a]:-}" ]; then
  declare -A WIDX WRSS
  for w in 1 2; do
    if [ "$w" = "$ncpu" ]; then WIDX[$w]=${IDX[$a]} WRSS[$w]=${IRSS[$a]}; continue; fi
    measure "$a-index-w$w" /dev/null "$wd/bin/arsearch" index --index "$wd/idx-$a-w$w" -q --workers "$w" "$plain" || continue
    WIDX[$w]=$WALL WRSS[$w]=$RSS
    rm -rf "$wd/idx-$a-w$w"
  done
fi

# The report.
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)
echo "machine: $ncpu CPUs ($(nproc --all) online), ${cpu:-unknown CPU}, $mem RAM, $(uname -sr), $(go version | cut -d' ' -f3)"
echo "load:    $load0 before, $(cut -d' ' -f1-3 /proc/loadavg) after (1, 5, 15 min; other processes skew every number)"
echo "corpus:  $corpus: $docs articles, $(div "$bytes" 1e6 %.1f) MB uncompressed JSONL"
echo "queries: ${args[1]:-first $titles titles of the corpus}: $nq queries, top $k"
echo
hdr="%-34s %8s %6s %6s %8s %6s %7s %8s %7s %7s %8s %8s %8s %6s %6s\n"
printf "$hdr" engine index_s idxcpu MB/s size_MB xJSONL idx_RSS search_s srch_RSS hits mean_ms med_ms p99_ms idx_x lat_x
ref=$a" (no snippets)"
rows=()
for v in "${variants[@]}"; do rows+=("$v" "$v (no snippets)"); done
for e in "${rows[@]}" $engines; do
  ie=${e% (no snippets)}
  [ -n "${IDX[$ie]:-}" ] || { printf "%-34s failed (see above)\n" "$e"; continue; }
  if [ "$e" != "$ie" ]; then i_s=- cpu=- mbs=- sz=- xj=- irss=- ix=-
  else i_s=${IDX[$e]} cpu=${ICPU[$e]} mbs=$(div "$bytes" "$(awk -v s="${IDX[$e]}" 'BEGIN { print s * 1e6 }')") sz=${SIZE[$e]}
    xj=$(div "$(awk -v s="${SIZE[$e]}" 'BEGIN { print s * 1e6 }')" "$bytes") irss=${IRSS[$e]} ix=$(div "${IDX[$e]}" "${IDX[$a]}"); fi
  lx=n/a
  [ -n "${MEAN[$e]:-}" ] && [ -n "${MEAN[$ref]:-}" ] && lx=$(div "${MEAN[$e]}" "${MEAN[$ref]}")
  printf "$hdr" "$e" "$i_s" "$cpu" "$mbs" "$sz" "$xj" "$irss" "${SRCH[$e]:-failed}" "${SRSS[$e]:--}" "${HITS[$e]:--}" \
    "${MEAN[$e]:--}" "${MED[$e]:--}" "${P99[$e]:--}" "$ix" "$lx"
done
cat <<EOF

index_s, search_s: wall seconds of the whole command (start-up included); idxcpu: user + system CPU seconds of indexing; MB/s: uncompressed corpus bytes / index_s;
size_MB: du -sb of the index (xJSONL: over the uncompressed corpus); idx_RSS, srch_RSS: peak RSS in MB (time -v); hits: result lines over all queries.
mean_ms: arsearch per query in-process; peers (search_s - one-query run) / (queries - 1), i.e. net of start-up.
med_ms, p99_ms: per-query latency (arsearch only; the peers report a total). idx_x: index_s / arsearch's;
lat_x: mean_ms / arsearch's without snippets (the peers return ids and scores only). Above 1: arsearch is faster.
EOF
if [ "$workers_cmp" = 1 ] && [ -n "${WIDX[1]:-}" ] && [ -n "${WIDX[2]:-}" ]; then
  echo
  for w in 1 2; do
    echo "arsearch index --workers $w: ${WIDX[$w]} s ($(div "$bytes" "$(awk -v s="${WIDX[$w]}" 'BEGIN { print s * 1e6 }')") MB/s), peak RSS ${WRSS[$w]} MB$([ "$w" = "$ncpu" ] && echo " (the run above)")"
  done
  echo "2-worker speed-up: $(div "${WIDX[1]}" "${WIDX[2]}")x"
fi
if [ -n "$breakdown" ]; then
  # Where arsearch's size and build CPU go: the same articles built once per
  # variant of the mapping, in one process, in batches, merged at the end.
  echo
  echo "arsearch's breakdown (scripts/indexcost --variants $breakdown; build_cpu and merge_cpu are CPU seconds):"
  (cd "$root" && go run ./scripts/indexcost --data "$plain" --n "$docs" --variants "$breakdown") || say "indexcost failed"
fi
