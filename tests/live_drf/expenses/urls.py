"""Routes: /api/project, /api/expense (with /approve and /batch), /api/note; /login for
the session cookie; /health; /media/ for the uploaded files."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt, ensure_csrf_cookie
from django.views.decorators.http import require_POST
from django.views.static import serve
from rest_framework.routers import SimpleRouter

from tests.live_drf.expenses import API_PREFIX, LOGIN_PATH
from tests.live_drf.expenses.claims import views
from tests.live_drf.service import HEALTH_PATH

router = SimpleRouter(trailing_slash=False)
router.register("project", views.ProjectViewSet)
router.register("expense", views.ExpenseViewSet)
router.register("note", views.NoteViewSet)


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@csrf_exempt  # the login itself: nothing to protect yet
@ensure_csrf_cookie  # and it hands out Django's csrftoken cookie
@require_POST
def session_login(request: HttpRequest) -> JsonResponse:
    user = authenticate(request, username=request.POST.get("username", ""),
                        password=request.POST.get("password", ""))
    if user is None:
        return JsonResponse({"detail": "wrong username or password"}, status=401)
    login(request, user)
    return JsonResponse({"username": user.get_username()})


urlpatterns = [
    path(HEALTH_PATH.lstrip("/"), health),
    path(LOGIN_PATH.lstrip("/"), session_login),
    path(API_PREFIX.lstrip("/"), include(router.urls)),
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]
