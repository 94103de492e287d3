from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security)
def check_group_access(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """A mistyped DJANGO_OIDC_GROUP_ACCESS is found at start-up, not at someone's sign-in."""
    # Imported when the checks run, not when the app loads: the OpenID client pulls in
    # requests and jwt, which commands that skip the checks (import_schedule) never need.
    from accounts.oidc import group_access

    try:
        group_access()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="accounts.E001")]
    return []
