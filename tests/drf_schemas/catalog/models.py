"""Models whose fields give the serializers something of each kind to describe."""

from __future__ import annotations

from django.db import models


class Owner(models.Model):
    name = models.CharField(max_length=80)
    slug = models.SlugField(unique=True)
    created = models.DateTimeField(auto_now_add=True)  # CursorPagination orders by it

    def __str__(self) -> str:
        return self.name


class Specimen(models.Model):
    class Kind(models.TextChoices):
        PLAIN = "plain", "Plain"
        FANCY = "fancy", "Fancy"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Grade(models.IntegerChoices):
        LOW = 1, "Low"
        HIGH = 2, "High"

    name = models.CharField(max_length=100)
    note = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # Blank and null allowed: drf-spectacular writes oneOf [StatusEnum, BlankEnum, NullEnum].
    status = models.CharField(max_length=10, choices=Status.choices, blank=True, null=True)
    grade = models.IntegerField(choices=Grade.choices)
    active = models.BooleanField(default=True)
    email = models.EmailField(blank=True)
    homepage = models.URLField(blank=True)
    slug = models.SlugField()
    token = models.UUIDField()
    address = models.GenericIPAddressField(null=True, blank=True)
    count = models.IntegerField()
    big = models.BigIntegerField(default=0)
    ratio = models.FloatField()
    price = models.DecimalField(max_digits=12, decimal_places=2)
    happened = models.DateTimeField()
    day = models.DateField()
    at = models.TimeField()
    span = models.DurationField()
    document = models.FileField(upload_to="documents/", blank=True)
    picture = models.ImageField(upload_to="pictures/", blank=True)
    data = models.JSONField(default=dict)
    owner = models.ForeignKey(Owner, related_name="specimens", on_delete=models.CASCADE)
    keepers = models.ManyToManyField(Owner, related_name="kept", blank=True)
    created = models.DateTimeField(auto_now_add=True)
