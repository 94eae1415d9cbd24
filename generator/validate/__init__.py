"""Stage 2: check the document against the OpenAPI rules, in a child process when it can."""

from generator.validate.background import PendingValidation, ValidationWorker
from generator.validate.rules import validate

__all__ = ["PendingValidation", "ValidationWorker", "validate"]
