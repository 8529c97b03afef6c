#!/bin/bash
# buildmem.sh: where the memory of an index build goes. Builds a fresh index
# of CORPUS with the arsearch binary BIN (arsearch index, all cores, compacted
# as arsearch decides) and samples the process's /proc status every 0.25 s.
#
#   scripts/buildmem.sh BIN CORPUS IDX LOG [more arsearch index flags]
#
# LOG gets one line per sample: seconds since the start, then VmHWM, VmRSS,
# RssAnon (the Go heap and runtime) and RssFile (segment files bleve has
# mapped and read), all in kB; LOG.err gets arsearch's progress and GNU
# time's line (wall, user and system CPU seconds, peak RSS). At the end it
# prints that line, the sample at the peak RSS, the largest RssAnon and
# RssFile seen, and the index's size in MB. IDX is removed first.
set -eu
if [ $# -lt 4 ]; then
  sed -n '2,13p' "$0" >&2
  exit 2
fi
bin=$1 corpus=$2 idx=$3 log=$4
shift 4
rm -rf "$idx"
echo "# load $(cut -d' ' -f1-3 /proc/loadavg); t VmHWM VmRSS RssAnon RssFile (kB)" > "$log"
/usr/bin/time -f "wall %e s, user %U s, sys %S s, max RSS %M kB" \
  "$bin" index --index "$idx" "$@" "$corpus" 2> "$log.err" > "$log.out" &
timer=$!
pid=""
for _ in $(seq 50); do
  pid=$(pgrep -P "$timer" | head -1 || true)
  [ -n "$pid" ] && break
  sleep 0.05
done
start=$(date +%s.%N)
while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do
  s=$(awk '/^VmHWM|^VmRSS|^RssAnon|^RssFile/{printf " %s", $2}' "/proc/$pid/status" 2>/dev/null || true)
  [ -n "$s" ] && echo "$(echo "$(date +%s.%N) - $start" | bc)$s" >> "$log"
  sleep 0.25
done
wait "$timer" || { tail -3 "$log.err"; exit 1; }
tail -1 "$log.err"
awk '!/^#/ { if ($3 > rss) { rss = $3; at = $0 }; if ($4 > anon) anon = $4; if ($5 > file) file = $5 }
  END { printf "peak: %s (t VmHWM VmRSS RssAnon RssFile)\nlargest RssAnon %d MiB, RssFile %d MiB\n", at, anon/1024, file/1024 }' "$log"
echo "index: $(du -sm "$idx" | cut -f1) MB"
