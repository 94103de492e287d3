"""Forms of the import wizard: the upload, and the choices made in the preview."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from milestones.importing import UnreadableFile
from milestones.importing.wizard import FILE_TYPES, MAX_CHOICES, Choices, check_upload
from phases.dates import MAX_YEAR, MIN_YEAR
from phases.models import Programme

MAX_DATE_TEXT = 200  # as a date cell


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Schedule"),
        help_text=_(
            "An Excel workbook (.xlsx), a CSV file (.csv) or a Word document (.docx) "
            "whose table is the schedule."
        ),
        # An empty file gets the importer's own message, not Django's.
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(FILE_TYPES)}),
    )
    sheet = forms.CharField(
        label=_("Sheet"),
        max_length=100,
        required=False,
        help_text=_(
            "Import only this sheet of the workbook (or this table of the document: "
            "“Tabel 2”). Empty: every sheet."
        ),
    )
    year = forms.IntegerField(
        label=_("Year the planning starts in"),
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        required=False,
        help_text=_(
            "The year the schedule starts in, for dates written without a year "
            "(“eind sep”, “wk 47”). Empty: the programme's year."
        ),
    )

    def __init__(self, *args, programme: Programme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = programme.year
        self.fields["year"].widget.attrs["placeholder"] = str(programme.year)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_tag = True
        self.helper.layout = Layout(Field("file"), Field("sheet"), Field("year"))
        self.helper.add_input(Submit("upload", _("Upload and check")))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(file_name=upload.name, size=upload.size)
        except UnreadableFile as exc:
            raise forms.ValidationError(str(exc), code="unreadable") from exc
        return upload


def read_choices(data: QueryDict) -> Choices | None:
    """The preview's correction fields, as posted; None when the form had none (``fixes``
    marks that it had: without it, nothing is cleared).

    Every correctable row posts ``fix_sheet``, ``fix_row``, ``fix_original`` and
    ``date_text`` (one name for all rows, which the live date preview reads), in the same
    order; ``fix_undated`` holds the positions of the rows ticked "keep without a date",
    ``undated_sheet`` the sheets without a date column to import undated, ``phase`` the
    phase for the new milestones of a file that names no phases ("": as the file says;
    a pk or 0 for none, checked by the importer).  A text equal to
    the file's is no correction.  What does not fit is left out: it only ever concerns
    the user's own pending import.
    """
    if "fixes" not in data:
        return None
    rows = zip(
        data.getlist("fix_sheet"),
        data.getlist("fix_row"),
        data.getlist("fix_original"),
        data.getlist("date_text"),
        strict=False,
    )
    ticked = set(data.getlist("fix_undated"))
    corrections: dict[tuple[str, int], str] = {}
    undated: set[tuple[str, int]] = set()
    for index, (sheet, row, original, text) in enumerate(rows):
        if index >= MAX_CHOICES or not row.isdigit():
            break
        key = (sheet, int(row))
        text = text.strip()[:MAX_DATE_TEXT]
        # A text field drops the line breaks of a cell: that is no correction.
        if text and text != original.replace("\r", "").replace("\n", "").strip():
            corrections[key] = text
        if str(index) in ticked:
            undated.add(key)
    sheets = frozenset(name for name in data.getlist("undated_sheet")[:MAX_CHOICES] if name)
    phase = data.get("phase", "").strip()
    return Choices(
        corrections=corrections,
        undated_rows=frozenset(undated),
        undated_sheets=sheets,
        phase=int(phase) if phase.isascii() and phase.isdigit() and len(phase) < 10 else None,
    )
