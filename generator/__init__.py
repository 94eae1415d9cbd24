"""campfire-codegen: OpenAPI documents to typed Python clients.

The stages, in the order data flows through them: `load`, `validate`, `resolve`,
`model` (the IR), `render`, `format`, `write`; `pipeline` runs them and `cli` is the
command line.
"""
