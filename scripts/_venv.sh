# Sourced by the other scripts: create or reuse a virtual environment and
# install the project into it when pyproject.toml changed since last time.
# Usage: . scripts/_venv.sh EXTRA   (EXTRA: "" for the app, "dev" for tests)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${CROSSCHECK_VENV:-$ROOT/.venv}"
EXTRA="${1:-}"

find_python() {
    for candidate in python3.13 python3.12 python3.11 python3 python; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "crosscheck: Python 3.11 or newer was not found on PATH. Crosscheck needs it;" \
        "install Python 3.11+ and run this script again." >&2
    return 1
}

if [ ! -x "$VENV/bin/python" ]; then
    PY="$(find_python)"
    echo "Creating a virtual environment in $VENV ..." >&2
    "$PY" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip >&2
fi

STAMP="$VENV/.crosscheck-installed${EXTRA:+-$EXTRA}"
WANT="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
    echo "Installing Crosscheck${EXTRA:+ with [$EXTRA]} into $VENV (first run takes a few minutes) ..." >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        -e "$ROOT${EXTRA:+[$EXTRA]}" >&2
    echo "$WANT" >"$STAMP"
fi
# The project is installed editable, so pip compiles none of its modules;
# where PYTHONDONTWRITEBYTECODE is set, Python would compile them again on
# every start (a tenth of a second of each run).  Up to date, this is quick;
# where the checkout is read-only, the modules simply stay uncompiled.
"$VENV/bin/python" -m compileall -q "$ROOT/app" "$ROOT/models" "$ROOT/ui" >/dev/null || true
export PATH="$VENV/bin:$PATH"
