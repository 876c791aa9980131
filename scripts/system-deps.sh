#!/bin/sh
# Install the Debian packages the project needs, only those that are missing:
# CJK fonts and Pango/HarfBuzz for WeasyPrint, Chromium for the browser tests,
# poppler-utils to look at rendered PDFs, Node.js/npm for the front-end libraries.
# The print faces: FandolFang/Kai/Hei/Song (GPL with the font exception, GB2312
# coverage; they ship inside texlive-lang-chinese and are registered with
# fontconfig below) and LXGW WenKai (OFL) as a second 楷体; Noto CJK (OFL) covers
# the rare characters the GB2312 faces lack.
set -e
PACKAGES="fonts-noto-cjk fonts-lxgw-wenkai texlive-lang-chinese libpango-1.0-0 \
libpangoft2-1.0-0 libharfbuzz-subset0 chromium chromium-driver poppler-utils nodejs npm"
FANDOL_DIR=/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol
FANDOL_CONF=/etc/fonts/conf.d/09-planner-fandol.conf

register_fandol() {
    # TeX keeps Fandol in its own tree; fontconfig (and so WeasyPrint) must be told.
    [ -d "$FANDOL_DIR" ] && [ ! -f "$FANDOL_CONF" ] && [ "$(id -u)" = 0 ] || return 0
    printf '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>%s</dir></fontconfig>\n' \
        "$FANDOL_DIR" > "$FANDOL_CONF"
    fc-cache -f >/dev/null 2>&1 || true
}

missing=""
for pkg in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
        || missing="$missing $pkg"
done
# npm may come with a Node.js that was not installed from Debian's packages.
if command -v npm >/dev/null 2>&1; then
    missing=$(echo "$missing" | sed 's/ nodejs//; s/ npm//')
fi
if [ -z "$missing" ]; then
    register_fandol
    exit 0
fi

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing system packages:$missing" >&2
    echo "Install them as root with: apt-get install -y$missing" >&2
    exit 1
fi
echo "Installing system packages:$missing"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
register_fandol
