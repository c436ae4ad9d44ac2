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
    if big:
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
