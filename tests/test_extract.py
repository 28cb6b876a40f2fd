"""Text out of PDF and Word files, read in a child process that cannot hang or crash the app."""

from __future__ import annotations

import io
import sys
import zipfile

import pytest

from learnhub.errors import ValidationError
from learnhub.extract import extract_text, worker_command
from learnhub.uploads import DOCX, PDF

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def pdf_with_text(text: str) -> bytes:
    """A one-page PDF, written by hand so the tests need no PDF writer: Helvetica, ASCII text."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def docx_with(*paragraphs: str, members: dict[str, str] | None = None) -> bytes:
    """A minimal .docx: the two parts every Word document has, one <w:p> per paragraph."""
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'
    document += f"{body}</w:body></w:document>"
    parts = (
        {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": document}
        if members is None
        else members
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_a_pdf_gives_its_text() -> None:
    data = pdf_with_text("Classified computers never connect to the internet")
    assert extract_text(data, PDF) == "Classified computers never connect to the internet"


def test_chinese_word_text_round_trips_paragraph_by_paragraph() -> None:
    data = docx_with("第一条 涉密计算机不得连接互联网。", "第二条 涉密载体应当登记。")
    assert (
        extract_text(data, DOCX) == "第一条 涉密计算机不得连接互联网。\n第二条 涉密载体应当登记。"
    )


def test_tabs_and_line_breaks_in_word_survive() -> None:
    document = (
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t>'
        "<w:br/><w:t>丙</w:t></w:r></w:p></w:body></w:document>"
    )
    data = docx_with(members={"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": document})
    assert extract_text(data, DOCX) == "甲\t乙\n丙"


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (b"%PDF-1.4 then nothing a reader can use", PDF),
        (pdf_with_text("cut short")[:150], PDF),
        (b"PK\x03\x04 and garbage after the signature", DOCX),
        (docx_with(members={"word/document.xml": "<w:document><unclosed"}), DOCX),
    ],
)
def test_a_damaged_file_is_reported_as_corrupt(data: bytes, media_type: str) -> None:
    with pytest.raises(ValidationError) as refused:
        extract_text(data, media_type)
    assert refused.value.key == "uploads.corrupt"


def test_an_xml_bomb_in_word_is_refused() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body>'
        "</w:document>"
    )
    data = docx_with(members={"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": bomb})
    with pytest.raises(ValidationError) as refused:
        extract_text(data, DOCX)
    assert refused.value.key == "uploads.corrupt"


def test_a_worker_that_runs_too_long_is_stopped() -> None:
    sleeper = [sys.executable, "-c", "import time; time.sleep(30)"]
    with pytest.raises(ValidationError) as refused:
        extract_text(pdf_with_text("slow"), PDF, timeout=0.5, command=sleeper)
    assert refused.value.key == "uploads.extract_timeout"
    assert refused.value.params == {"seconds": 0}


def test_a_worker_that_crashes_is_reported() -> None:
    crasher = [sys.executable, "-c", "import os; os.abort()"]
    with pytest.raises(ValidationError) as refused:
        extract_text(pdf_with_text("boom"), PDF, command=crasher)
    assert refused.value.key == "uploads.extract_failed"


def test_a_file_that_needs_too_much_memory_is_stopped() -> None:
    # 60 MB of text packed into 110 KB; under a 100 MB address-space limit the worker cannot
    # hold it, and says so instead of taking the app's memory.
    data = docx_with(*["内容" * 1000] * 10_000)
    command = worker_command(DOCX, 20)
    command[-2] = "100"
    with pytest.raises(ValidationError) as refused:
        extract_text(data, DOCX, command=command)
    assert refused.value.key == "uploads.too_complex"


def test_the_worker_runs_isolated_with_limits() -> None:
    command = worker_command(DOCX, 20)
    assert command[:2] == [sys.executable, "-I"]
    assert command[-3:] == [DOCX, "512", "21"]
