"""The changes between two API surfaces, each classified as breaking or not.

One rule decides almost every case (docs/api-changes.md):
- what the client hands to your code (response fields, return types) breaks it when it can
  now be something it could not be before: another type, `None`, `UNSET`, a missing field;
- what your code hands to the client (parameters, request fields) breaks it when something
  it accepted is no longer accepted: a narrower type, a newly required or a removed argument.
Anything removed that code can name (an operation, a class, an enum member) breaks it;
anything added that code need not use does not.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import TypeVar

from generator.diff.changes import Change, ordered
from generator.diff.servers import compare_servers
from generator.diff.shapes import Shape
from generator.diff.surface import (
    RETURNS,
    EnumSurface,
    ModelSurface,
    OperationSurface,
    Surface,
    surface_of,
)
from generator.diff.typed import NONE, UNSET, Typed, members_of, typed
from generator.model.ir import PackageIR

Item = TypeVar("Item", ModelSurface, EnumSurface)


def compare_packages(old: PackageIR, new: PackageIR) -> list[Change]:
    return compare(surface_of(old), surface_of(new))


def compare(old: Surface, new: Surface) -> list[Change]:
    renames = _renames(old.models, new.models, _model_shape) | _renames(
        old.enums, new.enums, lambda enum: enum.values)
    changes = (_auth(old.auth, new.auth) + _credentials(old.credentials, new.credentials)
               + compare_servers(old.servers, new.servers))
    if old.version != new.version:
        changes.append(Change("version-changed", False, "API", f"{old.version} -> {new.version}"))
    changes += _operations(old.operations, new.operations, renames)
    if new.credentials:  # the API dropping every scheme is one change of the client
        changes += _securities(old.operations, new.operations)
    changes += _classes(old, new, renames)
    return ordered(changes)


def _credentials(old: tuple[str, ...] | None,
                 new: tuple[str, ...] | None) -> list[Change]:
    """A credential keyword removed or retyped breaks the calls that pass it."""
    if old is None or new is None:
        return []  # a surface saved before credentials were listed
    return ([Change("auth-changed", True, "Client", f"credential keyword removed: {keyword}")
             for keyword in old if keyword not in new]
            + [Change("auth-changed", False, "Client", f"credential keyword added: {keyword}")
               for keyword in new if keyword not in old])


def _securities(old: Mapping[str, OperationSurface],
                new: Mapping[str, OperationSurface]) -> list[Change]:
    """An operation that no longer accepts some credentials it did breaks the callers
    who hold only those; accepting more breaks none."""
    changes = []
    for key in old.keys() & new.keys():
        was, now = old[key].security, new[key].security
        if was is None or now is None or was == now:
            continue
        lost = [each for each in was if each not in now]
        detail = f"{key}: {' | '.join(was)} -> {' | '.join(now)}"
        changes.append(Change("operation-security-changed", bool(lost),
                              f"client.{new[key].call}", detail))
    return changes


def breaks(old: frozenset[str], new: frozenset[str], *, reads: bool, writes: bool) -> bool:
    """The one rule: read values may not gain members, written values may not lose any."""
    return (reads and not new <= old) or (writes and not old <= new)


def _auth(old: str | None, new: str | None) -> list[Change]:
    if old == new:
        return []
    if new is None:  # a token given is now a TypeError
        return [Change("auth-changed", True, "Client",
                       f"the client takes no positional token any more (was {old})")]
    detail = f"the token is now sent as {new}" + (f" (was {old})" if old else " (was no auth)")
    return [Change("auth-changed", True, "Client", detail)]


def _renames(old: Mapping[str, Item], new: Mapping[str, Item],
             shape: Callable[[Item], Hashable]) -> dict[str, str]:
    """Old class name -> new one, for a class that went while another arrived with the same
    schema (and use), or failing that, the only one with exactly the same shape."""
    gone = sorted(set(old) - set(new))
    arrived = sorted(set(new) - set(old))
    renames: dict[str, str] = {}
    for key in (_origin, shape):
        candidates: dict[Hashable, list[str]] = {}
        for name in arrived:
            if name not in renames.values():
                candidates.setdefault(key(new[name]), []).append(name)
        sources: dict[Hashable, list[str]] = {}
        for name in gone:
            if name not in renames:
                sources.setdefault(key(old[name]), []).append(name)
        for found, names in sources.items():
            if len(names) == 1 and len(candidates.get(found, [])) == 1:
                renames[names[0]] = candidates[found][0]
    return renames


def _origin(item: ModelSurface | EnumSurface) -> Hashable:
    return (item.schema, item.use) if isinstance(item, ModelSurface) else item.schema


def _model_shape(model: ModelSurface) -> Hashable:
    return tuple(sorted(model.fields.items()))


def _operations(old: Mapping[str, OperationSurface], new: Mapping[str, OperationSurface],
                renames: Mapping[str, str]) -> list[Change]:
    moved = _moved(old, new)
    changes = [Change("operation-removed", True, f"client.{old[key].call}", key)
               for key in old if key not in new and key not in moved]
    changes += [Change("operation-added", False, f"client.{new[key].call}", key)
                for key in new if key not in old and key not in moved.values()]
    for key in old.keys() & new.keys():
        changes += _operation(key, old[key], new[key], renames)
    for key, now in moved.items():
        changes.append(Change("operation-path-changed", False, f"client.{new[now].call}",
                              f"{key} -> {now}"))
        changes += _operation(now, old[key], new[now], renames)
    return changes


def _moved(old: Mapping[str, OperationSurface],
           new: Mapping[str, OperationSurface]) -> dict[str, str]:
    """Old key -> new key of an operation whose path changed while its method and its
    call stayed: the same function for code that uses the client (the client builds the
    URL), so its arguments are compared, not reported as one removal and one addition."""
    def by_call(side: Mapping[str, OperationSurface], other: Mapping[str, OperationSurface],
                ) -> dict[tuple[str, str], list[str]]:
        found: dict[tuple[str, str], list[str]] = {}
        for key in side.keys() - other.keys():
            found.setdefault((key.partition(" ")[0], side[key].call), []).append(key)
        return found
    gone, arrived = by_call(old, new), by_call(new, old)
    return {keys[0]: arrived[match][0] for match, keys in gone.items()
            if len(keys) == 1 and len(arrived.get(match, [])) == 1}


def _operation(key: str, old: OperationSurface, new: OperationSurface,
               renames: Mapping[str, str]) -> list[Change]:
    subject = f"client.{new.call}"
    changes = []
    if old.call != new.call:
        changes.append(Change("operation-renamed", True, f"client.{old.call}",
                              f"{key}: now {subject}"))
    if new.deprecated and not old.deprecated:
        changes.append(Change("operation-deprecated", False, subject, key))
    changes += _declarations("parameter", subject, old.params, new.params, renames,
                             old.shapes, new.shapes, reads=False, writes=True)
    changes += _positions(subject, key, old, new)
    changes += [Change("content-type-removed", True, subject, f"{key}: {content_type}")
                for content_type in old.content_types if content_type not in new.content_types]
    changes += [Change("content-type-added", False, subject, f"{key}: {content_type}")
                for content_type in new.content_types if content_type not in old.content_types]
    old_returns = members_of(old.shapes[RETURNS], renames)
    new_returns = members_of(new.shapes[RETURNS])
    if old_returns != new_returns:
        changes.append(Change("response-type-changed",
                              breaks(old_returns, new_returns, reads=True, writes=False),
                              subject, f"{key}: {old.returns} -> {new.returns}"))
    if old.pages and not new.pages:
        changes.append(Change("pagination-removed", True, f"{subject}_iter", key))
    if new.pages and not old.pages:
        changes.append(Change("pagination-added", False, f"{subject}_iter", key))
    return changes


def _positions(subject: str, key: str, old: OperationSurface,
               new: OperationSurface) -> list[Change]:
    """An argument passed by position that now lands in another parameter (or must be
    named) breaks every call that passes it; a parameter that may now be passed by
    position breaks none (naming it still works)."""
    changes = []
    for index, param in enumerate(old.positional):
        now = new.positional[index] if index < len(new.positional) else None
        if now == param or param not in new.params:
            continue  # unchanged, or removed (reported as such)
        name = _name(new.params[param])
        where = (f"now keyword-only: pass {name}=..." if now is None else
                 f"argument {index + 1} is now {_name(new.params[now])} ({now})")
        changes.append(Change("parameter-position-changed", True, _subject(
            "parameter", subject, name), f"{key}: {param} was argument {index + 1}; {where}"))
    changes += [Change("parameter-positional", False,
                       _subject("parameter", subject, _name(new.params[param])),
                       f"{key}: {param} may now be passed as argument {index + 1}")
                for index, param in enumerate(new.positional)
                if param in old.params and param not in old.positional]
    return changes


def _classes(old: Surface, new: Surface, renames: Mapping[str, str]) -> list[Change]:
    changes = []
    for kind, old_items, new_items in (("model", old.models, new.models),
                                       ("enum", old.enums, new.enums)):
        targets = {renames[name] for name in old_items if name in renames}
        for name in old_items:
            if name in renames:
                changes.append(Change("model-renamed", True, name,
                                      f"{kind} now named {renames[name]}"))
            elif name not in new_items:
                changes.append(Change("model-removed", True, name,
                                      f"{kind} of {old_items[name].schema}"))
        changes += [Change("model-added", False, name, f"{kind} of {new_items[name].schema}")
                    for name in new_items if name not in old_items and name not in targets]
    for name, model in old.models.items():
        new_model = new.models.get(renames.get(name, name))
        if new_model is not None:
            changes += _declarations(
                "field", renames.get(name, name), model.fields, new_model.fields, renames,
                model.shapes, new_model.shapes,
                reads=model.use in ("read", "both"), writes=model.use in ("write", "both"))
    for name, enum in old.enums.items():
        new_enum = new.enums.get(renames.get(name, name))
        if new_enum is not None:
            subject = renames.get(name, name)
            changes += [Change("enum-value-removed", True, subject, f"value {value}")
                        for value in enum.values if value not in new_enum.values]
            changes += [Change("enum-value-added", False, subject, f"value {value}")
                        for value in new_enum.values if value not in enum.values]
    return changes


def _declarations(prefix: str, owner: str, old: Mapping[str, str], new: Mapping[str, str],
                  renames: Mapping[str, str], old_shapes: Mapping[str, Shape],
                  new_shapes: Mapping[str, Shape], *, reads: bool,
                  writes: bool) -> list[Change]:
    """Changes of the parameters of a call (`prefix` "parameter") or the fields of a model
    ("field"), matched by their JSON name (`query limit`, or `body`, for parameters)."""
    sides = " and ".join(side for side, used in (("responses", reads), ("requests", writes))
                         if used)
    changes = []
    for key in sorted(old.keys() - new.keys()):
        before = typed(old[key], old_shapes[key])
        changes.append(Change(f"{prefix}-removed", True, _subject(prefix, owner, before.name),
                              f"{before.annotation} ({_context(prefix, key, sides)})"))
    for key in sorted(new.keys() - old.keys()):
        after = typed(new[key], new_shapes[key])
        changes.append(Change(f"{prefix}-added", writes and after.required,
                              _subject(prefix, owner, after.name),
                              f"{after.annotation} ({_context(prefix, key, sides)})"))
    for key in sorted(old.keys() & new.keys()):
        before = typed(old[key], old_shapes[key], renames)
        after = typed(new[key], new_shapes[key])
        if (before.name, before.members) != (after.name, after.members):
            changes += _declaration(prefix, _subject(prefix, owner, after.name), before, after,
                                    _context(prefix, key, sides), reads=reads, writes=writes)
    return changes


def _declaration(prefix: str, subject: str, before: Typed, after: Typed, context: str, *,
                 reads: bool, writes: bool) -> list[Change]:
    """Each aspect that changed (name, required, nullable, type) is one change."""
    changes = []
    if before.name != after.name:
        changes.append(Change(f"{prefix}-renamed", True, subject,
                              f"was {before.name} ({context})"))
    detail = f"{before.annotation} -> {after.annotation} ({context})"
    optional = frozenset({UNSET})
    if before.required != after.required:
        kind = f"{prefix}-required" if after.required else f"{prefix}-optional"
        changes.append(Change(kind, breaks(before.members & optional, after.members & optional,
                                           reads=reads, writes=writes), subject, detail))
    # A field's nullability is a kind of change of its own; a parameter's is part of its type.
    nulls = frozenset({NONE}) if prefix == "field" else frozenset()
    if nulls and before.nullable != after.nullable:
        kind = "field-nullable" if after.nullable else "field-not-nullable"
        changes.append(Change(kind, breaks(before.members & nulls, after.members & nulls,
                                           reads=reads, writes=writes), subject, detail))
    old_values, new_values = before.members - optional - nulls, after.members - optional - nulls
    if old_values != new_values:
        changes.append(Change(f"{prefix}-type-changed",
                              breaks(old_values, new_values, reads=reads, writes=writes),
                              subject, detail))
    return changes


def _name(declaration: str) -> str:
    """The argument or attribute of a `name: annotation` declaration."""
    return declaration.partition(": ")[0]


def _subject(prefix: str, owner: str, name: str) -> str:
    return f"{owner}({name})" if prefix == "parameter" else f"{owner}.{name}"


def _context(prefix: str, key: str, sides: str) -> str:
    """Where a parameter goes (`query limit`, `body`); for a field, where its model is used."""
    return key if prefix == "parameter" else f"in {sides}"
