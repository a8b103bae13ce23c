#!/usr/bin/env python3
"""Combines http-log-bench.sh's runs (one http-bench.sh output directory per round and variant) into one
table: per logging variant, HAProxy's and Bascule's figures, Bascule / HAProxy, and each proxy's rate
relative to its own rate without logging.

Usage: log_report.py RUNS_DIR META_FILE OUT_MD VARIANT...
RUNS_DIR holds r<round>-<variant>/http-results.tsv (target<TAB>metric<TAB>value lines).
"""
import glob
import os
import statistics
import sys

NAMES = {"none": "no logging", "httplog": "option httplog", "custom": "custom log-format"}
TESTS = [("keep", "keep-alive"), ("close", "new connection")]


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def fmt(f):
    if f is None:
        return "—"
    if f == int(f):
        return f"{int(f)}"
    if abs(f) >= 100:
        return f"{f:.0f}"
    if abs(f) >= 10:
        return f"{f:.1f}"
    return f"{f:.2f}"


def main() -> int:
    runs, meta_path, out_md = sys.argv[1:4]
    variants = sys.argv[4:]
    vals = {}  # (variant, target, metric) -> [values over rounds]
    for path in sorted(glob.glob(os.path.join(runs, "r*-*", "http-results.tsv"))):
        variant = os.path.basename(os.path.dirname(path)).split("-", 1)[1]
        with open(path) as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) == 3:
                    vals.setdefault((variant, parts[0], parts[1]), []).append(parts[2])

    def med(variant, target, metric):
        xs = [x for x in (num(v) for v in vals.get((variant, target, metric), [])) if x is not None]
        return statistics.median(xs) if xs else None

    # requests per proxy CPU-second: steadier than raw rates when other load shares the cores
    for (variant, target, metric), xs in list(vals.items()):
        if metric.startswith("rps_"):
            cpus = vals.get((variant, target, "cpu_" + metric[4:]), [])
            vals[(variant, target, "eff_" + metric[4:])] = [
                f"{num(r) / (num(c) / 100):.0f}" for r, c in zip(xs, cpus) if num(r) and num(c)]

    def cell(variant, target, metric):
        xs = vals.get((variant, target, metric), [])
        return " / ".join(xs) if xs else "—"

    header = ["variant", "figure", "HAProxy", "Bascule", "Bascule/HAProxy", "HAProxy vs no logging",
              "Bascule vs no logging"]
    rows = []
    for test, tname in TESTS:
        if not any(k[2] == f"rps_{test}" for k in vals):
            continue
        for v in variants:
            for metric, label, rel in ((f"rps_{test}", f"{tname}: requests/s", True),
                                       (f"p50_{test}", f"{tname}: p50 (ms)", False),
                                       (f"p99_{test}", f"{tname}: p99 (ms)", False),
                                       (f"cpu_{test}", f"{tname}: proxy CPU (%)", False),
                                       (f"eff_{test}", f"{tname}: requests per proxy CPU-second", True)):
                h, b = med(v, "haproxy", metric), med(v, "bascule", metric)
                if h is None and b is None:
                    continue
                ratio = f"{b / h:.2f}×" if h and b is not None else "—"
                hr = br = ""
                if rel and v != "none":
                    h0, b0 = med("none", "haproxy", metric), med("none", "bascule", metric)
                    hr = f"{h / h0:.2f}×" if h and h0 else "—"
                    br = f"{b / b0:.2f}×" if b and b0 else "—"
                rows.append([NAMES.get(v, v), label, fmt(h), fmt(b), ratio, hr, br])
            if v != "none":
                ll = [med(v, t, f'loglines_{test}') for t in ("haproxy", "bascule")]
                lines = [f"{'—' if l is None else f'{l:.3f}'} lines/req, {fmt(med(v, t, f'udpdrop_{test}'))} "
                         f"kernel drops, DroppedLogs {fmt(med(v, t, 'droppedlogs'))}" for l, t in zip(ll, ("haproxy", "bascule"))]
                rows.append([NAMES.get(v, v), f"{tname}: lines at the sink", lines[0], lines[1], "", "", ""])
    meta = []
    with open(meta_path) as f:
        for line in f:
            k, _, val = line.rstrip("\n").partition("\t")
            meta.append((k, val))

    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    print(" | ".join(c.ljust(w) for c, w in zip(header, widths)))
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(r, widths)))

    with open(out_md, "w") as f:
        f.write("# http-log-bench: traffic logging, Bascule vs HAProxy (HTTP mode, loopback)\n\n")
        for k, val in meta:
            f.write(f"- **{k}**: {val}\n")
        f.write("\n| " + " | ".join(header) + " |\n|---|---|---:|---:|---:|---:|---:|\n")
        for r in rows:
            f.write("| " + " | ".join(r) + " |\n")
        if any(len(x) > 1 for x in vals.values()):
            f.write("\nEach round (HAProxy ; Bascule):\n\n")
            for test, tname in TESTS:
                for v in variants:
                    for m, what in (("rps", "requests/s"), ("eff", "requests per CPU-second")):
                        if (v, "haproxy", f"{m}_{test}") in vals or (v, "bascule", f"{m}_{test}") in vals:
                            f.write(f"- {NAMES.get(v, v)}, {tname}, {what}: {cell(v, 'haproxy', f'{m}_{test}')} ; "
                                    f"{cell(v, 'bascule', f'{m}_{test}')}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
