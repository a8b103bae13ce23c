#!/usr/bin/env python3
"""Turns tcp-bench.sh's / http-bench.sh's results (target<TAB>metric<TAB>value) into a text table and a
markdown file.

Usage: report.py RESULTS_TSV META_FILE OUT_MD [tcp|http]
META_FILE holds "key<TAB>value" lines (command, date, machine...) printed above the markdown table.
The last argument picks the rows and the title (default tcp).
"""
import sys

# (metric key, label, better: "high"/"low"/None, target ratio Bascule/HAProxy or None)
ROWS = [
    ("rps_keep", "Persistent connections: requests/s", "high", ("ge", 0.9)),
    ("p99_keep", "Persistent connections: p99 latency (ms)", "low", None),
    ("rps_close", "New connection per request: requests/s", "high", None),
    ("p99_close", "New connection per request: p99 latency (ms)", "low", None),
    ("iperf_gbps", "iperf3 throughput (Gbit/s)", "high", ("ge", 1.0)),
    ("idle_kb", "Memory per idle proxied connection (KB)", "low", ("le", 2.0)),
    ("live_kb", "JVM only: live heap per idle connection, after full GC (KB)", None, None),
    ("eff_keep", "Persistent: requests per proxy CPU-second", "high", None),
    ("eff_close", "New connection: requests per proxy CPU-second", "high", None),
    ("cpu_keep", "Proxy CPU, persistent test (% of one core)", None, None),
    ("cpu_close", "Proxy CPU, new-connection test (% of one core)", None, None),
    ("cpu_iperf", "Proxy CPU, iperf3 test (% of one core)", None, None),
    ("rss_start_mb", "Proxy RSS after start (MB)", None, None),
    ("rss_idle_mb", "Proxy RSS holding the idle connections (MB, fresh proxy)", None, None),
    ("idle_alive", "Idle connections still open at the end", None, None),
    ("idle_backend", "Idle connections seen established at nginx", None, None),
    ("leftover", "nginx connections still open 1 s after wrk ended (persistent / new-conn)", None, None),
    ("err_keep", "wrk errors, persistent test", None, None),
    ("err_close", "wrk errors, new-connection test", None, None),
]
HTTP_ROWS = [
    ("rps_keep", "Keep-alive: requests/s", "high", None),
    ("p50_keep", "Keep-alive: p50 latency (ms)", "low", None),
    ("p99_keep", "Keep-alive: p99 latency (ms)", "low", None),
    ("rps_close", "New connection per request: requests/s", "high", None),
    ("p50_close", "New connection per request: p50 latency (ms)", "low", None),
    ("p99_close", "New connection per request: p99 latency (ms)", "low", None),
    ("eff_keep", "Keep-alive: requests per proxy CPU-second", "high", None),
    ("eff_close", "New connection: requests per proxy CPU-second", "high", None),
    ("cpu_keep", "Proxy CPU, keep-alive test (% of one core)", None, None),
    ("cpu_close", "Proxy CPU, new-connection test (% of one core)", None, None),
    ("rss_start_mb", "Proxy RSS after start (MB)", None, None),
    ("rss_end_mb", "Proxy RSS after the tests (MB)", None, None),
    ("srvconn_keep", "Server connections opened per request, keep-alive test", None, None),
    ("srvconn_close", "Server connections opened per request, new-connection test", None, None),
    ("leftover", "nginx connections open 1 s after wrk ended (keep-alive / new-conn; idle pooled server conns)", None, None),
    ("sockerr_keep", "wrk socket errors, keep-alive test", None, None),
    ("non2xx_keep", "wrk non-2xx/3xx responses, keep-alive test", None, None),
    ("sockerr_close", "wrk socket errors, new-connection test", None, None),
    ("non2xx_close", "wrk non-2xx/3xx responses, new-connection test", None, None),
    ("logerr", "Error/exception lines in the proxy's log", None, None),
    ("loglines_keep", "Log lines at the sink per request, keep-alive test", None, None),
    ("loglines_close", "Log lines at the sink per request, new-connection test", None, None),
    ("udpdrop_keep", "Datagrams the kernel dropped (UDP receive buffers), keep-alive test", None, None),
    ("udpdrop_close", "Datagrams the kernel dropped (UDP receive buffers), new-connection test", None, None),
    ("droppedlogs", "DroppedLogs (show info) at the end", None, None),
]
KINDS = {
    "tcp": (ROWS, "tcp-bench: Bascule vs HAProxy (TCP mode, loopback)"),
    "http": (HTTP_ROWS, "http-bench: Bascule vs HAProxy (HTTP mode, loopback)"),
}
TARGETS = [("direct", "no proxy"), ("haproxy", "HAProxy"), ("bascule", "Bascule")]


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def fmt(v):
    f = num(v)
    if f is None:
        return v if v else "—"
    if f == int(f):
        return f"{int(f)}"
    if abs(f) >= 100:
        return f"{f:.0f}"
    if abs(f) >= 10:
        return f"{f:.1f}"
    return f"{f:.2f}"


