"""Routes. No trailing slashes, as in Campfire's paths (`/coa/api/v1/credit-memo/{id}`)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from tests.live_drf.service import API_PREFIX, HEALTH_PATH
from tests.live_drf.service.ledger import drift, pages, views

router = SimpleRouter(trailing_slash=False)
router.register("entity", views.EntityViewSet)
router.register("client", views.ClientViewSet)
router.register("account", views.AccountViewSet)
router.register("credit-memo", views.CreditMemoViewSet)
router.register("attachment", views.AttachmentViewSet)

drift_urls = [
    path("credit-memo/<int:pk>/missing-field", drift.DriftMissingFieldView.as_view()),
    path("credit-memo/<int:pk>/wrong-type", drift.DriftWrongTypeView.as_view()),
    path("credit-memo", drift.DriftCreateAnswers200View.as_view()),
]

page_urls = [
    path("entity/page-number", pages.EntityPageNumberView.as_view()),
    path("entity/cursor", pages.EntityCursorView.as_view()),
    path("entity/no-default-limit", pages.EntityNoDefaultLimitView.as_view()),
]


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path(HEALTH_PATH.lstrip("/"), health),
    path(API_PREFIX.lstrip("/"), include(router.urls)),
    path(API_PREFIX.lstrip("/") + "drift/", include(drift_urls)),
    path(API_PREFIX.lstrip("/") + "pages/", include(page_urls)),
    # The schema as the server itself serves it (Campfire: /api/schema?format=json).
    path("api/schema", SpectacularAPIView.as_view()),
    # Uploaded files, so a test can download what it uploaded (DEBUG is off, so not static()).
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]
