#!/usr/bin/env bash
# What the case notices (WeasyPrint) and their tests need from Debian: Pango for WeasyPrint, a
# CJK font for Chinese text, poppler-utils (pdftoppm, pdftotext) to check rendered PDFs.
# Idempotent; run by `make test`.
set -euo pipefail
missing=()
for package in libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk poppler-utils; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
