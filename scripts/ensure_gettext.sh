#!/usr/bin/env bash
# GNU gettext's msgfmt compiles locale/*.po (idempotent; Debian's package).
set -euo pipefail
command -v msgfmt >/dev/null 2>&1 && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends gettext
