"""Projects, expenses and notes: UUID keys, JSON columns, a duration, an image and a file."""

from __future__ import annotations

import uuid

from django.db import models


class Project(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    code = models.CharField(max_length=20, unique=True)
    # A nullable relation, written as a URL (HyperlinkedModelSerializer).
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="children")
    settings = models.JSONField(default=dict, blank=True)  # any JSON: `{}` in the schema
    created_at = models.DateTimeField(auto_now_add=True)


class Expense(models.Model):
    class Category(models.TextChoices):
        TRAVEL = "travel", "Travel"
        MEALS = "meals", "Meals"
        LODGING = "lodging", "Lodging"
        SOFTWARE = "software", "Software"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="expenses")
    title = models.CharField(max_length=120, blank=True, default="")
    amount = models.DecimalField(max_digits=19, decimal_places=2)
    duration = models.DurationField(null=True, blank=True)
    spent_at = models.DateTimeField()
    metadata = models.JSONField(default=dict, blank=True)
    # The serializer's ListField, MultipleChoiceField and DictField keep their values here.
    tags = models.JSONField(default=list, blank=True)
    categories = models.JSONField(default=list, blank=True)
    limits = models.JSONField(default=dict, blank=True)
    receipt = models.ImageField(upload_to="receipts/", null=True, blank=True)
    attachment = models.FileField(upload_to="attachments/", null=True, blank=True)
    approved = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)  # the cursor's ordering


class Note(models.Model):
    expense = models.ForeignKey(Expense, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
