"""Errors a program can catch precisely, that pickle, and that hold no secret.

An error status raises the `ApiError` subclass of its status (400 BadRequestError, 401
AuthenticationError, 403 PermissionDeniedError, 404 NotFoundError, 409 ConflictError,
422 UnprocessableEntityError, 429 RateLimitError, any 5xx InternalServerError; any
other status ApiError itself), each with the status, headers (secrets redacted), raw
body, the documented error model, `request_id` and `retries`. No usable answer is an
`ApiTimeoutError` (also a `TimeoutError`) or an `ApiConnectionError`, both
`TransportError`. Through the generated drf_idioms client against the fault server
(tests/fault_server.py), with a real token.
"""

from __future__ import annotations

import asyncio
import importlib
import pickle
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from tests.fault_server import (
    RESET,
    FaultServer,
    answer,
    free_port,
    idioms_package,
    make_client,
    slow,
)

TOKEN = "errors-secret-token-9876"
CLASSES = {400: "BadRequestError", 401: "AuthenticationError", 403: "PermissionDeniedError",
           404: "NotFoundError", 409: "ConflictError", 422: "UnprocessableEntityError",
           429: "RateLimitError", 500: "InternalServerError", 501: "InternalServerError",
           503: "InternalServerError", 599: "InternalServerError", 402: "ApiError",
           405: "ApiError", 418: "ApiError", 302: "ApiError"}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return idioms_package(tmp_path_factory.mktemp("errors"), "errors_client")


@pytest.fixture(scope="module")
def rt(pkg: ModuleType) -> Any:
    return importlib.import_module(f"{pkg.__name__}._runtime")


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    faults = FaultServer().start()
    try:
        yield faults
    finally:
        faults.stop()


@pytest.fixture(autouse=True)
def fast(rt: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rt.retries, "WAIT_SCALE", 0.01)


def failure(call: Any) -> Any:
    with pytest.raises(Exception) as caught:
        call()
    return caught.value


@pytest.mark.parametrize("status", sorted(CLASSES))
def test_each_status_raises_its_class(pkg: ModuleType, rt: Any, server: FaultServer,
                                      status: int) -> None:
    url = server.plan(f"status-{status}", answer(status, {"detail": "no"},
                                                 x_request_id=f"req-{status}"))
    with make_client(pkg, "Client", TOKEN, url, max_retries=0) as client:
        error = failure(lambda: client.ledger.memos_destroy("7"))
    assert type(error).__name__ == CLASSES[status] and type(error) is getattr(
        rt, CLASSES[status]) and isinstance(error, pkg.ApiError)
    assert (error.status_code, error.request_id, error.retries) == (
        status, f"req-{status}", 0)
    assert error.content == b'{"detail": "no"}' and error.headers["x-request-id"]
    assert error.__context__ is None and error.__cause__ is None


def test_the_documented_error_model_and_request_id(pkg: ModuleType, server: FaultServer
                                                   ) -> None:
    problem = {"detail": "Invalid memo", "errors": {"amount": ["Too big."]}}
    url = server.plan("documented", answer(400, problem, request_id="r-400"))
    with make_client(pkg, "Client", TOKEN, url) as client:
        error = failure(lambda: client.ledger.memos_create(body=pkg.models.MemoRequest(
            number="M", amount=1, lines=[])))
    assert isinstance(error, pkg._runtime.BadRequestError)
    assert error.parsed == pkg.models.ValidationProblem(
        detail="Invalid memo", errors={"amount": ["Too big."]})
    assert error.request_id == "r-400" and "(request r-400)" in str(error)
    assert "memos_create: HTTP 400" in str(error)


def test_async_errors_are_the_same_classes(pkg: ModuleType, server: FaultServer) -> None:
    url = server.plan("async-404", answer(404, {"detail": "Not found."}))

    async def main() -> Any:
        async with make_client(pkg, "AsyncClient", TOKEN, url) as client:
            return await _raised(client.ledger.memos_partial_update("7"))

    error = asyncio.run(main())
    assert isinstance(error, pkg._runtime.NotFoundError) and error.parsed.detail == \
        "Not found."


async def _raised(awaitable: Any) -> Any:
    try:
        await awaitable
    except Exception as error:  # noqa: BLE001 - the test reads whatever it is
        return error
    raise AssertionError("no error")


