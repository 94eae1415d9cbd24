"""The entities again, listed by each of DRF's other paginators: page number and cursor,
and limit/offset with no default limit, which answers a bare list when the call gives
none while drf-spectacular documents the page (issue 16 item 2)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, pagination

from tests.live_drf.service.ledger.models import Entity
from tests.live_drf.service.ledger.serializers import EntitySerializer

PAGES = "Pages"


# One serializer per view: drf-spectacular names a page component after the serializer
# alone (`Paginated<Name>List`, registered once), so views of one serializer under other
# paginators would all be documented with the first one's page.
class EntityByNumberSerializer(EntitySerializer):
    pass


class EntityByCursorSerializer(EntitySerializer):
    pass


class EntityUnlimitedSerializer(EntitySerializer):
    pass


class Numbered(pagination.PageNumberPagination):
    page_size = 2
    page_size_query_param = "page_size"


class Cursor(pagination.CursorPagination):
    page_size = 2
    ordering = "id"


class NoDefaultLimit(pagination.LimitOffsetPagination):
    default_limit = None  # no limit given: DRF answers the bare list


@extend_schema_view(get=extend_schema(tags=[PAGES], operation_id="pages_entity_page_number"))
class EntityPageNumberView(generics.ListAPIView):
    queryset = Entity.objects.order_by("id")
    serializer_class = EntityByNumberSerializer
    pagination_class = Numbered


@extend_schema_view(get=extend_schema(tags=[PAGES], operation_id="pages_entity_cursor"))
class EntityCursorView(generics.ListAPIView):
    queryset = Entity.objects.order_by("id")
    serializer_class = EntityByCursorSerializer
    pagination_class = Cursor


@extend_schema_view(get=extend_schema(tags=[PAGES], operation_id="pages_entity_no_default_limit"))
class EntityNoDefaultLimitView(generics.ListAPIView):
    queryset = Entity.objects.order_by("id")
    serializer_class = EntityUnlimitedSerializer
    pagination_class = NoDefaultLimit
