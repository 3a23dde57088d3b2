"""Calls a running `attache serve` through the Python client generated from
openapi.yaml (openapi-python-client), with `published` and `options`: the
fields a generated client used to lose. Exits non-zero on any mismatch.

Usage: python python_client.py PORT
"""
import datetime
import sys

from attache_client import Client
from attache_client.api.analysis import analyze
from attache_client.api.operations import version
from attache_client.models import HtmlArticle, TextArticle
from attache_client.models.offset_unit import OffsetUnit
from attache_client.models.options_type_0 import OptionsType0
from attache_client.models.part import Part

port = int(sys.argv[1])
client = Client(base_url=f"http://127.0.0.1:{port}", raise_on_unexpected_status=True)
text = "The United States and Pakistan held talks in Washington on Monday, officials said."

res = analyze.sync_detailed(
    client=client,
    body=TextArticle(
        text=text,
        published=datetime.date(2025, 10, 27),
        options=OptionsType0(include=[Part.ENTITIES, Part.RELATIONS], offset_unit=OffsetUnit.UTF16),
    ),
)
assert res.status_code == 200, res.content
raw = res.parsed.to_dict() if res.parsed is not None else None
assert raw is not None, res.content
assert raw["document"]["reference_date"] == "2025-10-27", raw["document"]
assert "quotes" not in raw, "include left quotes out"
assert raw["entities"], "entities asked for"
assert any({r["source"]["actor"], r["target"]["actor"]} == {"US", "PK"} for r in raw["relations"]), raw["relations"]
for e in raw["entities"]:
    for m in e["mentions"]:
        assert text.encode("utf-16-le")[2 * m["start"]:2 * m["end"]].decode("utf-16-le") == m["text"], m

res = analyze.sync_detailed(
    client=client,
    body=HtmlArticle(html="<article><p>India and Pakistan held talks in Doha.</p></article>",
                     url="https://example.org/talks"),
)
assert res.status_code == 200, res.content
assert res.parsed.to_dict()["source_text"], "HTML answers carry source_text"

v = version.sync(client=client)
assert v is not None and v.schema_version == "1", v
print("python client: 3 passed, 0 failed")
