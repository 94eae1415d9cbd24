"""The spec validator in a child process, beside the other stages.

The validator is the slowest stage (about 0.75 s on the full Campfire spec, a quarter of
it importing the validator), so it never runs in line: a
`ValidationWorker` is forked as soon as a run knows it has work, imports the validator
while the parent is still reading the spec, then validates every document it is sent.
Where fork is unavailable, or there is a single core, validation runs in place.
The child ends with the parent, however the parent ends (see generator/lifeline.py),
and ignores Ctrl-C: the parent stops it.
"""

from __future__ import annotations

import os
import threading
from multiprocessing.reduction import ForkingPickler
from types import TracebackType
from typing import Any, Self

from generator import lifeline
from generator.diagnostics import Diagnostic, GenerationError
from generator.load import Workspace
from generator.validate.rules import validate

Outcome = tuple[bool, list[Diagnostic]]
"""Whether the document may be used, and the problems found (errors when it may not)."""


class ValidationWorker:
    """A child process that validates the documents it is sent, one after another (one
    per job of a run). Used as a context manager, it is stopped on leaving."""

    def __init__(self) -> None:
        self._requests: Any = None
        self._results: Any = None
        self._process: Any = None
        self._sending: threading.Thread | None = None
        self._send_failed = False
        self._lifeline: lifeline.Lifeline | None = None
        context = _fork_context()
        if context is None:
            return
        request_reader, self._requests = context.Pipe(duplex=False)
        self._results, result_writer = context.Pipe(duplex=False)
        self._lifeline = lifeline.Lifeline()
        self._process = context.Process(
            target=_serve, args=(self._lifeline.child_args(), request_reader, result_writer,
                                 self._requests, self._results),
            daemon=True)
        with lifeline.signals_blocked():
            self._process.start()
        request_reader.close()
        result_writer.close()

    def submit(self, workspace: Workspace, strict: bool) -> bool:
        """Send a document; False when there is no child to take it, or the document
        cannot travel (nested too deep to pickle, say): the caller validates in place.

        Pickled here, before later stages touch the workspace; written from a thread:
        the pipe holds far less than a large spec, and the child reads only once its
        imports are done, which this process must not wait for.
        """
        if self._process is None:
            return False
        self._wait_for_sending()
        try:
            request = ForkingPickler.dumps((workspace, strict))
        except Exception:  # noqa: BLE001 - whatever stops pickling, validation runs here
            return False
        self._send_failed = False
        self._sending = threading.Thread(target=self._send, args=(request,), daemon=True)
        self._sending.start()
        return True

    def receive(self) -> Outcome | None:
        """The outcome for the last document sent; None when the child died."""
        self._wait_for_sending()
        if self._send_failed:
            return None
        try:
            outcome: Outcome = self._results.recv()
        except (EOFError, OSError):
            return None
        return outcome

    def _send(self, request: bytes | memoryview) -> None:
        try:
            self._requests.send_bytes(request)
        except (OSError, ValueError):  # the child is gone
            self._send_failed = True

    def _wait_for_sending(self) -> None:
        if self._sending is not None:
            self._sending.join()
            self._sending = None

    def close(self) -> None:
        if self._process is None:
            return
        self._wait_for_sending()
        self._requests.close()  # an idle child reads end-of-file and returns
        self._results.close()
        if self._lifeline is not None:
            self._lifeline.close()  # a busy one (an early stop: Ctrl-C, an error) ends now
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._process = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


class PendingValidation:
    """One document's validation, under way in a worker (the caller's, or one of its own
    started here) while the other stages work."""

    def __init__(self, workspace: Workspace, *, strict: bool,
                 worker: ValidationWorker | None = None) -> None:
        self._workspace = workspace
        self._strict = strict
        self._owns_worker = worker is None
        self._worker = ValidationWorker() if worker is None else worker
        self._outcome: Outcome | None = None
        if not self._worker.submit(workspace, strict):
            self._outcome = _outcome(workspace, strict)
            self._release()

    def result(self) -> list[Diagnostic]:
        """The warnings; raises GenerationError as validate() does."""
        if self._outcome is None:
            received = self._worker.receive()
            self._release()
            # A dead child is no verdict: validate here, so that the cause shows.
            self._outcome = received if received is not None else \
                _outcome(self._workspace, self._strict)
        ok, diagnostics = self._outcome
        if not ok:
            raise GenerationError(diagnostics)
        return diagnostics

    def _release(self) -> None:
        if self._owns_worker:
            self._worker.close()


def _fork_context() -> Any:
    """The fork start method when a child can run beside this process, else None."""
    import multiprocessing

    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


def _outcome(workspace: Workspace, strict: bool) -> Outcome:
    try:
        return True, validate(workspace, strict=strict)
    except GenerationError as error:
        return False, list(error.diagnostics)


def _serve(parent: tuple[int, int | None], requests: Any, results: Any,
           *parent_ends: Any) -> None:
    """The child's loop: prepare the validator, then answer until the parent hangs up."""
    # Ctrl-C is the parent's to handle: it closes the pipes and the lifeline, and this
    # child ends. On any failure here the child just stops: the parent then validates
    # in place and reports what went wrong once, in its own words.
    lifeline.bind_to_parent(*parent)
    for end in parent_ends:  # inherited copies; the parent's own must be the last ones
        end.close()
    try:
        _prepare_validator()
        while True:
            try:
                workspace, strict = requests.recv()
            except EOFError:
                return
            results.send(_outcome(workspace, strict))
    except Exception:  # noqa: BLE001 - see above: the parent takes over
        return


def _prepare_validator() -> None:
    """Import the validator: done before the document arrives, it costs no wall time."""
    import jsonschema_path  # noqa: F401
    import openapi_schema_validator  # noqa: F401
    import openapi_spec_validator  # noqa: F401
    import referencing  # noqa: F401
