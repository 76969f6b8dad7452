"""The HTTP API, through a real server on loopback (the `served` fixture)."""

import json

import httpx
import pytest

from pmclassify import Classifier
from pmclassify.serve.http import MAX_BATCH, labels_payload

from .conftest import ENGINEER, GROWTH


@pytest.fixture(scope="module")
def client(served):
    with httpx.Client(base_url=served, timeout=30) as c:
        yield c


def test_classify_answers_what_classify_json_prints(client):
    r = client.post("/v1/classify", json={"text": GROWTH, "title": "Senior Growth PM"})
    assert r.status_code == 200
    clf = Classifier.load()
    want = {**clf.predict(GROWTH, title="Senior Growth PM").to_dict(),
            "model_version": clf.version}
    assert r.json() == json.loads(json.dumps(want))
    got = r.json()
    assert got["specialization"] == "growth" and got["seniority"] == "senior"
    ev = got["evidence"]["specialization"][0]
    assert "Senior Growth PM"[ev["start"]:ev["end"]] == "Growth"


def test_a_batch_answers_each_posting_in_order(client):
    postings = [{"text": GROWTH, "title": "Growth PM"}, {"text": ENGINEER, "title": None},
                {"text": "", "title": "Product Marketing Manager"}]
    r = client.post("/v1/classify/batch", json={"postings": postings})
    assert r.status_code == 200
    preds = r.json()["predictions"]
    assert [p["is_pm"] for p in preds] == [True, False, True]
    assert preds[2]["specialization"] == "pmm"
    assert client.post("/v1/classify/batch", json={"postings": []}).json()["predictions"] == []


@pytest.mark.parametrize(("body", "status", "says"), [
    (b"{not json", 400, "not JSON"),
    (b"\xff\xfe", 400, "not JSON"),
    (json.dumps({"text": 3}).encode(), 422, "posting.text must be a string"),
    (json.dumps({"text": "x", "title": ["a"]}).encode(), 422, "title must be a string or null"),
    (json.dumps({"text": " ", "title": None}).encode(), 422, "neither text nor title"),
    (json.dumps({"text": "x", "company": "acme"}).encode(), 422, "unknown fields ['company']"),
    (json.dumps(["x"]).encode(), 422, "must be an object"),
    (json.dumps({"text": "x" * 1_000_001}).encode(), 413, "over the 1,000,000 limit"),
    (b" " * 2_000_001, 413, "over the 2,000,000 limit"),
])
def test_bad_requests_get_a_clear_4xx(client, body, status, says):
    r = client.post("/v1/classify", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert err["status"] == status and says in err["message"]


def test_a_batch_is_bounded_and_checked_item_by_item(client):
    r = client.post("/v1/classify/batch",
                    json={"postings": [{"text": "Roadmap.", "title": "PM"}] * (MAX_BATCH + 1)})
    assert r.status_code == 413 and "send them in several" in r.json()["error"]["message"]
    r = client.post("/v1/classify/batch", json={"postings": [{"text": "x", "title": "PM"}, 5]})
    assert r.status_code == 422 and "postings[1]" in r.json()["error"]["message"]
    r = client.post("/v1/classify/batch", json={"items": []})
    assert r.status_code == 422


def test_health_labels_and_schema(client):
    h = client.get("/healthz").json()
    assert h["status"] == "ok" and h["model_version"] == Classifier.load().version
    assert client.get("/v1/labels").json() == labels_payload()
    schema = client.get("/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert {"/v1/classify", "/v1/classify/batch", "/healthz"} <= set(schema["paths"])
    assert client.get("/v1/classify").status_code == 405
    assert client.get("/nowhere").status_code == 404


def test_the_page_and_its_assets_come_from_the_package(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    assert "http://" not in page.text and "https://" not in page.text  # no CDN
    for asset in ("/static/app.js", "/static/style.css"):
        r = client.get(asset)
        assert r.status_code == 200 and "http" not in r.text
