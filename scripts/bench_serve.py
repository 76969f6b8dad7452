"""Load-test `pmclassify serve` on loopback: N requests from C concurrent clients.

    python scripts/bench_serve.py [--requests 2000] [--clients 8] [--runs 3]

Each run starts a fresh server (`python -m pmclassify serve`), warms it with 50 requests, then
sends the requests (the project's own write-ups and example posting, with and without titles)
from the clients, each on its own keep-alive connection. It records every latency, the errors
(any non-200), and the server's resident memory after the warm-up and every 250 requests. The
reference, measured in the same run, is the same postings classified in one process with
`Classifier.predict`: the server's throughput is given as a ratio to it. Prints the medians
over the runs.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]


def postings() -> list[dict[str, str | None]]:
    out: list[dict[str, str | None]] = []
    for line in (ROOT / "corpus" / "texts" / "writeups.jsonl").read_text().splitlines():
        w = json.loads(line)
        out += [{"text": w["text"], "title": w.get("title")}, {"text": w["text"], "title": None}]
    example = (ROOT / "corpus" / "examples" / "posting.txt").read_text()
    return out + [{"text": example, "title": "Senior Growth PM"}, {"text": example, "title": None}]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def one_run(n: int, clients: int, items: list[dict[str, str | None]]) -> dict[str, float]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "pmclassify", "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                sys.exit("the server did not start")
            time.sleep(0.1)
        proc = psutil.Process(server.pid)
        with httpx.Client(base_url=base, timeout=60) as c:
            for i in range(50):
                c.post("/v1/classify", json=items[i % len(items)])
        rss = [proc.memory_info().rss]
        latencies: list[float] = []
        errors = 0
        lock = threading.Lock()
        counter = iter(range(n))

        def client() -> None:
            nonlocal errors
            with httpx.Client(base_url=base, timeout=60) as c:
                for i in counter:
                    t = time.perf_counter()
                    r = c.post("/v1/classify", json=items[i % len(items)])
                    dt = time.perf_counter() - t
                    with lock:
                        latencies.append(dt)
                        errors += r.status_code != 200
                        if len(latencies) % 250 == 0:
                            rss.append(proc.memory_info().rss)

        t0 = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(10)
    lat = sorted(latencies)
    return {"rps": n / wall, "p50": lat[len(lat) // 2] * 1000,
            "p99": lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000, "errors": errors,
            "rss_start": rss[0] / 2**20, "rss_growth": (max(rss) - rss[0]) / 2**20,
            "rss_end": rss[-1] / 2**20}


def reference(n: int, items: list[dict[str, str | None]]) -> float:
    """Postings per second classified one at a time in this process."""
    from pmclassify import Classifier

    clf = Classifier.load()
    for i in range(50):
        clf.predict(str(items[i % len(items)]["text"]), title=items[i % len(items)]["title"])
    t0 = time.perf_counter()
    for i in range(n):
        clf.predict(str(items[i % len(items)]["text"]), title=items[i % len(items)]["title"])
    return n / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    items = postings()
    runs, refs = [], []
    for _ in range(args.runs):
        refs.append(reference(min(args.requests, 500), items))
        runs.append(one_run(args.requests, args.clients, items))
        print(json.dumps({k: round(v, 1) for k, v in runs[-1].items()}), file=sys.stderr)
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    ref = statistics.median(refs)
    print(f"{args.runs} runs of {args.requests} requests from {args.clients} clients, medians: "
          f"{med['rps']:.0f} requests/s ({med['rps'] / ref:.2f}x in-process predict, "
          f"{ref:.0f}/s); p50 {med['p50']:.0f} ms, p99 {med['p99']:.0f} ms; errors "
          f"{sum(r['errors'] for r in runs):.0f}; server memory {med['rss_start']:.0f} MB after "
          f"warm-up, {med['rss_growth']:.1f} MB most growth during the run")


if __name__ == "__main__":
    main()
