#!/usr/bin/python3
"""Reference retrieval metrics for pairviz.eval tests (numpy only; run once, output committed).

Implements pytorch-metric-learning's AccuracyCalculator definitions independently of the Java code:
cosine similarity, the query itself left out when queries and gallery are one set, queries
with no gallery item of their label skipped in every metric, ties broken by gallery index
(stable sort). Writes src/test/resources/eval/{quant,gauss}.npy, *_labels.txt, expected.json.

  /usr/bin/python3 src/test/python/make_retrieval_fixture.py
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "eval")
KS = [1, 2, 4, 8, 16, 500]
SPLIT = 150  # separate-gallery case: rows [0, SPLIT) query rows [SPLIT, n)


def quantised_row(rng, d):
    """A row of 0 / +-1 with 0, 1, 4 or 16 non-zeros: norm 0, 1, 2 or 4, so cosines are exact."""
    x = np.zeros(d, dtype=np.float32)
    nz = rng.choice([0, 1, 4, 16], p=[0.03, 0.17, 0.4, 0.4])
    cols = rng.choice(d, size=nz, replace=False)
    x[cols] = rng.choice([-1.0, 1.0], size=nz)
    return x


def quantised(rng, labels, d):
    """Quantised rows, most near a per-class prototype (one sign flipped), so many cosines tie."""
    protos = {}
    rows = []
    for label in labels:
        proto = protos.setdefault(label, quantised_row(rng, d))
        row = proto.copy()
        if rng.random() < 0.4 or not row.any():
            row = quantised_row(rng, d)
        elif rng.random() < 0.5:
            j = rng.choice(np.flatnonzero(row))
            row[j] = -row[j]
        rows.append(row)
    return np.stack(rows)


def clustered(rng, labels, d):
    """Gaussian rows around a per-class centre."""
    centres = {label: rng.standard_normal(d) for label in set(labels)}
    return np.stack([0.7 * centres[label] + rng.standard_normal(d) for label in labels]).astype(np.float32)


def cosine_exact_ties(q, g):
    """Cosine in float64; for the quantised rows the products are exact, so equal cosines tie."""
    q = q.astype(np.float64)
    g = g.astype(np.float64)
    nq = np.sqrt((q * q).sum(1))
    ng = np.sqrt((g * g).sum(1))
    dots = q @ g.T
    denom = np.outer(nq, ng)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = np.where(denom > 0, dots / np.where(denom > 0, denom, 1), 0.0)
    return s


def metrics(q, ql, g, gl, same_set, check_gap):
    sims = cosine_exact_ties(q, g)
    recall_hits = {k: 0 for k in KS}
    ap_sum = rp_sum = 0.0
    used = skipped = 0
    min_gap = np.inf
    for i in range(len(q)):
        cand = np.arange(len(g))
        if same_set:
            cand = cand[cand != i]
        s = sims[i, cand]
        order = cand[np.argsort(-s, kind="stable")]  # similarity desc, index asc on ties
        rel = (gl[order] == ql[i]).astype(np.float64)
        r = int(rel.sum())
        if r == 0:
            skipped += 1
            continue
        used += 1
        if check_gap:
            # Continuous data: float32 rounding must not be able to swap two neighbours
            # that differ in relevance within the ranks that count.
            depth = min(len(cand), max(max(k for k in KS if k < len(cand)), r) + 1)
            s_sorted = s[np.argsort(-s, kind="stable")][:depth]
            flips = rel[: depth - 1] != rel[1:depth]
            if flips.any():
                min_gap = min(min_gap, (s_sorted[:-1] - s_sorted[1:])[flips].min())
        for k in KS:
            recall_hits[k] += int(rel[:k].any())
        top_r = rel[:r]
        precision_at = np.cumsum(top_r) / np.arange(1, r + 1)
        ap_sum += float((precision_at * top_r).sum()) / r
        rp_sum += float(top_r.sum()) / r
    if check_gap:
        assert min_gap > 3e-6, min_gap  # float32 cosines of 13-d rows are within ~1e-6 of float64
    return {
        "recall_at_k": {str(k): recall_hits[k] / used for k in KS},
        "map_at_r": ap_sum / used,
        "r_precision": rp_sum / used,
        "queries": used,
        "skipped": skipped,
    }


def main():
    rng = np.random.default_rng(20220104)
    n = 400
    expected = {"ks": KS, "split": SPLIT}
    for name, make, d in [("quant", quantised, 22), ("gauss", clustered, 13)]:
        labels = np.array(["c%d" % v for v in rng.integers(0, 120, n)])
        x = make(rng, list(labels), d)
        np.save(os.path.join(OUT, name + ".npy"), x)
        with open(os.path.join(OUT, name + "_labels.txt"), "w") as f:
            f.write("".join(label + "\n" for label in labels))
        gap = name == "gauss"
        expected[name] = {
            "same": metrics(x, labels, x, labels, True, gap),
            "separate": metrics(x[:SPLIT], labels[:SPLIT], x[SPLIT:], labels[SPLIT:], False, gap),
        }
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print(json.dumps(expected, indent=1))


if __name__ == "__main__":
    main()
