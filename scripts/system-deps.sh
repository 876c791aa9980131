#!/bin/sh
# Install the Debian packages the project needs, only those that are missing:
# CJK fonts and Pango/HarfBuzz for WeasyPrint, Chromium for the browser tests,
# poppler-utils to look at rendered PDFs, Node.js/npm for the front-end libraries,
# LibreOffice Writer (headless) as the real consumer of the .docx files in tests.
# The print faces: FandolFang/Kai/Hei/Song (GPL with the font exception, GB2312
# coverage; they ship inside texlive-lang-chinese and are registered with
# fontconfig below) and LXGW WenKai (OFL) as a second 楷体; Noto CJK (OFL) covers
# the rare characters the GB2312 faces lack.
set -e
PACKAGES="fonts-noto-cjk fonts-lxgw-wenkai texlive-lang-chinese libpango-1.0-0 \
libpangoft2-1.0-0 libharfbuzz-subset0 chromium chromium-driver poppler-utils nodejs npm \
libreoffice-writer-nogui"
FONT_CONF=/etc/fonts/conf.d/09-planner-fonts.conf
FONT_CONF_SOURCE="$(dirname "$0")/fontconfig/09-planner-fonts.conf"

register_fonts() {
    # TeX keeps Fandol in its own tree; fontconfig (WeasyPrint, LibreOffice) must be
    # told, and the Word face names (仿宋_GB2312, 楷体, 黑体…) mapped to it.
    [ "$(id -u)" = 0 ] || return 0
    cmp -s "$FONT_CONF_SOURCE" "$FONT_CONF" && return 0
    cp "$FONT_CONF_SOURCE" "$FONT_CONF"
    rm -f /etc/fonts/conf.d/09-planner-fandol.conf  # its earlier, alias-less name
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
    register_fonts
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
register_fonts
