"""The code style every generated file follows, shared by the stages that lay code out
(render) and that check or apply it (format)."""

LINE_LENGTH = 88  # black's and ruff's default, so that both tools agree on the output
INDENT = "    "  # one level of indentation
