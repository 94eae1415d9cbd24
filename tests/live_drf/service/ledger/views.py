"""The API: one ModelViewSet per resource, plus the drift views (drift.py)."""

from __future__ import annotations

from typing import ClassVar

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets

from tests.live_drf.service.ledger.models import Account, Attachment, Client, CreditMemo, Entity
from tests.live_drf.service.ledger.serializers import (
    AccountSerializer,
    AttachmentSerializer,
    ClientSerializer,
    CreditMemoSerializer,
    EntitySerializer,
)

CORE = "Core Accounting"
RECEIVABLE = "Accounts Receivable"


@extend_schema(tags=[CORE])
class EntityViewSet(viewsets.ModelViewSet):
    queryset = Entity.objects.order_by("id")
    serializer_class = EntitySerializer


@extend_schema(tags=[RECEIVABLE])
class ClientViewSet(viewsets.ModelViewSet):
    queryset = Client.objects.select_related("entity").order_by("id")
    serializer_class = ClientSerializer
    filterset_fields = ("entity", "currency")


@extend_schema(tags=[CORE])
class AccountViewSet(viewsets.ModelViewSet):
    queryset = Account.objects.order_by("number")
    serializer_class = AccountSerializer
    filterset_fields = ("account_type", "is_active")


@extend_schema(tags=[RECEIVABLE])
class CreditMemoViewSet(viewsets.ModelViewSet):
    queryset = (CreditMemo.objects.select_related("client")
                .prefetch_related("lines__account", "attachments").order_by("id"))
    serializer_class = CreditMemoSerializer
    filterset_fields: ClassVar[dict[str, list[str]]] = {
        "client": ["exact"],
        "entity": ["exact"],
        "application_status": ["exact"],
        "credit_memo_date": ["gte", "lte"],
    }


@extend_schema(tags=[RECEIVABLE])
class AttachmentViewSet(mixins.CreateModelMixin, mixins.ListModelMixin,
                        mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                        viewsets.GenericViewSet):
    """Files on credit memos. JSON is accepted like everywhere else, but only multipart can
    carry the file."""

    queryset = Attachment.objects.order_by("id")
    serializer_class = AttachmentSerializer
    filterset_fields = ("credit_memo",)
