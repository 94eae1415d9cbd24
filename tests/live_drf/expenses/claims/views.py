"""One viewset per model. Under the `full` and `naive` settings each view names its own
authentication (drf-spectacular writes them as per-operation alternatives) and pagination;
under `defaults` (CLAIMS_PER_VIEW = False) every view keeps DRF's defaults."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authentication import (
    BasicAuthentication,
    SessionAuthentication,
    TokenAuthentication,
)
from rest_framework.decorators import action
from rest_framework.pagination import (
    CursorPagination,
    LimitOffsetPagination,
    PageNumberPagination,
)
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from tests.live_drf.expenses.claims.models import Expense, Note, Project
from tests.live_drf.expenses.claims.serializers import (
    ApprovalSerializer,
    ExpenseBatchSerializer,
    ExpenseSerializer,
    NoteSerializer,
    ProjectSerializer,
)

PER_VIEW: bool = getattr(settings, "CLAIMS_PER_VIEW", True)


class ProjectPages(PageNumberPagination):
    page_size = 2
    page_size_query_param = "page_size"
    max_page_size = 50


class ExpenseCursor(CursorPagination):
    page_size = 2
    ordering = "created_at"


class NoteWindow(LimitOffsetPagination):
    """Without `limit` the answer is the whole list, bare: no default limit, no PAGE_SIZE."""

    default_limit = None


class ProjectViewSet(viewsets.ModelViewSet):
    queryset = Project.objects.prefetch_related("expenses").order_by("code")
    serializer_class = ProjectSerializer
    if PER_VIEW:
        authentication_classes = (TokenAuthentication, SessionAuthentication,
                                  BasicAuthentication)
        permission_classes = (IsAuthenticated,)
        pagination_class = ProjectPages


class ExpenseViewSet(viewsets.ModelViewSet):
    queryset = (Expense.objects.select_related("project").prefetch_related("notes")
                .order_by("created_at"))
    serializer_class = ExpenseSerializer
    if PER_VIEW:
        authentication_classes = (TokenAuthentication, SessionAuthentication)
        permission_classes = (IsAuthenticated,)
        pagination_class = ExpenseCursor

    @extend_schema(request=ApprovalSerializer, responses=ExpenseSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        """Approve the expense, with a note that says why."""
        expense = self.get_object()
        approval = ApprovalSerializer(data=request.data)
        approval.is_valid(raise_exception=True)
        Note.objects.create(expense=expense, text=approval.validated_data["note"])
        expense.approved = True
        expense.save(update_fields=["approved"])
        return Response(ExpenseSerializer(self.get_object(), context={"request": request}).data)

    @extend_schema(request=ExpenseBatchSerializer,
                   responses={201: ExpenseSerializer(many=True)})
    @action(detail=False, methods=["post"], pagination_class=None)
    def batch(self, request: Request) -> Response:
        """Create several expenses of one project at once."""
        batch = ExpenseBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        created = batch.save()
        data = ExpenseSerializer(created, many=True, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


class NoteViewSet(mixins.CreateModelMixin, mixins.ListModelMixin,
                  mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                  viewsets.GenericViewSet):
    queryset = Note.objects.order_by("id")
    serializer_class = NoteSerializer
    if PER_VIEW:
        authentication_classes = (BasicAuthentication, SessionAuthentication)
        permission_classes = (IsAuthenticated,)
        pagination_class = NoteWindow
