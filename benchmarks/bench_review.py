"""Benchmark ``vnqual review``: server time per action, page load, memory on 10,000 coded excerpts.

Builds a ``vnqual tag`` folder of >= 10,000 coded excerpts in a temporary folder by replicating
the sample corpus (``corpora/toa-dam-boi-duong``, tagged once with the real tagger) under new
document ids -- synthetic, no network, nothing written into the repository. Then runs the real
command ``vnqual review DIR --no-browser`` (a subprocess on a free loopback port) and measures
over HTTP, as a browser would (cookie, CSRF token from the page):

- action: POST of a decision (accept / reject / change / memo, then undo) until the 303 answer,
  which includes the SQLite transaction and the rewrite of reviewed.csv;
- page: GET of an excerpt page (HTML) and, when Chromium is installed, the browser's load time
  (navigation start to load event, CSS and JS included);
- the same again after 5,000 more decisions are in the store (reviewed.csv grows);
- startup (``vnqual review`` until it prints the link) and the server process's memory.

Usage::

    .venv/bin/python benchmarks/bench_review.py               # 10,000 excerpts
    .venv/bin/python benchmarks/bench_review.py --excerpts 20000 --no-browser
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpora" / "toa-dam-boi-duong"
CODEBOOK = REPO / "models" / "codebook_boi_duong.yaml"
#: Targets from issue 17.
MAX_ACTION_MS = 50.0
MAX_PAGE_MS = 300.0


def make_folder(out: Path, n_excerpts: int) -> tuple[int, int]:
    """A tag folder with at least ``n_excerpts`` rows: the tagged sample corpus, replicated."""
    from vnqual import read_corpus
    from vnqual.codebook import Codebook
    from vnqual.corpus import Corpus
    from vnqual.jobs.tag import tag_corpus, write_tag_dir

    corpus = read_corpus(SAMPLE)
    codebook = Codebook.load(CODEBOOK)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = tag_corpus(corpus, codebook, random_state=0)
    copies = -(-n_excerpts // len(result.codes))
    rng = np.random.default_rng(0)
    frames, codes, hits, sources = [], [], [], {}
    for k in range(copies):
        tag = f"_b{k:03d}"

        def rename(frame: pd.DataFrame, tag: str = tag) -> pd.DataFrame:
            frame = frame.copy()
            for col in ("doc_id", "statement_id"):
                if col in frame.columns:
                    frame[col] = [
                        re.sub(r"^(.*?)(-\d+)?$", lambda m: m.group(1) + tag + (m.group(2) or ""), v)
                        if col == "statement_id"
                        else v + tag
                        for v in frame[col]
                    ]
            return frame

        frames.append(rename(corpus.frame))
        c = rename(result.codes)
        model = c["method"] == "model"  # vary the model scores so the queue order is not trivial
        c.loc[model, "score"] = np.round(rng.uniform(0.5, 1.0, int(model.sum())), 4)
        codes.append(c)
        hits.append(rename(result.hits))
        sources.update({d + tag: t for d, t in corpus.sources.items()})
    big = Corpus(pd.concat(frames, ignore_index=True), sources)
    all_codes = pd.concat(codes, ignore_index=True)
    write_tag_dir(out, corpus=big, codebook=codebook, codes=all_codes, hits=pd.concat(hits), run={})
    return len(big), len(all_codes)


def ms(values: list[float]) -> str:
    arr = np.array(values) * 1000
    med, p95 = np.median(arr), np.percentile(arr, 95)
    return f"median {med:.1f} ms, p95 {p95:.1f} ms, max {arr.max():.1f} ms (n={len(arr)})"


class Client:
    """A cookie-keeping HTTP client that does not follow redirects (times the POST alone)."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:  # type: ignore[override]
            return None

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect()
        )

    def get(self, path: str) -> tuple[int, str, str]:
        try:
            with self.opener.open(self.base + path, timeout=30) as r:
                return r.status, r.read().decode(), r.headers.get("Location", "")
        except urllib.error.HTTPError as err:  # 303 lands here with _NoRedirect
            return err.code, err.read().decode(), err.headers.get("Location", "")

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as r:
                return r.status, r.headers.get("Location", "")
        except urllib.error.HTTPError as err:
            return err.code, err.headers.get("Location", "")


def fields(html: str) -> dict[str, str]:
    return {
        "row": re.search(r'data-row="(\d+)"', html).group(1),  # type: ignore[union-attr]
        "version": re.search(r'name="version" value="(\d+)"', html).group(1),  # type: ignore[union-attr]
        "action_id": re.search(r'name="action_id" value="(\w+)"', html).group(1),  # type: ignore[union-attr]
    }


