"""`Response.url`: the URL that answered, as a relative link in the body is read against,
without the query (which may carry an API key, and a response may be pickled or logged),
the fragment, or the user info of the base URL."""

from __future__ import annotations

import importlib
from decimal import Decimal
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.inline_client import inline_package

THING = {"id": 1, "price": 2, "data": None}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return inline_package(tmp_path_factory.mktemp("answered"), "answered_client")


def client_at(pkg: ModuleType, base_url: str, sent: list[httpx.Request]) -> Any:
    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=THING)

    http = httpx.Client(transport=httpx.MockTransport(answer))
    return pkg.Client(base_url=base_url, http_client=http)


@pytest.mark.parametrize(
    ("base_url", "extra_query", "expected"),
    [
        ("http://api.test", {}, "http://api.test/things/7/"),
        ("http://api.test", {"api_key": "s3cr3t", "page": "2"},
         "http://api.test/things/7/"),
        ("http://user:s3cr3t@api.test:8080/v1", {"api_key": "s3cr3t"},
         "http://api.test:8080/v1/things/7/"),
        ("http://[::1]:8000", {"q": "a?b#c"}, "http://[::1]:8000/things/7/"),
        ("http://api.test/a%3Fb%23c", {"q": "1"}, "http://api.test/a%3Fb%23c/things/7/"),
    ],
)
def test_the_answered_url_keeps_no_query_fragment_or_user_info(
    pkg: ModuleType, base_url: str, extra_query: dict[str, str], expected: str
) -> None:
    sent: list[httpx.Request] = []
    client = client_at(pkg, base_url, sent)
    whole = client.default.with_response.things_retrieve(7, extra_query=extra_query)
    # The request did carry the query: the response's URL drops it.
    assert dict(sent[0].url.params) == extra_query
    assert whole.url == expected
    assert "s3cr3t" not in whole.url and "s3cr3t" not in repr(whole)
    # The same URL as httpx itself gives with the query and user info taken off.
    assert whole.url == str(
        sent[0].url.copy_with(query=None, fragment=None, username=None, password=None)
    )


def test_json_in_any_unicode_encoding_is_read_as_json_loads_reads_it(
    pkg: ModuleType,
) -> None:
    rt = importlib.import_module(f"{pkg.__name__}._runtime")
    text = '{"name": "café", "amount": 1.10, "n": 3}'
    expected = {"name": "café", "amount": Decimal("1.10"), "n": 3}
    for encoded in (text.encode("utf-8"), text.encode("utf-8-sig"),
                    text.encode("utf-16"), text.encode("utf-32-le"), text):
        assert rt.loads(encoded) == expected
