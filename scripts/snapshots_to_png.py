"""Render the TUI snapshot SVGs to PNG for looking at them (a review aid, not a test).

    python -m venv /tmp/svg && /tmp/svg/bin/pip install cairosvg
    /tmp/svg/bin/python scripts/snapshots_to_png.py [OUT_DIR]

Textual's SVGs name the Fira Code font; where it is missing, cairosvg falls back to a
proportional font and the text drifts, so the monospace font is substituted first.
"""

import re
import sys
from pathlib import Path

import cairosvg

SNAPSHOTS = Path(__file__).resolve().parents[1] / "tests" / "__snapshots__"
out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/askncpi-snapshots")
out.mkdir(parents=True, exist_ok=True)
for svg in sorted(SNAPSHOTS.rglob("*.svg")):
    text = re.sub(r'font-family:\s*("Fira Code"|Fira Code, monospace)', 'font-family: "DejaVu Sans Mono", monospace',
                  svg.read_text(encoding="utf-8"))
    png = out / (svg.stem + ".png")
    cairosvg.svg2png(bytestring=text.encode(), write_to=str(png), output_width=1400)
    print(png)
