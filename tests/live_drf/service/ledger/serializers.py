"""DRF serializers. Their class names give the schema's component names (`CreditMemoLine`,
`CreditMemoLineRequest`, `PatchedCreditMemoRequest`, ...): drf-spectacular drops `Serializer`."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tests.live_drf.service.ledger.models import (
    Account,
    Attachment,
    Client,
    CreditMemo,
    CreditMemoLine,
    Entity,
)


@extend_schema_field({"type": "number", "format": "double"})
class CampfireAmountField(serializers.DecimalField):
    """Money the way Campfire's API has it: documented as `type: number, format: double`,
    sent as a string ("750.00") because DRF coerces decimals to strings by default."""


class EntitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Entity
        fields = ("id", "name", "currency", "created_at")


class ClientSerializer(serializers.ModelSerializer):
    entity_name = serializers.CharField(source="entity.name", read_only=True)

    class Meta:
        model = Client
        fields = ("id", "entity", "entity_name", "name", "email", "currency", "created_at")


class AccountSerializer(serializers.ModelSerializer):
    """`opening_balance` keeps DRF's defaults: `type: string, format: decimal` with a
    pattern in the schema, a string on the wire."""

    class Meta:
        model = Account
        fields = ("id", "name", "number", "account_type", "opening_balance", "is_active",
                  "created_at")


class CreditMemoLineSerializer(serializers.ModelSerializer):
    account_name = serializers.CharField(source="account.name", read_only=True)
    amount = CampfireAmountField(max_digits=19, decimal_places=2)

    class Meta:
        model = CreditMemoLine
        fields = ("id", "account", "account_name", "description", "amount")


class AttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(max_length=200, required=False,
                                 help_text="Defaults to the uploaded file's name.")

    class Meta:
        model = Attachment
        fields = ("id", "credit_memo", "file", "name", "content_type", "size", "uploaded_at")
        read_only_fields = ("content_type", "size")

    def create(self, validated_data: dict[str, Any]) -> Attachment:
        upload = validated_data["file"]
        validated_data.setdefault("name", upload.name)
        validated_data["content_type"] = upload.content_type or ""
        validated_data["size"] = upload.size
        attachment: Attachment = super().create(validated_data)
        return attachment


class CreditMemoSerializer(serializers.ModelSerializer):
    """A credit memo with its lines written in the same request (create and update replace
    them all; a PATCH without `lines` keeps them)."""

    lines = CreditMemoLineSerializer(many=True)
    client_name = serializers.CharField(source="client.name", read_only=True)
    # Money documented as a JSON number and sent as one (DRF's JSON encoder writes a float).
    total_amount = serializers.DecimalField(
        max_digits=19, decimal_places=2, coerce_to_string=False, required=False)
    # Computed on read; DRF defaults, so `type: string, format: decimal`.
    lines_total = serializers.DecimalField(max_digits=19, decimal_places=2, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    internal_note = serializers.CharField(
        write_only=True, required=False, allow_blank=True,
        help_text="Kept for the books, never sent back.")

    class Meta:
        model = CreditMemo
        fields = ("id", "credit_memo_number", "credit_memo_type", "credit_memo_date",
                  "entity", "client", "client_name", "currency", "application_status",
                  "void_date", "message_on_credit_memo", "internal_note", "total_amount",
                  "lines_total", "lines", "attachments", "created_at", "updated_at")

    @transaction.atomic
    def create(self, validated_data: dict[str, Any]) -> CreditMemo:
        lines = validated_data.pop("lines")
        memo = CreditMemo.objects.create(**validated_data)
        self._write_lines(memo, lines)
        return memo

    @transaction.atomic
    def update(self, instance: CreditMemo, validated_data: dict[str, Any]) -> CreditMemo:
        lines = validated_data.pop("lines", None)
        memo: CreditMemo = super().update(instance, validated_data)
        if lines is not None:
            memo.lines.all().delete()
            self._write_lines(memo, lines)
        return memo

    @staticmethod
    def _write_lines(memo: CreditMemo, lines: list[dict[str, Any]]) -> None:
        CreditMemoLine.objects.bulk_create(
            CreditMemoLine(credit_memo=memo, position=index, **line)
            for index, line in enumerate(lines))
