"""Build, at test time, a corpus of every kind of file users drop into corpus/.

`make_bad_corpus(folder)` writes the files and returns what askncpi should do with
each: index it, skip it with a reason (a phrase the reason must contain), or pass
over it quietly. Nothing here is committed as a binary.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from pdfgen import pdf_bytes

WORDS = ("children plans delay drift inspectors found social workers visits assessment risk "
         "managers court care leavers housing strategy partners police schools").split()


@dataclass(frozen=True)
class Expect:
    outcome: str  # "indexed", "skipped" or "quiet"
    reason: str = ""  # for "skipped": a phrase the one-line reason contains


def _sentences(rng: random.Random, n: int) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "." for _ in range(n)]


def _encrypted(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes([["Protected report: delay in plans."]]))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"\x00\xff\xff\xff"  # one white pixel
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("report.txt", "not a pdf")
    return out.getvalue()


def _raw_pdf(objects: list[bytes], info: int | None = None) -> bytes:
    """A PDF of these objects (numbered from 1, object 1 the catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for num, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    info_ref = b" /Info %d 0 R" % info if info else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, info_ref, xref)
    return bytes(out)


def _page_objects(text: bytes) -> list[bytes]:
    stream = b"BT /F1 11 Tf 50 800 Td (" + text + b") Tj ET"
    return [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
            b"/Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]


def decompression_bomb(inflated_bytes: int) -> bytes:
    """A small PDF whose one content stream inflates to `inflated_bytes` (2 GB: a 2 MB file)."""
    packer = zlib.compressobj(9)
    block = b"\x00" * (1 << 24)
    stream = b"".join(packer.compress(block) for _ in range(max(1, inflated_bytes // len(block)))) + packer.flush()
    return _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                     b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"])


def looping_page_tree() -> bytes:
    """The page tree lists itself among its kids: a walk that does not check loops never ends."""
    return _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                     *_page_objects(b"Inspectors found delay in plans for children.")])


def deeply_nested(depth: int = 100_000) -> bytes:
    """A page whose resources hold an array nested `depth` deep: recursive parsers overflow."""
    nest = b"[" * depth + b"]" * depth
    page, content, font = _page_objects(b"Inspectors found delay in plans for children.")
    page = page.replace(b"/Contents 4 0 R", b"/Contents 4 0 R /Nest " + nest)
    return _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     page, content, font])


def hostile_title_pdf() -> bytes:
    """A PDF whose Info title writes the clipboard (OSC 52), retitles the window and clears the screen."""
    title = "\x1b]52;c;ZXZpbA==\x07\x1b]0;pwned\x07Review of \x1b[31mEvil\x1b[0m \x9b2J\u202eCouncil"
    hex_title = ("\ufeff" + title).encode("utf-16-be").hex().encode()  # a UTF-16 string, so C1 and bidi survive
    return _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     *_page_objects(b"inspectors found delay in plans for children and drift in visits."),
                     b"<< /Title <" + hex_title + b"> >>"], info=6)


def _jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(range(256)) * 8 + b"\xff\xd9"


# File names that must reach no terminal as they are: escapes, a newline, other scripts, quotes.
ESCAPE_NAME = "evil\x1b[31mred\nname.txt"
OTHER_SCRIPT_NAMES = ("تقرير التفتيش.txt", "检查报告.txt", "report with spaces 'single' \"double\".txt")


