#!/usr/bin/env python3
"""Misspell the queries of a test collection the way Arabic typists do.

Reads QUERIES.tsv (id TAB text) and writes the same queries with one typing
error each, in a word of four letters or more, chosen with a fixed seed:

  confusable letters (ض/ظ, ص/س, ط/ت, ذ/ز/ظ, ث/س, ق/ك, ح/ه, د/ذ)   40%
  a letter left out                                            20%
  a letter doubled                                             10%
  two neighbouring letters swapped                             10%
  a long vowel (ا و ي) left out                                 10%
  two words run together (the space left out)                  10%

A query with no word long enough is written unchanged. The errors made are
counted on stderr.

--errors N makes N errors per query (each as above, in any word).

--kind K makes only errors of kind K: one of the above (confusable,
dropped, doubled, swapped, "long vowel", joined) or split, a space typed
inside a word of four letters or more, two letters or more on each side
(عبدالله -> عبد الله), which the default mix leaves out (so its outputs are
those of the versions before split existed).

usage: typos.py QUERIES.tsv OUT.tsv [--seed S] [--errors N] [--kind K]
"""
import argparse, collections, random, sys

PAIRS = ["ضظ", "صس", "طت", "ذز", "ذظ", "زظ", "ثس", "قك", "حه", "دذ"]
CONF = collections.defaultdict(list)
for a, b in PAIRS:
    CONF[a].append(b)
    CONF[b].append(a)
ARABIC = set(chr(c) for c in range(0x621, 0x64B))


def letters(w):
    return sum(1 for c in w if c in ARABIC)


def confuse(w, rng):
    at = [i for i, c in enumerate(w) if c in CONF]
    if not at:
        return None
    i = rng.choice(at)
    return w[:i] + rng.choice(CONF[w[i]]) + w[i + 1:]


def drop(w, rng):
    at = [i for i, c in enumerate(w) if c in ARABIC and i > 0]
    if not at:
        return None
    i = rng.choice(at)
    return w[:i] + w[i + 1:]


def double(w, rng):
    at = [i for i, c in enumerate(w) if c in ARABIC and i > 0]
    if not at:
        return None
    i = rng.choice(at)
    return w[:i] + w[i] + w[i:]


def swap(w, rng):
    at = [i for i in range(1, len(w) - 1) if w[i] in ARABIC and w[i + 1] in ARABIC and w[i] != w[i + 1]]
    if not at:
        return None
    i = rng.choice(at)
    return w[:i] + w[i + 1] + w[i] + w[i + 2:]


def vowel(w, rng):
    at = [i for i, c in enumerate(w) if c in "اوي" and i > 0]
    if not at:
        return None
    i = rng.choice(at)
    return w[:i] + w[i + 1:]


def split(w, rng):
    at = [i for i in range(2, len(w) - 1) if letters(w[:i]) >= 2 and letters(w[i:]) >= 2
          and w[i - 1] in ARABIC and w[i] in ARABIC]
    if not at:
        return None
    i = rng.choice(at)
    return w[:i] + " " + w[i:]


KINDS = [("confusable", confuse, 40), ("dropped", drop, 20), ("doubled", double, 10),
         ("swapped", swap, 10), ("long vowel", vowel, 10), ("joined", None, 10)]
EXTRA = [("split", split, 0)]  # only with --kind


def misspell(text, rng, counts, kinds=KINDS):
    words = text.split()
    long_ = [i for i, w in enumerate(words) if letters(w) >= 4]
    if not long_:
        counts["unchanged"] += 1
        return text
    for _ in range(20):
        name, fn, _ = kinds[0] if len(kinds) == 1 else rng.choices(kinds, weights=[k[2] for k in kinds])[0]
        if fn is None:
            pairs = [i for i in range(len(words) - 1) if letters(words[i]) >= 2 and letters(words[i + 1]) >= 2]
            if not pairs:
                continue
            i = rng.choice(pairs)
            out = words[:i] + [words[i] + words[i + 1]] + words[i + 2:]
        else:
            i = rng.choice(long_)
            w = fn(words[i], rng)
            if not w or w == words[i]:
                continue
            out = words[:i] + [w] + words[i + 1:]
        counts[name] += 1
        return " ".join(out)
    counts["unchanged"] += 1
    return text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("queries")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--errors", type=int, default=1)
    ap.add_argument("--kind", choices=[k[0] for k in KINDS + EXTRA])
    a = ap.parse_args()
    kinds = [k for k in KINDS + EXTRA if k[0] == a.kind] if a.kind else KINDS
    rng = random.Random(a.seed)
    counts = collections.Counter()
    with open(a.queries, encoding="utf-8") as f, open(a.out, "w", encoding="utf-8") as out:
        for line in f:
            qid, _, text = line.rstrip("\n").partition("\t")
            for _ in range(a.errors):
                text = misspell(text, rng, counts, kinds)
            out.write(f"{qid}\t{text}\n")
    print(", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
