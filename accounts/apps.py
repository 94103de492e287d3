from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Signing in (passwords with a lockout, OpenID Connect) and the audit log."""

    name = "accounts"
    verbose_name = _("accounts and audit log")

    def ready(self) -> None:
        from accounts import audit, checks  # noqa: F401  (connects receivers, registers checks)
