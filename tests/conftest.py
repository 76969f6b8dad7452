"""Shared fixtures: tiny postings written by the project (never text from ../shared)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]  # the clone: README.md, corpus/examples/
SHARED = ROOT.parent / "shared"
POSTINGS = SHARED / "data" / "postings.csv"
GOLD = SHARED / "data" / "dev_gold.csv"

GROWTH = ("What you'll do\nOwn the onboarding funnel and run A/B tests to lift activation and "
          "retention.\nPartner with data and finance on pricing experiments and monetization.\n"
          "Define the KPIs and the experimentation roadmap.\nRequirements\n5+ years of product "
          "management experience.\nBenefits\nHealth insurance and a 401k plan.")
PMM = ("Responsibilities\nCraft positioning and messaging for every product launch.\nBuild sales "
       "enablement material and battlecards from competitive intelligence.\nRun the "
       "go-to-market plan with sales and marketing.\nWrite value propositions for each buyer "
       "persona.")
PLATFORM = ("The role\nOwn the internal developer platform that other teams build on.\nDefine APIs "
            "and SDKs for internal customers and decide build vs buy.\nImprove scalability and "
            "reliability of shared services.\nWork with infrastructure engineers.")
ENGINEER = ("Responsibilities\nWrite code in Go and review pull requests.\nDebug production "
            "incidents and write unit tests.\nDesign database schemas with the team.")

ROWS = [
    ("1", "Senior Growth Product Manager", "acme", GROWTH),
    ("2", "Product Marketing Manager", "bolt", PMM),
    ("3", "Platform Product Manager", "cord", PLATFORM),
    ("4", "Software Engineer", "dune", ENGINEER),
    ("5", "Product Manager", "echo", GROWTH),
    ("6", "Backend Engineer", "fern", ENGINEER),
]


@pytest.fixture
def tiny_csv(tmp_path: Path) -> Path:
    path = tmp_path / "postings.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "title", "company", "description", "is_pm_title"])
        for i, title, company, text in ROWS * 4:
            w.writerow([i, title, company, text, str("Product" in title)])
    return path


@pytest.fixture(scope="session")
def env():
    """A preprocessor and the shipped lexicons, compiled once for the whole run."""
    from pmclassify.cues.lexicons import load_lexicons
    from pmclassify.text.posting import Preprocessor

    pre = Preprocessor()
    return pre, load_lexicons(pre=pre)


@pytest.fixture(scope="session")
def served():
    """The HTTP app on a loopback port of its own, run by uvicorn in a thread: its base URL."""
    import socket
    import threading
    import time

    import uvicorn

    from pmclassify import Classifier
    from pmclassify.serve.http import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(Classifier.load()), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium driven by Playwright (browser downloads are unreachable).
    Without chromium the test is skipped, unless PMCLASSIFY_REQUIRE_BROWSER is set, as .ci/run
    sets it."""
    import os
    import shutil

    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("PMCLASSIFY_REQUIRE_BROWSER"):
            pytest.fail("chromium is not installed: apt-get install -y chromium")
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=found, args=flags)
        yield b
        b.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where a browser test saves its screenshots: PMCLASSIFY_SCREENSHOTS when set (to look at
    them), else tmp_path."""
    import os

    out = Path(os.environ.get("PMCLASSIFY_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    return out
