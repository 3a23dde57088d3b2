#!/usr/bin/env python3
"""Benchmark of the archive (not a test): ingest rate and query latency.

Synthesises N articles (default 100,000) by repeating the articles of a
directory (default the dev set) with shifted publication dates (one day
later per round) and a line naming the copy (so each has its own content
hash), ingests them with `attache ingest` into a fresh archive, then
serves it and times a mix of queries, printing p50 and p99 per query.

    python3 scripts/bench_archive.py --bin target/eval/attache
    python3 scripts/bench_archive.py --db postgres://user@127.0.0.1:5432/bench
    python3 scripts/bench_archive.py --reuse kept.db     # queries only

Needs only the standard library. The archive is made in a scratch
directory (SQLite) or in the database given, which should be empty.
"""

import argparse
import datetime as dt
import json
import os
import pathlib
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

QUERIES = [
    ("relations pair", "/v1/relations?actor=US&counterpart=PK"),
    ("relations actor", "/v1/relations?actor=US"),
    ("relations filtered", "/v1/relations?actor=US&type=CONSULT,AGREE&status=occurred&from=2025-01-01&to=2026-12-31"),
    ("relations q", "/v1/relations?q=talks&limit=20"),
    ("relations page 5", None),  # follows cursors: the fifth page of actor=US
    ("events pair", "/v1/events?actor=US&counterpart=RU"),
    ("timeline month", "/v1/timeline?pair=US-RU&interval=month"),
    ("timeline week", "/v1/timeline?pair=US-PK&interval=week"),
    ("actor", "/v1/actors/US"),
    ("article", "/v1/articles/bench-42"),
]


def synthesise(src: pathlib.Path, n: int, out: pathlib.Path) -> None:
    texts = [p.read_text() for p in sorted(src.glob("*.txt"))]
    if not texts:
        sys.exit(f"no .txt articles in {src}")
    base = dt.date(2020, 1, 1)
    with out.open("w") as f:
        for i in range(n):
            k, rnd = i % len(texts), i // len(texts)
            published = base + dt.timedelta(days=rnd)
            body = texts[k].rstrip() + f"\n\n(Archive benchmark copy {i}.)\n"
            line = {"id": f"bench-{i}", "text": body, "published": published.isoformat(),
                    "outlet": f"outlet-{i % 7}"}
            f.write(json.dumps(line) + "\n")


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=60) as r:
        return json.loads(r.read())


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="target/eval/attache")
    ap.add_argument("--articles", default="/work/shared/eval/dev/articles")
    ap.add_argument("-n", type=int, default=100_000)
    ap.add_argument("--db", help="postgres:// URL (default: a SQLite file in a scratch directory)")
    ap.add_argument("--repeat", type=int, default=200, help="runs of each query")
    ap.add_argument("--reuse", help="time the queries of this archive (a SQLite file) kept from an earlier run; no ingest")
    args = ap.parse_args()

    work = pathlib.Path(tempfile.mkdtemp(prefix="attache-bench-"))
    db = args.reuse or args.db or str(work / "archive.db")
    if not args.reuse:
        lines = work / "articles.ndjson"
        synthesise(pathlib.Path(args.articles), args.n, lines)
        print(f"{args.n} articles synthesised ({lines.stat().st_size / 1e6:.0f} MB)", flush=True)
        t0 = time.monotonic()
        r = subprocess.run([args.bin, "ingest", str(lines), "--db", db], capture_output=True, text=True)
        ingest_s = time.monotonic() - t0
        print(r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "(no summary)")
        if r.returncode != 0:
            sys.exit(f"ingest failed: {r.stderr[-2000:]}")
        print(f"ingest: {args.n / ingest_s:.0f} articles/s ({ingest_s:.0f} s, analysis included, {os.cpu_count()} cores)")
        if not args.db:
            print(f"archive file: {pathlib.Path(db).stat().st_size / 1e9:.2f} GB", flush=True)

    port = free_port()
    server = subprocess.Popen([args.bin, "serve", "--addr", f"127.0.0.1:{port}", "--db", db],
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if get(base + "/readyz")["status"] == "ready":
                    break
            except Exception:
                time.sleep(0.1)
        # The fifth page of actor=US, by cursor.
        cursor = None
        for _ in range(4):
            page = get(base + "/v1/relations?actor=US" + (f"&cursor={cursor}" if cursor else ""))
            cursor = page["next_cursor"]
        print(f"\n{'query':<20} {'p50 ms':>8} {'p99 ms':>8}  answer")
        for name, path in QUERIES:
            if path is None:
                path = f"/v1/relations?actor=US&cursor={cursor}"
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                body = get(base + path)
                times.append((time.perf_counter() - t) * 1000)
            items = next((body[k] for k in ("facts", "events", "buckets", "counterparts")
                          if isinstance(body.get(k), list)), [body])
            print(f"{name:<20} {pct(times, 50):>8.2f} {pct(times, 99):>8.2f}  {len(items)} items")
    finally:
        server.terminate()
        server.wait()
    if not args.db and not args.reuse:
        for p in work.iterdir():
            p.unlink()
        work.rmdir()


if __name__ == "__main__":
    main()
