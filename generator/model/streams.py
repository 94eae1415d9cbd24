"""Which success bodies are streams of items, and what one item is.

A response whose preferred media type (JSON first: `operations._preferred`) is
`text/event-stream`, JSON Lines / NDJSON or a JSON text sequence is read item by item
as it arrives (`t.Stream`), never whole. The media type's `schema` is the schema of one
item (of one event's `data` for server-sent events), as OpenAI's document and most
3.0/3.1 documents write it; OpenAPI 3.2's `itemSchema` waits for 3.2 documents to be
read at all. Without a schema, an event's data is its text and a JSON item any JSON
value; a `type: string` event data is its text too.

A success whose preferred media type is read whole (JSON, or bytes) may also declare
`text/event-stream`: OpenAI's seven `stream: true` operations answer JSON (speech: audio)
unless the request asks for events. The plain call still reads the preferred type; the
event stream's schema types `with_streaming_response`'s `iter_events()`
(`alternative_events`). Nothing in the request says which one the server will answer,
so the choice stays the caller's.
"""

from __future__ import annotations

from typing import Any

from generator.model import types as t
from generator.model.schemas import SchemaTranslator
from generator.resolve import Location

FRAMINGS: dict[str, t.Framing] = {
    "text/event-stream": t.Framing.SSE,
    "application/x-ndjson": t.Framing.JSON_LINES,
    "application/jsonl": t.Framing.JSON_LINES,
    "application/jsonlines": t.Framing.JSON_LINES,
    "application/x-jsonlines": t.Framing.JSON_LINES,
    "application/json-seq": t.Framing.JSON_SEQ,
}


def framing_of(media_type: str) -> t.Framing | None:
    """The framing of a media type's items (None: a body read whole)."""
    return FRAMINGS.get(media_type.split(";", 1)[0].strip().lower())


def alternative_events(translator: SchemaTranslator, content: dict[str, Any],
                       location: Location, hint: str) -> t.Type | None:
    """The type of an event's data where a success read whole also declares
    `text/event-stream` with a schema (`location`: the response object's); None where it
    declares none, or only text."""
    media_type = next((key for key in content if framing_of(key) is t.Framing.SSE), None)
    media = content.get(media_type) if media_type is not None else None
    if media_type is None or not isinstance(media, dict) or media.get("schema") is None:
        return None
    item = translator.type_of(media["schema"], location.child("content", media_type, "schema"),
                              hint + "Event", None).with_direction("read")
    return None if item == t.STR else item


def stream_type(translator: SchemaTranslator, media: dict[str, Any], location: Location,
                framing: t.Framing, hint: str) -> t.Stream:
    """The stream a media type object describes (`location`: the object's)."""
    schema = media.get("schema")
    if schema is None:
        return t.Stream(t.STR if framing is t.Framing.SSE else t.ANY, framing)
    item = translator.type_of(schema, location.child("schema"), hint + "Item", None)
    return t.Stream(item.with_direction("read"), framing)
