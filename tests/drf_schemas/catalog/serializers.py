"""Every serializer field class DRF ships, each in at least one serializer (the test lists
DRF's classes and checks: `python -m tests.drf_schemas --unused-fields`)."""

from __future__ import annotations

from pathlib import Path

from rest_framework import serializers

from tests.drf_schemas.catalog.models import Owner, Specimen

_HERE = Path(__file__).resolve().parent


class OwnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Owner
        fields = ("id", "name", "slug", "created")


class TagSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=40)
    weight = serializers.IntegerField(required=False, min_value=0, max_value=10)


class SpecimenSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="specimen-detail")
    name = serializers.CharField(max_length=100)
    note = serializers.CharField(allow_blank=True, required=False)
    kind = serializers.ChoiceField(choices=Specimen.Kind.choices)
    status = serializers.ChoiceField(choices=Specimen.Status.choices, allow_blank=True,
                                     allow_null=True, required=False)
    grade = serializers.ChoiceField(choices=Specimen.Grade.choices)
    flavours = serializers.MultipleChoiceField(choices=["salt", "sweet", "sour"],
                                               required=False)
    active = serializers.BooleanField()
    email = serializers.EmailField(allow_blank=True, required=False)
    homepage = serializers.URLField(allow_blank=True, required=False)
    slug = serializers.SlugField()
    code = serializers.RegexField(r"^[A-Z]{3}-\d{4}$", write_only=True, required=False)
    token = serializers.UUIDField()
    address = serializers.IPAddressField(allow_null=True, required=False)
    count = serializers.IntegerField(min_value=0)
    big = serializers.BigIntegerField(required=False)
    ratio = serializers.FloatField()
    price = serializers.DecimalField(max_digits=12, decimal_places=2)
    rate = serializers.DecimalField(max_digits=6, decimal_places=3, coerce_to_string=False,
                                    source="price", read_only=True)
    happened = serializers.DateTimeField()
    day = serializers.DateField()
    at = serializers.TimeField()
    span = serializers.DurationField()
    document = serializers.FileField(required=False)
    picture = serializers.ImageField(required=False)
    data = serializers.JSONField()
    scores = serializers.ListField(child=serializers.IntegerField(), required=False)
    labels = serializers.DictField(child=serializers.CharField(), required=False)
    attributes = serializers.HStoreField(required=False)
    created = serializers.ReadOnlyField()
    note_as_model = serializers.ModelField(model_field=Specimen._meta.get_field("note"),
                                           source="note", read_only=True)
    label = serializers.SerializerMethodField()
    owner = serializers.PrimaryKeyRelatedField(queryset=Owner.objects.all())
    owner_link = serializers.HyperlinkedRelatedField(source="owner", view_name="owner-detail",
                                                     read_only=True)
    keepers = serializers.SlugRelatedField(many=True, slug_field="slug",
                                           queryset=Owner.objects.all(), required=False)
    owner_name = serializers.StringRelatedField(source="owner")
    owner_detail = OwnerSerializer(source="owner", read_only=True)
    tags = TagSerializer(many=True, required=False)
    origin = TagSerializer(required=False, allow_null=True)
    template = serializers.FilePathField(path=str(_HERE), match=r"\Amodels\.py\Z",
                                         required=False)
    entered_by = serializers.HiddenField(default=serializers.CurrentUserDefault())

    class Meta:
        model = Specimen
        fields = ("url", "id", "name", "note", "kind", "status", "grade", "flavours", "active",
                  "email", "homepage", "slug", "code", "token", "address", "count", "big",
                  "ratio", "price", "rate", "happened", "day", "at", "span", "document",
                  "picture", "data", "scores", "labels", "attributes", "created",
                  "note_as_model", "label", "owner", "owner_link", "keepers", "owner_name",
                  "owner_detail", "tags", "origin", "template", "entered_by")

    def get_label(self, specimen: Specimen) -> str:
        return f"{specimen.name} ({specimen.kind})"


class UploadSerializer(serializers.Serializer):
    """A plain serializer (no model) taking files: multipart only (`UploadView`)."""

    title = serializers.CharField()
    attachment = serializers.FileField()
    scan = serializers.ImageField(required=False)


class ArchiveSerializer(serializers.Serializer):
    reason = serializers.CharField()
    until = serializers.DateField(required=False, allow_null=True)
