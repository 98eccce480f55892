#!/usr/bin/env bash
# Installs the Debian packages named as arguments that are not installed yet; prints what it
# installs (nothing when all are there, so a warm cache pays no `apt-get update`). Run as root.
# Usage: install-debian-packages.sh PACKAGE...
set -euo pipefail
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
((${#missing[@]})) || exit 0
echo "installing: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
