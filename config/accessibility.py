"""The accessibility statement (`/toegankelijkheid/`), in the structure of the Dutch model
statement (modelverklaring, digitoegankelijk.nl): standard, status, how it was tested, when, and
what is known not to comply yet. Public: the statement must be readable before logging in."""

import datetime

from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

# When the statement was written and the application last examined; renew at least every
# three years, and after a change that affects accessibility.
STATEMENT_DATE = datetime.date(2026, 12, 3)


@method_decorator(login_not_required, name="dispatch")
class AccessibilityStatementView(TemplateView):
    template_name = "accessibility.html"
    extra_context = {"statement_date": STATEMENT_DATE}
