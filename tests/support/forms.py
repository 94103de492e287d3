"""Submitting a form as a browser would."""


def submitted(form) -> dict:
    """What a browser posts for `form` as shown (nothing changed)."""
    data = {}
    for bound in form:
        value = bound.value()
        if getattr(bound.field.widget, "allow_multiple_selected", False):
            data[bound.html_name] = [str(v) for v in value or []]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data