def test_transport_errors_are_split(rt: Any) -> None:
    assert issubclass(rt.ApiTimeoutError, rt.TransportError)
    assert issubclass(rt.ApiTimeoutError, TimeoutError)
    assert issubclass(rt.ApiConnectionError, rt.TransportError)
    assert not issubclass(rt.ApiConnectionError, TimeoutError)
    assert issubclass(rt.TransportError, rt.ClientError)


def real_failures(pkg: ModuleType, server: FaultServer) -> list[Any]:
    """One error of each kind, each from a real call carrying the real token."""
    errors = []
    for case, fault in [("pickle-401", answer(401, {"detail": "Invalid token."},
                                              Set_Cookie=f"session={TOKEN}",
                                              x_request_id="r-401")),
                        ("pickle-503", answer(503, b"busy")),
                        ("pickle-reset", RESET), ("pickle-slow", slow(1.0))]:
        url = server.plan(case, fault)
        with make_client(pkg, "Client", TOKEN, url, timeout=0.2) as client:
            errors.append(failure(lambda: client.ledger.memos_list(limit=5)))
    refused = f"http://127.0.0.1:{free_port()}"
    with make_client(pkg, "Client", TOKEN, refused) as client:
        errors.append(failure(lambda: client.ledger.memos_list()))
    return errors


def test_errors_pickle_without_the_token(pkg: ModuleType, rt: Any, server: FaultServer
                                        ) -> None:
    errors = real_failures(pkg, server)
    assert [type(error).__name__ for error in errors] == [
        "AuthenticationError", "InternalServerError", "ApiConnectionError",
        "ApiTimeoutError", "ApiConnectionError"]
    for error in errors:
        dumped = pickle.dumps(error)
        assert TOKEN.encode() not in dumped, type(error)
        assert TOKEN not in str(error) and TOKEN not in repr(error)
        copy = pickle.loads(dumped)
        assert type(copy) is type(error) and str(copy) == str(error)
        assert copy.retries == error.retries and vars(copy) == vars(error)
    first = errors[0]
    assert first.headers["set-cookie"] == "[redacted]" and first.request_id == "r-401"
    assert errors[1].retries == 2 and "after 2 retries" in str(errors[1])
    assert isinstance(errors[3], TimeoutError) and errors[3].operation == "memos_list"


def test_the_api_key_header_is_redacted_from_errors(pkg: ModuleType, rt: Any,
                                                    server: FaultServer) -> None:
    """A server echoing the API's own key header: the error does not keep it."""
    url = server.plan("echo-key", answer(403, b"", X_Api_Key=TOKEN))
    client = rt.SyncClientBase(TOKEN, url, rt.ApiKeyAuth("header", "X-Api-Key"),
                               timeout=1.0, headers=None, http_client=None)
    with client:
        error = failure(lambda: client.send(rt.Call("echo", "GET", "/")))
    assert isinstance(error, rt.PermissionDeniedError)
    assert error.headers["x-api-key"] == "[redacted]"
    assert server.seen("echo-key")[0].headers["x-api-key"] == TOKEN
    assert TOKEN.encode() not in pickle.dumps(error)


# --- DRF's 400 bodies as data: field_errors (tests/inline_client.py) ----------------------

DRF_BODIES = '''
import json, warnings
import django
from django.conf import settings
settings.configure(INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth",
                                   "rest_framework"], USE_I18N=False)
django.setup()
from django.test.utils import override_settings
from rest_framework import serializers
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler

class Line(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    description = serializers.CharField()

class Invoice(serializers.Serializer):
    price = serializers.DecimalField(max_digits=6, decimal_places=2)
    lines = Line(many=True)
    tags = serializers.ListField(child=serializers.IntegerField())
    meta = serializers.DictField(child=serializers.IntegerField())

    def validate(self, data):
        raise ValidationError("Totals do not match.")

def answer(exc):  # what the view sends: DRF's own exception handler, rendered
    return JSONRenderer().render(exception_handler(exc, {}).data).decode()

def invalid(data, **kwargs):
    serializer = Invoice(data=data, **kwargs)
    serializer.is_valid()
    return answer(ValidationError(serializer.errors))

line = {"amount": "1.00", "description": "ok"}
good = {"price": "1.00", "lines": [line], "tags": [1], "meta": {"a": 1}}
bad = {"price": "1.001", "lines": [line, {"amount": "x", "description": ""}],
       "tags": [1, "two"], "meta": {"a": 1, "b c": "x"}}
bodies = {}
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # DRF's own deprecation of the list form
    for form in (True, False):
        with override_settings(REST_FRAMEWORK={"LIST_SERIALIZER_ERRORS_AS_DICT": form}):
            bodies[f"fields {form}"] = invalid(bad)
            bodies[f"many {form}"] = invalid([good, dict(good, price="x")], many=True)
    bodies["whole"] = invalid(good)
    bodies["detail"] = answer(ParseError())
    bodies["view"] = answer(ValidationError("No."))
print(json.dumps(bodies))
'''