def run_actions(client: Client, csrf: str, start: str, n: int, codes: list[str]) -> dict[str, list[float]]:
    """``n`` decisions through the pages, as a reviewer would: load, decide, follow the redirect."""
    times: dict[str, list[float]] = {
        "page": [],
        "accept": [],
        "reject": [],
        "change": [],
        "memo": [],
        "undo": [],
    }
    url = start
    kinds = ["accept", "accept", "reject", "change", "memo"]
    for i in range(n):
        t0 = time.perf_counter()
        status, html, _ = client.get(url)
        times["page"].append(time.perf_counter() - t0)
        assert status == 200, (status, url)
        f = fields(html)
        kind = kinds[i % len(kinds)]
        data = {"csrf": csrf, "version": f["version"], "action_id": f["action_id"]}
        if kind == "change":
            data["change"] = codes[i % 3]
        elif kind == "memo":
            data.update(action="memo", memo=f"Ghi chú {i}: hỏi lại")
        else:
            data["action"] = kind
        t0 = time.perf_counter()
        status, location = client.post(f"/x/{f['row']}/decide", data)
        times[kind].append(time.perf_counter() - t0)
        if status == 400 and kind == "change":  # the code suggested is the one to change to
            continue
        assert status == 303, (status, kind)
        if kind == "memo":
            t0 = time.perf_counter()
            status, location = client.post("/undo", {"csrf": csrf})
            times["undo"].append(time.perf_counter() - t0)
            assert status == 303
            client.post(
                f"/x/{f['row']}/decide",
                {
                    "csrf": csrf,
                    "version": f["version"],
                    "action_id": f["action_id"] + "b",
                    "action": "accept",
                },
            )
            location = f"/x/{f['row']}"
            _, html, location = client.get("/")
        url = urllib.parse.urlsplit(location).path or "/"
    return times


def browser_loads(url: str, n: int) -> list[float] | None:
    """Load time of an excerpt page in headless Chromium (navigation start to load end)."""
    chromium = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else shutil.which("chromium")
    if chromium is None:
        return None
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        page = browser.new_page()
        page.goto(url, wait_until="load")
        rows = [int(page.locator("#excerpt").get_attribute("data-row") or 0)]
        for i in range(n):
            page.goto(url.split("?")[0].rstrip("/") + f"/x/{(rows[0] + 37 * i) % 10_000}", wait_until="load")
            nav = page.evaluate(
                "() => { const e = performance.getEntriesByType('navigation')[0];"
                " return e.loadEventEnd - e.startTime; }"
            )
            out.append(nav / 1000)
        browser.close()
    return out


def proc_memory(pid: int) -> str:
    """Resident memory (now and peak) of process ``pid``."""
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        info = {
            line.split(":")[0]: int(line.split()[1]) for line in fh if line.startswith(("VmRSS", "VmHWM"))
        }
    return f"RSS {info['VmRSS'] / 1024:.0f} MB (peak {info['VmHWM'] / 1024:.0f} MB)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--excerpts", type=int, default=10_000)
    parser.add_argument("--actions", type=int, default=200)
    parser.add_argument("--no-browser", action="store_true")
    opts = parser.parse_args()
    from vnqual.review import DecisionStore, Queue, ReviewFolder

    with tempfile.TemporaryDirectory(prefix="vnqual-bench-review-") as tmp:
        folder = Path(tmp) / "ma_hoa"
        t0 = time.perf_counter()
        n_st, n_ex = make_folder(folder, opts.excerpts)
        print(
            f"tag folder: {n_st:,} statements, {n_ex:,} coded excerpts "
            f"({time.perf_counter() - t0:.1f} s to build)"
        )
        # the real command, as a user starts it
        cmd = [sys.executable, "-m", "vnqual", "review", str(folder), "--no-browser", "--reviewer", "Lan"]
        print("$ vnqual review " + str(folder) + " --no-browser --reviewer Lan")
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        try:
            assert proc.stdout is not None
            url = proc.stdout.readline().strip()
            startup = time.perf_counter() - t0
            print(
                f"startup to printed link (imports, read folder, open store): {startup:.2f} s; "
                f"server {proc_memory(proc.pid)}"
            )
            base, token = url.split("/?token=")
            client = Client(base)
            status, _, first = client.get("/?token=" + token)
            assert status == 303
            _, html, _ = client.get(urllib.parse.urlsplit(first).path)
            csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
            codes = ReviewFolder(folder).code_names
            times = run_actions(client, csrf, urllib.parse.urlsplit(first).path, opts.actions, codes)
            print("-- store nearly empty")
            for kind, values in times.items():
                if values:
                    print(f"{kind:>7}: {ms(values)}")
            # 5,000 more decisions by a second reviewer writing at the same time, then the same again
            store = DecisionStore(folder)
            keys = Queue(ReviewFolder(folder), store).keys
            for i in range(5000):
                store.decide(*keys[(i * 7919) % len(keys)], "accepted", reviewer="Minh", action_id=f"m{i}")
            n_decisions = len(store.decisions())
            store.close()
            _, _, again = client.get("/")
            times2 = run_actions(client, csrf, urllib.parse.urlsplit(again).path, opts.actions, codes)
            time.sleep(2)  # let the background writer finish
            print(
                f"-- with {n_decisions:,} decisions in the store "
                f"(reviewed.csv {(folder / 'reviewed.csv').stat().st_size / 1024:.0f} KiB)"
            )
            for kind, values in times2.items():
                if values:
                    print(f"{kind:>7}: {ms(values)}")
            loads = None if opts.no_browser else browser_loads(url, 30)
            if loads:
                print(f"browser page load (Chromium, load event): {ms(loads)}")
            print(f"server after the run: {proc_memory(proc.pid)}")
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        actions = [v for k, vs in times2.items() if k != "page" for v in vs]
        med = statistics.median(actions) * 1000
        page = statistics.median(loads if loads else times2["page"]) * 1000
        print(
            f"targets: median action {med:.1f} ms (< {MAX_ACTION_MS:.0f}: "
            f"{'met' if med < MAX_ACTION_MS else 'NOT met'}); page load {page:.1f} ms "
            f"(< {MAX_PAGE_MS:.0f}: {'met' if page < MAX_PAGE_MS else 'NOT met'})"
        )


if __name__ == "__main__":
    main()
