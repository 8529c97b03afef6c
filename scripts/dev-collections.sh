#!/usr/bin/env bash
# dev-collections.sh: build the dev collections of the ranking protocol
# (BENCHMARKS.md section 3) into one work folder, reproducibly, from
# ../shared/data with ../shared/peers/known_item.py and the lead-sentence
# sampler below. The folder layout is what scripts/dev-collections.tsv (the
# manifest that arsearch eval --manifest reads) names: one folder per
# collection with corpus.jsonl, queries.tsv and qrels.txt.
#
#   scripts/dev-collections.sh WORKDIR
#   scripts/dev-collections.sh --held-out WORKDIR
#
# --held-out builds the held-out collections of scripts/test-collections.tsv
# instead: the four known-item tests again with seeds never used while
# tuning (new queries, and for the leads new cuts of the corpus), for one
# final measurement of a ranking chosen on the dev collections.
#
# The folder takes about 600 MB (three copies of the 30k SaudiNewsNet
# articles). An existing collection folder is left as it is, so a second
# run only adds what is missing; delete a folder to rebuild it.
set -euo pipefail
heldout=0
if [ "${1:-}" = --held-out ]; then heldout=1; shift; fi
[ $# -eq 1 ] || { echo "usage: scripts/dev-collections.sh [--held-out] WORKDIR" >&2; exit 2; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${SHARED_DIR:-$root/../shared}
data=$shared/data
peers=$shared/peers
py=${PEERS_PYTHON:-/usr/bin/python3}
mkdir -p "$1"
wd=$(cd "$1" && pwd)
chmod 755 "$wd"
say() { echo "dev-collections: $*" >&2; }
arcd=$data/eval/arcd
snn=$data/news/saudinewsnet.jsonl.gz
ant=$data/news/antcorpus-v1.1.jsonl.gz

# make NAME: true when NAME must be built (its folder is missing).
make() {
  if [ -f "$wd/$1/qrels.txt" ]; then say "$1: present"; return 1; fi
  say "$1: building"; rm -rf "$wd/$1"; mkdir -p "$wd/$1"
}
# questions NAME DISTRACTORS...: ARCD's questions and paragraphs, with the
# articles of DISTRACTORS (gzip'd JSONL) added to the corpus.
questions() {
  local n=$1; shift
  make "$n" || return 0
  { cat "$arcd/corpus.jsonl"; for d in "$@"; do zcat -- "$d"; done; } > "$wd/$n/corpus.jsonl"
  cp "$arcd/queries.tsv" "$wd/$n/queries.tsv"
  cp "$arcd/qrels.txt" "$wd/$n/qrels.txt"
}
# lead NAME CORPUS SEED: the first sentence of 500 sampled articles is the
# query; its article, with that sentence cut from the body, is the one
# relevant document among all the corpus's articles (titles kept).
lead() {
  make "$1" || return 0
  "$py" - "$2" "$wd/$1" "$3" <<'EOF'
import gzip, json, os, random, re, sys
src, out, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
docs = [json.loads(l) for l in gzip.open(src, "rt", encoding="utf-8") if l.strip()]
# A lead sentence ends at the first full stop, question or exclamation
# mark, or line break, and has 8 to 40 words; the rest keeps 200 characters.
end = re.compile(r"[.!?\u061f\n]")
cand = []
for i, d in enumerate(docs):
    body = d.get("body", "")
    m = end.search(body)
    if not m:
        continue
    lead = " ".join(body[: m.start()].split())
    rest = body[m.end():].strip()
    if 8 <= len(lead.split()) <= 40 and len(rest) >= 200:
        cand.append((i, lead, rest))
seen, uniq = set(), []
for c in cand:
    if c[1] not in seen:
        seen.add(c[1]); uniq.append(c)
random.Random(seed).shuffle(uniq)
# A lead that another article holds word for word (a story published
# twice) would make that article a second right answer the qrels miss.
text = "\x00".join(" ".join(d.get("body", "").split()) for d in docs)
picked = []
for c in uniq:
    if len(picked) == 500:
        break
    key = c[1][:80]
    first = text.find(key)
    if first >= 0 and text.find(key, first + 1) >= 0:
        continue  # found twice: once in its own article, once elsewhere
    picked.append(c)
for i, _, rest in picked:
    docs[i] = dict(docs[i], body=rest)
with open(os.path.join(out, "corpus.jsonl"), "w", encoding="utf-8") as f:
    for d in docs:
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
with open(os.path.join(out, "queries.tsv"), "w", encoding="utf-8") as q, \
     open(os.path.join(out, "qrels.txt"), "w", encoding="utf-8") as r:
    for n, (i, lead, _) in enumerate(picked, 1):
        qid = "lead%04d" % n
        q.write(f"{qid}\t{lead}\n"); r.write(f"{qid} 0 {docs[i]['id']} 1\n")
print(f"{len(docs)} docs, {len(picked)} queries -> {out}", file=sys.stderr)
EOF
}
# title NAME CORPUS SEED: known_item.py's headline -> body test.
title() {
  make "$1" || return 0
  "$py" "$peers/known_item.py" "$2" "$wd/$1" --queries 500 --seed "$3" >&2
}

if [ $heldout = 1 ]; then
  title ant-title-t "$ant" 105
  title snn-title-t "$snn" 123
  lead ant-lead-t "$ant" 131
  lead snn-lead-t "$snn" 137
else
  questions arcd
  questions arcd-ant "$ant"
  questions arcd-snn "$snn"
  title ant-title "$ant" 5
  title snn-title "$snn" 23
  lead ant-lead "$ant" 31
  lead snn-lead "$snn" 37
fi
for f in "$wd"/*/qrels.txt; do
  d=$(dirname "$f")
  say "$(basename "$d"): $(wc -l < "$d/corpus.jsonl") documents, $(wc -l < "$d/queries.tsv") queries"
done
