from __future__ import annotations

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "tests.drf_schemas.catalog"
    label = "catalog"

    def ready(self) -> None:
        # Registers drf-spectacular's extension for the JWT-like class (by being defined).
        from tests.drf_schemas.catalog import auth  # noqa: F401
