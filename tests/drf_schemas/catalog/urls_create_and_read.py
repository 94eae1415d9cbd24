"""A service that creates and reads owners and takes uploads, at DRF's defaults: the
document drf-spectacular writes has none of the idioms that once told DRF apart."""

from __future__ import annotations

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from tests.drf_schemas.catalog.views import OwnerDesk, UploadView

router = DefaultRouter()
router.register("owners", OwnerDesk, basename="owner")

urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("api/v1/uploads/", UploadView.as_view(), name="upload"),
]
