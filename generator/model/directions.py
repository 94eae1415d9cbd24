"""Which schemas need two classes: one for responses and one for requests.

A schema with readOnly or writeOnly properties (or one containing such a schema) has
a different shape in each direction: readOnly fields are never sent, writeOnly fields
never received. Such a schema gets a read class, a write class, or both, depending
on where the operations use it.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.model.operations import RawOperation
from generator.model.schemas import SchemaTranslator

Use = tuple[str, str]
"""(schema key, "read" or "write")."""


class Directions:
    def __init__(self, translator: SchemaTranslator, operations: list[RawOperation]) -> None:
        self.translator = translator
        self.differs = self._differs()
        self.used = self._usage(operations)

    def _differs(self) -> dict[str, bool]:
        """A schema differs when it has readOnly or writeOnly properties, or contains a
        schema that differs: followed backwards from the first kind, each schema once."""
        objects = self.translator.objects
        containers: dict[str, list[str]] = {}
        for key, obj in objects.items():
            for found in [p.type for p in obj.properties] + [obj.extra]:
                for ref in found.refs():
                    containers.setdefault(ref.key, []).append(key)
        differs = {key: obj.differs_by_direction() for key, obj in objects.items()}
        pending = [key for key, value in differs.items() if value]
        while pending:
            for container in containers.get(pending.pop(), []):
                if not differs[container]:
                    differs[container] = True
                    pending.append(container)
        return differs

    def _usage(self, operations: list[RawOperation]) -> set[Use]:
        used = self._closure(_operation_uses(operations), set())
        # A schema no operation reaches still gets its response class (see `variants`),
        # and that class refers to the response classes of the schemas it contains:
        # those are used too (an unused `Holder` of a request-only `Order` needs `Order`'s
        # read class).
        unused = [(key, "read") for key in self.translator.objects
                  if (key, "read") not in used and (key, "write") not in used]
        return self._closure(unused, used)

    def _closure(self, pending: list[Use], used: set[Use]) -> set[Use]:
        """`used` with the uses in `pending` and every use they imply, followed through
        the properties each direction keeps."""
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


def _operation_uses(operations: Iterable[RawOperation]) -> list[Use]:
    """The schemas each operation sends (write) and receives (read) directly."""
    found: list[Use] = []
    for operation in operations:
        if operation.body is not None:
            found += [(ref.key, "write") for ref in operation.body.type.refs()]
        for param in operation.params:
            found += [(ref.key, "write") for ref in param.type.refs()]
        for response in operation.responses:
            for read in (response.type, response.events):
                if read is not None:
                    found += [(ref.key, "read") for ref in read.refs()]
    return found
