#!/bin/sh
# Print the path of a Python interpreter >= 3.12 (Django 6 needs it), or explain
# what to install and fail. pyenv shims are tried by running them, because a shim
# for a version that is installed but not selected exists on PATH yet refuses to run.
for candidate in "$PYTHON" python3.14 python3.13 python3.12 \
    $(ls -d "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"/versions/3.1[2-9]*/bin/python 2>/dev/null | sort -r) \
    python3; do
    [ -n "$candidate" ] || continue
    if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
        command -v "$candidate" 2>/dev/null || echo "$candidate"
        exit 0
    fi
done
cat >&2 <<'MSG'
No Python 3.12 or newer was found (Django 6 requires it).
Install one, for example:
  apt-get install -y python3.12 python3.12-venv     (Debian 13 / Ubuntu 24.04)
  pyenv install 3.13                                 (any system with pyenv)
or point PYTHON=/path/to/python3.12 at an existing interpreter.
MSG
exit 1
