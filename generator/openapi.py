"""Words of OpenAPI itself that more than one stage reads (validate and model)."""

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
"""The operations a Path Item Object may hold, in the order the specification lists them."""
