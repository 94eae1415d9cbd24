"""Entities, clients, the chart of accounts, credit memos with lines, and attachments."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

MONEY = {"max_digits": 19, "decimal_places": 2}


class Entity(models.Model):
    """A company in the books; its currency is the book currency."""

    name = models.CharField(max_length=120)
    currency = models.CharField(max_length=3, default="USD")
    created_at = models.DateTimeField(auto_now_add=True)


class Client(models.Model):
    """A customer, billed in its own currency."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="clients")
    name = models.CharField(max_length=120)
    email = models.EmailField(blank=True, default="")
    currency = models.CharField(max_length=3, default="USD")
    created_at = models.DateTimeField(auto_now_add=True)


class Account(models.Model):
    """One line of the chart of accounts."""

    class AccountType(models.TextChoices):
        ASSET = "asset", "Asset"
        LIABILITY = "liability", "Liability"
        EQUITY = "equity", "Equity"
        INCOME = "income", "Income"
        EXPENSE = "expense", "Expense"

    name = models.CharField(max_length=120)
    number = models.CharField(max_length=20, unique=True)
    account_type = models.CharField(max_length=20, choices=AccountType.choices)
    opening_balance = models.DecimalField(default=Decimal("0.00"), **MONEY)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)


class CreditMemo(models.Model):
    class CreditMemoType(models.TextChoices):
        CREDIT_MEMO = "credit_memo", "Credit Memo"
        OVERPAYMENT = "overpayment", "Overpayment"

    class ApplicationStatus(models.TextChoices):
        OPEN = "open", "Open"
        PARTIALLY_USED = "partially_used", "Partially Used"
        USED = "used", "Used"
        VOIDED = "voided", "Voided"

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="credit_memos")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="credit_memos")
    credit_memo_number = models.CharField(max_length=40)
    credit_memo_type = models.CharField(
        max_length=20, choices=CreditMemoType.choices, default=CreditMemoType.CREDIT_MEMO)
    credit_memo_date = models.DateField()
    # Campfire's `application_status`: blank AND null allowed, so drf-spectacular writes
    # `oneOf: [ApplicationStatusEnum, BlankEnum, NullEnum]`.
    application_status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, blank=True, null=True)
    void_date = models.DateField(null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    message_on_credit_memo = models.CharField(max_length=500, blank=True, default="")
    internal_note = models.TextField(blank=True, default="")  # write-only in the API
    total_amount = models.DecimalField(default=Decimal("0.00"), **MONEY)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    @property
    def lines_total(self) -> Decimal:
        return sum((line.amount for line in self.lines.all()), Decimal("0.00"))


class CreditMemoLine(models.Model):
    credit_memo = models.ForeignKey(CreditMemo, on_delete=models.CASCADE, related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(null=True, blank=True)
    amount = models.DecimalField(**MONEY)
    position = models.PositiveIntegerField(default=0)  # keeps the order the caller sent

    class Meta:
        ordering = ("position", "id")


class Attachment(models.Model):
    """A file on a credit memo, uploaded as multipart/form-data."""

    credit_memo = models.ForeignKey(
        CreditMemo, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120, blank=True, default="")
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)