def main() -> int:
    res_path, meta_path, out_md = sys.argv[1:4]
    rows_spec, title = KINDS[sys.argv[4] if len(sys.argv) > 4 else "tcp"]
    res = {}
    raw = {}
    with open(res_path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3:
                res.setdefault((parts[0], parts[1]), []).append(parts[2])
    raw = {k: list(v) for k, v in res.items()}
    # several rounds: the median of the numeric values, else the last value
    for k, vs in list(res.items()):
        nums = sorted(x for x in (num(v) for v in vs) if x is not None)
        if nums and len(nums) == len(vs):
            m = len(nums) // 2
            res[k] = str(nums[m] if len(nums) % 2 else (nums[m - 1] + nums[m]) / 2)
        else:
            res[k] = vs[-1]
    # derived: work per CPU-second of the proxy (less sensitive to a busy machine than raw rates)
    for t, _ in TARGETS:
        for rate, cpu, key in (("rps_keep", "cpu_keep", "eff_keep"), ("rps_close", "cpu_close", "eff_close")):
            r, c = num(res.get((t, rate))), num(res.get((t, cpu)))
            if r is not None and c:
                res[(t, key)] = f"{r / (c / 100):.0f}"
    meta = []
    with open(meta_path) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("\t")
            meta.append((k, v))

    header = ["metric"] + [t[1] for t in TARGETS] + ["Bascule/HAProxy", "target"]
    rows = []
    for key, label, better, target in rows_spec:
        vals = [res.get((t[0], key), "") for t in TARGETS]
        if not any(vals):
            continue
        h, b = num(res.get(("haproxy", key))), num(res.get(("bascule", key)))
        ratio = f"{b / h:.2f}×" if h and b is not None else "—"
        tgt = ""
        if target and h and b is not None:
            op, lim = target
            ok = (b / h >= lim) if op == "ge" else (b / h <= lim)
            tgt = f"{'≥' if op == 'ge' else '≤'} {lim}× — {'PASS' if ok else 'FAIL'}"
        elif target:
            tgt = f"{'≥' if target[0] == 'ge' else '≤'} {target[1]}× — n/a"
        if better == "low" and ratio != "—":
            ratio += " (lower is better)"
        rows.append([label] + [fmt(v) for v in vals] + [ratio, tgt])

    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    line = lambda r: " | ".join(c.ljust(w) for c, w in zip(r, widths))
    print(line(header))
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        print(line(r))

    with open(out_md, "w") as f:
        f.write(f"# {title}\n\n")
        for k, v in meta:
            f.write(f"- **{k}**: {v}\n")
        f.write("\n| " + " | ".join(header) + " |\n")
        f.write("|" + "|".join(["---"] + ["---:"] * (len(header) - 2) + ["---"]) + "|\n")
        for r in rows:
            f.write("| " + " | ".join(r) + " |\n")
        rounds = max((len(v) for v in raw.values()), default=1)
        if rounds > 1:
            f.write(f"\nEach round's values (the table above shows the median of the {rounds} rounds):\n\n")
            f.write("| metric | " + " | ".join(t[1] for t in TARGETS) + " |\n|---|" + "---|" * len(TARGETS) + "\n")
            for key, label, _, _ in rows_spec:
                if key.startswith(("rps_", "p50_", "p99_", "iperf_", "idle_kb", "cpu_")):
                    cells = [" / ".join(fmt(v) for v in raw.get((t[0], key), [])) or "—" for t in TARGETS]
                    f.write(f"| {label} | " + " | ".join(cells) + " |\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
