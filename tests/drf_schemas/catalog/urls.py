"""The catalog's routes, under /api/v1/ as drf-spectacular's path prefix detection expects."""

from __future__ import annotations

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from tests.drf_schemas.catalog.views import OwnerViewSet, SpecimenViewSet, UploadView

router = DefaultRouter()
router.register("owners", OwnerViewSet, basename="owner")
router.register("specimens", SpecimenViewSet, basename="specimen")

urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("api/v1/uploads/", UploadView.as_view(), name="upload"),
]
