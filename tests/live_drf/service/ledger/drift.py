"""Views whose answers deliberately disagree with the schema, for tests of how a client
meets a server that drifted from its spec. Each is documented as answering a `CreditMemo`."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tests.live_drf.service.ledger.models import CreditMemo
from tests.live_drf.service.ledger.serializers import CreditMemoSerializer

DRIFT = "Drift"


def _memo(pk: int) -> dict[str, Any]:
    memo = get_object_or_404(CreditMemo.objects.prefetch_related("lines", "attachments"), pk=pk)
    data: dict[str, Any] = dict(CreditMemoSerializer(memo).data)
    return data


class DriftMissingFieldView(APIView):
    """Answers the credit memo without `credit_memo_date`, which the schema requires."""

    @extend_schema(tags=[DRIFT], operation_id="drift_credit_memo_missing_field",
                   responses={200: CreditMemoSerializer})
    def get(self, request: Request, pk: int) -> Response:
        data = _memo(pk)
        del data["credit_memo_date"]
        return Response(data)


class DriftWrongTypeView(APIView):
    """Answers the credit memo with `total_amount` as a non-numeric string (the schema says
    `type: number`), a value no lossless coercion can read."""

    @extend_schema(tags=[DRIFT], operation_id="drift_credit_memo_wrong_type",
                   responses={200: CreditMemoSerializer})
    def get(self, request: Request, pk: int) -> Response:
        data = _memo(pk)
        data["total_amount"] = "n/a"
        return Response(data)


class DriftCreateAnswers200View(APIView):
    """Creates a credit memo like `POST credit-memo`, documented as 201, answering 200."""

    @extend_schema(tags=[DRIFT], operation_id="drift_credit_memo_create_answers_200",
                   request=CreditMemoSerializer, responses={201: CreditMemoSerializer})
    def post(self, request: Request) -> Response:
        serializer = CreditMemoSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data, status=status.HTTP_200_OK)
