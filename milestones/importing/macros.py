"""Workbooks with macros are refused by what they contain, not by their name.

An .xlsm (or .xltm, .xlam) renamed to .xlsx is still a macro workbook: its zip holds a
``vbaProject.bin`` and its ``[Content_Types].xml`` declares a macro-enabled part. Regie
reads only cell values, so macros would never run here, but a schedule passed on from
Regie should not carry them either, and the wizard refuses the name already.
"""

from __future__ import annotations

import zipfile
import zlib

from django.utils.translation import gettext

# Enough for any real [Content_Types].xml; read no more of a hostile one.
CONTENT_TYPES_LIMIT = 1024 * 1024
MACRO_MARKERS = (b"macroenabled", b"vbaproject", b"ms-office.activex")


def has_macros(archive: zipfile.ZipFile) -> bool:
    """Whether the workbook in `archive` carries a VBA project or a macro-enabled part."""
    names = archive.namelist()
    if any(name.lower().rsplit("/", 1)[-1] in ("vbaproject.bin", "vbadata.xml") for name in names):
        return True
    if "[Content_Types].xml" not in names:
        return False
    try:
        with archive.open("[Content_Types].xml") as part:
            declared = part.read(CONTENT_TYPES_LIMIT).lower()
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, OSError):
        return False  # a damaged part: reading the workbook itself says so
    return any(marker in declared for marker in MACRO_MARKERS)


def macro_message(file_name: str) -> str:
    return gettext(
        "%(file)s is a workbook with macros (.xlsm). Regie does not take in macros: save it "
        "in Excel as .xlsx (Excel workbook) or .csv and import that file."
    ) % {"file": file_name}