def make_bad_corpus(folder: Path, big: bool = True) -> dict[str, Expect]:
    """Write the cases into `folder`; `big` adds the slow ones (thousands of pages, 5 MB line)."""
    rng = random.Random(7)
    folder.mkdir(parents=True, exist_ok=True)
    good_pdf = pdf_bytes([_sentences(rng, 6), _sentences(rng, 6)])
    files: dict[str, tuple[bytes, Expect]] = {
        "good.pdf": (good_pdf, Expect("indexed")),
        "encrypted-no-password.pdf": (_encrypted(""), Expect("indexed")),
        "encrypted-with-password.pdf": (_encrypted("secret"), Expect("skipped", "password")),
        "truncated.pdf": (good_pdf[: len(good_pdf) // 2], Expect("skipped", "PDF")),
        "corrupt.pdf": (b"%PDF-1.4\n" + bytes(rng.randrange(256) for _ in range(3000)), Expect("skipped", "PDF")),
        "zero-bytes.pdf": (b"", Expect("skipped", "empty")),
        "picture.pdf": (_png(), Expect("skipped", "not a PDF")),
        "archive.pdf": (_zip(), Expect("skipped", "not a PDF")),
        "scanned.pdf": (pdf_bytes([[], [], []]), Expect("skipped", "OCR")),
        "latin-1.txt": ("Café staff found délai in plans for children.\n".encode("latin-1"), Expect("indexed")),
        "invalid-utf8.txt": (b"Inspectors found \xff\xfe delay \xc3 in plans.\n", Expect("indexed")),
        "junk.txt": (bytes(rng.randrange(256) for _ in range(5000)), Expect("skipped", "binary")),
        "slides.pptx": (_zip(), Expect("skipped", "unsupported")),
        "notes": (b"no extension", Expect("skipped", "unsupported")),
        ".hidden.pdf": (good_pdf, Expect("quiet")),
        "~$draft.txt": (b"office lock file", Expect("quiet")),
        "report.txt~": (b"editor backup", Expect("quiet")),
        ".report.md.swp": (b"vim swap", Expect("quiet")),
    }
    files.update({
        ESCAPE_NAME: (b"Escape \x1b[2J\x1b[Hstaff found \x1b]52;c;ZXZpbA==\x07delay in plans.\n", Expect("indexed")),
        "hostile-title.pdf": (hostile_title_pdf(), Expect("indexed")),
        "hostile-heading.md": (b"# Findings \x1b[2J\x1b]0;pwned\x07about visits\n\nThe inspection found "
                               b"overdue visits to children in care.\n", Expect("indexed")),
        "page-tree-loop.pdf": (looping_page_tree(), Expect("indexed")),
        "deeply-nested.pdf": (deeply_nested(), Expect("indexed")),
        "photo.txt": (_jpeg(), Expect("skipped", "binary")),
        "archive.txt": (_zip(), Expect("skipped", "binary")),
        "saved-page.txt": (b"<!DOCTYPE html>\n<html><head><title>Report</title></head><body><p>Inspectors found "
                           b"delay.</p></body></html>\n", Expect("skipped", "HTML")),
        **{name: (f"Inspectors found delay in plans ({name}).\n".encode(), Expect("indexed"))
           for name in OTHER_SCRIPT_NAMES},
    })
    if big:
        files["decompression-bomb.pdf"] = (decompression_bomb(2 << 30), Expect("skipped", "too large to read safely"))
        files["fifty-mb.txt"] = (("The inspection found delays in plans. " * 1_400_000).encode(),
                                 Expect("skipped", "too large to read safely"))
        files["tiny-pages.pdf"] = (pdf_bytes([[rng.choice(WORDS)] for _ in range(5000)]), Expect("indexed"))
        files["thousands-of-pages.pdf"] = (pdf_bytes([_sentences(rng, 4) for _ in range(2500)]), Expect("indexed"))
        files["enormous-page.pdf"] = (pdf_bytes([_sentences(rng, 12000)]), Expect("indexed"))
        files["one-5mb-line.txt"] = (("The inspection found delays in plans. " * 140_000).encode(), Expect("indexed"))
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    expect = {name: e for name, (_, e) in files.items()}
    # Links: inside corpus/ followed; outside, broken or looping reported; a folder loop ignored.
    outside = folder.parent / "outside-secret.txt"
    outside.write_text("Not part of the corpus.")
    (folder / "inside-link.txt").symlink_to(folder / "latin-1.txt")
    (folder / "outside-link.txt").symlink_to(outside)
    (folder / "broken-link.pdf").symlink_to(folder / "does-not-exist.pdf")
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    (folder / "folder-loop").symlink_to(folder)
    expect.update({
        "inside-link.txt": Expect("indexed"),
        "outside-link.txt": Expect("skipped", "outside corpus"),
        "broken-link.pdf": Expect("skipped", "link"),
        "loop-a.txt": Expect("skipped", "link"),
        "loop-b.txt": Expect("skipped", "link"),
    })
    return expect
