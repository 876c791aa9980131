#!/bin/sh
# Install the Debian packages the project needs, only those that are missing:
# CJK fonts and Pango/HarfBuzz for WeasyPrint, Chromium for the browser tests,
# poppler-utils to look at rendered PDFs, Node.js/npm for the front-end libraries.
set -e
PACKAGES="fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
chromium chromium-driver poppler-utils nodejs npm"

missing=""
for pkg in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
        || missing="$missing $pkg"
done
# npm may come with a Node.js that was not installed from Debian's packages.
if command -v npm >/dev/null 2>&1; then
    missing=$(echo "$missing" | sed 's/ nodejs//; s/ npm//')
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing system packages:$missing" >&2
    echo "Install them as root with: apt-get install -y$missing" >&2
    exit 1
fi
echo "Installing system packages:$missing"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