@pytest.fixture(scope="module")
def drf_bodies() -> dict[str, bytes]:
    """400 bodies as the installed Django REST framework writes them."""
    import json
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-c", DRF_BODIES], capture_output=True, text=True,
                          check=True)
    return {case: body.encode() for case, body in json.loads(done.stdout).items()}


@pytest.fixture(scope="module")
def inline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModuleType]:
    from tests.inline_client import inline_package
    return {style: inline_package(tmp_path_factory.mktemp(style), f"fields_{style}_client",
                                  form_style=style) for style in ("drf", "openapi")}


def bad_request(package: ModuleType, body: bytes, status: int = 400) -> Any:
    from tests.inline_client import answering
    client = answering(package, status, body, max_retries=0)
    thing = package.models.Thing(id=1, price=1, data=None)
    return failure(lambda: client.default.things_create(body=thing))


def test_drf_400_bodies_give_field_errors_by_json_path(inline: dict[str, ModuleType],
                                                       drf_bodies: dict[str, bytes]) -> None:
    drf = inline["drf"]
    fields = {"price": ["Ensure that there are no more than 2 decimal places."],
              "lines[1].amount": ["A valid number is required."],
              "lines[1].description": ["This field may not be blank."],
              "tags[1]": ["A valid integer is required."],
              'meta["b c"]': ["A valid integer is required."]}
    many = {"[0].non_field_errors": ["Totals do not match."],
            "[1].price": ["A valid number is required."]}
    expected = {"fields True": fields, "fields False": fields, "many True": many,
                "many False": many, "whole": {"non_field_errors": ["Totals do not match."]},
                "detail": {"detail": ["Malformed request."]},
                "view": {"non_field_errors": ["No."]}}
    assert drf_bodies["many False"].startswith(b"[{")  # the list form: {} for valid items
    assert b'"lines":[{},{' in drf_bodies["fields False"]
    for case, body in drf_bodies.items():
        error = bad_request(drf, body)
        assert isinstance(error, drf.BadRequestError) and error.parsed is None
        assert error.field_errors == expected[case], case
    error = bad_request(drf, drf_bodies["fields True"])
    assert str(error) == (
        "things_create: HTTP 400 price: Ensure that there are no more than 2 decimal "
        "places.; lines[1].amount: A valid number is required.; lines[1].description: This "
        "field may not be blank.; and 2 more")
    copy = pickle.loads(pickle.dumps(error))
    assert copy.field_errors == fields and str(copy) == str(error)


def test_field_errors_only_for_a_drf_400(inline: dict[str, ModuleType],
                                        drf_bodies: dict[str, bytes]) -> None:
    from tests.inline_client import answering
    assert bad_request(inline["openapi"], drf_bodies["fields True"]).field_errors == {}
    forbidden = bad_request(inline["drf"], b'{"detail": "No."}', status=403)
    assert forbidden.field_errors == {} and str(forbidden).endswith('{"detail": "No."}')
    for body in (b"<html>Bad Request</html>", b"", b'"text"', b"\xff"):
        assert bad_request(inline["drf"], body).field_errors == {}
    # A documented error model is still parsed; field_errors comes beside it.
    client = answering(inline["drf"], 400, b'{"detail": "Bad id."}', max_retries=0)
    error = failure(lambda: client.default.things_retrieve(1))
    assert error.parsed.detail == "Bad id." and error.field_errors == {"detail": ["Bad id."]}
