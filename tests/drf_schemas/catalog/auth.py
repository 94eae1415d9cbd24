"""A JWT-like bearer scheme of our own: no JWT package is installed, and drf-spectacular's
extension for a custom class is what such a package's contrib module would be."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>`; the corpus only writes schemas, so it never accepts."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> None:
        return None

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "tests.drf_schemas.catalog.auth.BearerTokenAuthentication"
    name = "jwtAuth"  # the name drf-spectacular's simplejwt and rest_framework_jwt use

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix="Bearer", bearer_format="JWT")
