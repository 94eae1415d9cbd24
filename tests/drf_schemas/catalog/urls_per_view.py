"""Every paginator and authentication class DRF ships, each on a view of its own (plus the
JWT-like class), beside the catalog's routes at DRF's defaults (`python -m tests.drf_schemas
--unused` checks that none is missing)."""

from __future__ import annotations

from django.urls import include, path
from rest_framework import authentication, pagination
from rest_framework.routers import DefaultRouter

from tests.drf_schemas.catalog.auth import BearerTokenAuthentication
from tests.drf_schemas.catalog.serializers import OwnerSerializer
from tests.drf_schemas.catalog.urls import urlpatterns as catalog
from tests.drf_schemas.catalog.views import OwnerViewSet


class PageNumbers(pagination.PageNumberPagination):
    page_size = 10
    page_size_query_param = "page_size"
    max_page_size = 100


class Cursors(pagination.CursorPagination):
    page_size = 10
    ordering = "-created"


# One serializer per paginator: each page component is named after its items' component.
class PagedOwnerSerializer(OwnerSerializer):
    class Meta(OwnerSerializer.Meta):
        pass


class OffsetOwnerSerializer(OwnerSerializer):
    class Meta(OwnerSerializer.Meta):
        pass


class CursorOwnerSerializer(OwnerSerializer):
    class Meta(OwnerSerializer.Meta):
        pass


class PagedOwners(OwnerViewSet):
    serializer_class = PagedOwnerSerializer
    pagination_class = PageNumbers
    authentication_classes = (authentication.SessionAuthentication,)


class OffsetOwners(OwnerViewSet):
    serializer_class = OffsetOwnerSerializer
    pagination_class = pagination.LimitOffsetPagination
    authentication_classes = (authentication.BasicAuthentication,)


class CursorOwners(OwnerViewSet):
    serializer_class = CursorOwnerSerializer
    pagination_class = Cursors
    authentication_classes = (authentication.TokenAuthentication,)


class RemoteOwners(OwnerViewSet):
    # The web server authenticates (REMOTE_USER): nothing a client sends, so the variant's
    # AUTHENTICATION_WHITELIST leaves it out of the schema, as drf-spectacular suggests.
    authentication_classes = (authentication.RemoteUserAuthentication,
                              authentication.SessionAuthentication)


class PlainOwners(OwnerViewSet):
    pagination_class = None
    authentication_classes = (BearerTokenAuthentication,)


router = DefaultRouter()
router.register("paged-owners", PagedOwners, basename="paged-owner")
router.register("offset-owners", OffsetOwners, basename="offset-owner")
router.register("cursor-owners", CursorOwners, basename="cursor-owner")
router.register("remote-owners", RemoteOwners, basename="remote-owner")
router.register("plain-owners", PlainOwners, basename="plain-owner")

urlpatterns = [*catalog, path("api/v1/", include(router.urls))]
