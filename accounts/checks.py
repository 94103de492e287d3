from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from accounts.oidc import group_access


@checks.register(checks.Tags.security)
def check_group_access(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """A mistyped DJANGO_OIDC_GROUP_ACCESS is found at start-up, not at someone's sign-in."""
    try:
        group_access()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="accounts.E001")]
    return []
