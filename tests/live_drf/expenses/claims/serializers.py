"""Serializers with the field classes the ledger has not: hyperlinks, UUID keys, JSON,
durations, multiple choices, lists, dicts, computed and nested read-only fields, images."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from rest_framework import serializers

from tests.live_drf.expenses.claims.models import Expense, Note, Project


class ProjectSerializer(serializers.HyperlinkedModelSerializer):
    """`url` and the relations as links (`format: uri`); `parent` is written as one."""

    parent = serializers.HyperlinkedRelatedField(
        view_name="project-detail", queryset=Project.objects.all(), allow_null=True,
        required=False)
    expenses = serializers.HyperlinkedRelatedField(
        view_name="expense-detail", many=True, read_only=True)

    class Meta:
        model = Project
        fields = ("url", "id", "name", "code", "parent", "settings", "expenses", "created_at")


class ProjectBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ("id", "name", "code")


class NoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Note
        fields = ("id", "expense", "text", "created_at")


class ExpenseSerializer(serializers.ModelSerializer):
    tags = serializers.ListField(child=serializers.CharField(max_length=20), required=False)
    categories = serializers.MultipleChoiceField(choices=Expense.Category.choices,
                                                 required=False)
    limits = serializers.DictField(child=serializers.IntegerField(), required=False)
    label = serializers.SerializerMethodField()
    # allow_null: the relation is nullable, and drf-spectacular cannot tell from `source`.
    project_detail = ProjectBriefSerializer(source="project", read_only=True, allow_null=True)
    notes = NoteSerializer(many=True, read_only=True)

    class Meta:
        model = Expense
        fields = ("id", "project", "project_detail", "title", "amount", "duration",
                  "spent_at", "metadata", "tags", "categories", "limits", "receipt",
                  "attachment", "approved", "label", "notes", "created_at")
        read_only_fields = ("approved",)

    def get_label(self, expense: Expense) -> str:
        return f"{expense.title or 'untitled'}: {expense.amount}"

    def validate_categories(self, value: set[str]) -> list[str]:
        # MultipleChoiceField reads a set, which a JSON column cannot hold.
        return sorted(value)


class ApprovalSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500)


class ExpenseItemSerializer(serializers.ModelSerializer):
    tags = serializers.ListField(child=serializers.CharField(max_length=20), required=False)

    class Meta:
        model = Expense
        fields = ("title", "amount", "spent_at", "tags")


class ExpenseBatchSerializer(serializers.Serializer):
    """Several expenses in one request: nested writable items (many=True)."""

    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    items = ExpenseItemSerializer(many=True)

    @transaction.atomic
    def create(self, validated_data: dict[str, Any]) -> list[Expense]:
        return [Expense.objects.create(project=validated_data["project"], **item)
                for item in validated_data["items"]]
