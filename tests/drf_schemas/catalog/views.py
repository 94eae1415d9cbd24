"""Viewsets over the catalog, an upload view taking multipart only, and @actions; the
settings variant decides their authentication and pagination."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, parsers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tests.drf_schemas.catalog.models import Owner, Specimen
from tests.drf_schemas.catalog.serializers import (
    ArchiveSerializer,
    OwnerSerializer,
    SpecimenSerializer,
    UploadSerializer,
)


class OwnerViewSet(viewsets.ModelViewSet):
    queryset = Owner.objects.all()
    serializer_class = OwnerSerializer


class OwnerDesk(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                viewsets.GenericViewSet):
    """Creates and reads, never updates: no `Patched*` component."""

    queryset = Owner.objects.all()
    serializer_class = OwnerSerializer


class SpecimenViewSet(viewsets.ModelViewSet):
    queryset = Specimen.objects.all()
    serializer_class = SpecimenSerializer

    @extend_schema(request=ArchiveSerializer, responses=SpecimenSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, pk: str | None = None) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @action(detail=False, methods=["get"])
    def recent(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset().order_by("-created"))
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)


class UploadView(generics.CreateAPIView):
    serializer_class = UploadSerializer
    parser_classes = (parsers.MultiPartParser,)

    def get_queryset(self) -> QuerySet[Owner]:
        return Owner.objects.none()
