"""campfire-codegen: OpenAPI documents to typed Python clients.

The stages, in the order data flows through them: `load`, `validate`, `resolve`,
`model` (the IR), `render`, `format`, `write`; `pipeline` runs them and `cli` is the
command line.
"""

__version__ = "0.1.0"
"""Kept equal to the version in pyproject.toml (tests/test_stability.py checks it): the
generated clients name it in their User-Agent."""
