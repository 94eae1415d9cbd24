"""Which schemas need two classes: one for responses and one for requests.

A schema with readOnly or writeOnly properties (or one containing such a schema) has
a different shape in each direction: readOnly fields are never sent, writeOnly fields
never received. Such a schema gets a read class, a write class, or both, depending
on where the operations use it.
"""

from __future__ import annotations

from generator.model.operations import RawOperation
from generator.model.schemas import SchemaTranslator


class Directions:
    def __init__(self, translator: SchemaTranslator, operations: list[RawOperation]) -> None:
        self.translator = translator
        self.differs = self._differs()
        self.used = self._usage(operations)

    def _differs(self) -> dict[str, bool]:
        objects = self.translator.objects
        differs = {key: obj.differs_by_direction() for key, obj in objects.items()}
        changed = True
        while changed:  # a schema differs when any schema it contains differs
            changed = False
            for key, obj in objects.items():
                if differs[key]:
                    continue
                types = [p.type for p in obj.properties] + [obj.extra]
                if any(differs.get(ref.key, False) for found in types for ref in found.refs()):
                    differs[key] = changed = True
        return differs

    def _usage(self, operations: list[RawOperation]) -> set[tuple[str, str]]:
        pending: list[tuple[str, str]] = []
        for operation in operations:
            if operation.body is not None:
                pending += [(ref.key, "write") for ref in operation.body.type.refs()]
            for param in operation.params:
                pending += [(ref.key, "write") for ref in param.type.refs()]
            for response in operation.responses:
                if response.type is not None:
                    pending += [(ref.key, "read") for ref in response.type.refs()]
        used: set[tuple[str, str]] = set()
        while pending:
            key, direction = pending.pop()
            if (key, direction) in used:
                continue
            used.add((key, direction))
            obj = self.translator.objects.get(key)
            if obj is None:
                continue
            for prop in obj.properties:
                if (direction == "write" and prop.read_only) or (
                        direction == "read" and prop.write_only):
                    continue
                pending += [(ref.key, direction) for ref in prop.type.refs()]
            pending += [(ref.key, direction) for ref in obj.extra.refs()]
        return used

    def variants(self, key: str) -> list[str]:
        """The classes a schema needs: ["both"], or some of ["read", "write"]."""
        if not self.differs.get(key, False):
            return ["both"]
        found = []
        if (key, "read") in self.used or (key, "write") not in self.used:
            found.append("read")
        if (key, "write") in self.used:
            found.append("write")
        return found

    def variant_for(self, key: str, direction: str) -> str:
        if not self.differs.get(key, False):
            return "both"
        return "write" if direction == "write" else "read"
