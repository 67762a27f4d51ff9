#!/bin/sh
# Render `vnfacts show`'s HTML view of an article in headless Chromium to a PNG,
# so the view can be checked by eye (or attached to a review) without a browser window.
#
#   benchmarks/render_view.sh [ARTICLE.txt] [OUT.png]
#   defaults: corpora/articles/cpi-thang-9-2025.txt, view.png
#
# Needs Chromium (Debian: apt-get install chromium; or set CHROMIUM=/path/to/chrome).
# WINDOW=1200,1800 sets the page size in pixels (the screenshot is that size).
set -eu
cd "$(dirname "$0")/.."

article=${1:-corpora/articles/cpi-thang-9-2025.txt}
png=${2:-view.png}
python=${PYTHON:-.venv/bin/python}
window=${WINDOW:-1200,1800}

browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
    for name in chromium chromium-browser google-chrome; do
        if command -v "$name" >/dev/null 2>&1; then browser=$name; break; fi
    done
fi
[ -n "$browser" ] || { echo "render_view: no Chromium found (apt-get install chromium, or set CHROMIUM)" >&2; exit 2; }

html=$(mktemp -d)/view.html
"$python" -m vnfacts.cli show "$article" -o "$html"
# --no-sandbox: containers and CI often run as root, where Chromium's sandbox refuses to start.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size="$window" --screenshot="$(realpath -m "$png")" "file://$html" 2>/dev/null
echo "render_view: $article -> $png (HTML: $html)" >&2
