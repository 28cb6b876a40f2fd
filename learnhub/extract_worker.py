"""The child process that reads text out of an uploaded PDF or .docx (see extract.py).

Run as a script with `python -I` so it imports only the standard library, pypdf and defusedxml:
importing the `learnhub` package would load pandas and DuckDB into a process meant to be small.
Reads the file on stdin, writes UTF-8 text on stdout. Exit codes: 0 done, 3 unreadable file,
4 encrypted PDF, 5 out of memory.
"""

from __future__ import annotations

import io
import resource
import sys
import zipfile

UNREADABLE, ENCRYPTED, OUT_OF_MEMORY = 3, 4, 5
MAX_TEXT = 2_000_000  # characters; beyond this a "lesson" is not something staff read
MAX_XML = 64 * 1024 * 1024
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _limit(memory_mb: int, cpu_seconds: int) -> None:
    # Set before pypdf is imported or the file parsed, so a hostile file meets the limits.
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # Many PDFs are "encrypted" with an empty password only to restrict printing.
        try:
            reader.decrypt("")
            pages = [page.extract_text() or "" for page in reader.pages]
        except Exception:
            sys.exit(ENCRYPTED)
    else:
        pages = [page.extract_text() or "" for page in reader.pages]
    return "\n\n".join(p.strip() for p in pages if p.strip())


def docx_text(data: bytes) -> str:
    from defusedxml import ElementTree  # type: ignore[import-untyped]

    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("word/document.xml") as fh:
        # The parent checked the declared sizes; this bounds what a lying header can cost.
        xml = fh.read(MAX_XML + 1)
    if len(xml) > MAX_XML:
        raise ValueError("document.xml too large")
    root = ElementTree.fromstring(xml)
    paragraphs = []
    for paragraph in root.iter(f"{_W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs).strip()


def main(argv: list[str]) -> int:
    media_type, memory_mb, cpu_seconds = argv[0], int(argv[1]), int(argv[2])
    _limit(memory_mb, cpu_seconds)
    data = sys.stdin.buffer.read()
    try:
        text = pdf_text(data) if media_type == "application/pdf" else docx_text(data)
    except MemoryError:
        return OUT_OF_MEMORY
    except Exception:
        # pypdf, zipfile and the XML parser raise many types for damaged or hostile input.
        return UNREADABLE
    sys.stdout.buffer.write(text[:MAX_TEXT].encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
