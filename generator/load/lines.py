# mypy: disable-error-code="import-untyped"
"""Maps JSON pointers to line numbers, built only when an error needs one."""

from __future__ import annotations

import yaml

from generator.diagnostics import escape_pointer_token

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineIndex:
    """Lines of every node of a YAML or JSON text, keyed by JSON pointer."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: dict[str, int] | None = None

    def line_of(self, pointer: str) -> int | None:
        if self._lines is None:
            self._lines = {}
            try:
                # JSON is YAML for this purpose; composing keeps each node's position.
                root = yaml.compose(self._text, Loader=_Loader)
            except yaml.YAMLError:
                root = None
            if root is not None:
                self._walk(root, "")
        while pointer not in self._lines and "/" in pointer:
            pointer = pointer.rsplit("/", 1)[0]  # fall back to the nearest existing parent
        return self._lines.get(pointer)

    def _walk(self, node: yaml.Node, pointer: str) -> None:
        assert self._lines is not None
        self._lines[pointer] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                token = escape_pointer_token(str(key_node.value))
                self._walk(value_node, f"{pointer}/{token}")
                self._lines[f"{pointer}/{token}"] = key_node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._walk(item, f"{pointer}/{index}")
