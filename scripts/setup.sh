#!/usr/bin/env bash
# Create .venv and install askncpi with its test tools. CPU torch is installed first,
# pinned, so that nothing pulls a multi-GB CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q torch==2.13.0
.venv/bin/python -m pip install -q -e '.[test,charts]'
# OCR for scanned PDFs: Debian's Tesseract (a program, not a pip package). Installed when
# this machine lets us; without it askncpi still works and skips scanned PDFs ("needs OCR").
if ! command -v tesseract >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" = 0 ] || { sudo -n true 2>/dev/null && SUDO="sudo -n"; } || SUDO="none"
    if [ "$SUDO" != none ] && command -v apt-get >/dev/null 2>&1; then
        $SUDO apt-get install -y -q tesseract-ocr tesseract-ocr-eng >/dev/null 2>&1 \
            || { $SUDO apt-get update -q >/dev/null 2>&1 \
                 && $SUDO apt-get install -y -q tesseract-ocr tesseract-ocr-eng >/dev/null 2>&1; } \
            || echo "setup: could not install tesseract-ocr: scanned PDFs will be skipped as 'needs OCR'"
    else
        echo "setup: tesseract not installed (sudo apt-get install tesseract-ocr): scanned PDFs will be skipped as 'needs OCR'"
    fi
fi
