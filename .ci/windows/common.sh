# Sourced by the scripts in .ci/windows: where the cached Windows toolchain
# lives, how Wine is run, and how a stage's time is recorded.
# Not executable on its own.

WIN_CACHE=${WINFAX_CACHE:-/var/cache/winfax-ci}/windows
WIN_ENV=$WIN_CACHE/env.sh           # written by .ci/windows/setup
WIN_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

win_log() { echo "[${WIN_STAGE:-windows}] $*" >&2; }
win_die() { win_log "$*"; exit 1; }

# A stage's time goes to CI's table when CI collects results, and to stderr
# always, so a manual run shows it too.
win_stage_done() {  # NAME START_SECONDS [STATUS]
    local seconds=$((SECONDS - $2))
    win_log "stage $1: ${seconds}s ${3:-ok}"
    if [ -n "${WINFAX_CI_RESULTS:-}" ]; then
        python3 "$WIN_ROOT/.ci/report.py" stage "$1" "$seconds" "${3:-ok}"
    fi
}

# The paths setup resolved (Pythons, headers, import libraries, prefix).
win_load_env() {
    [ -f "$WIN_ENV" ] || win_die "run .ci/windows/setup first ($WIN_ENV is missing)"
    # shellcheck source=/dev/null
    . "$WIN_ENV"
}

# Wine without a display, without the desktop integration and the .NET/HTML
# installers it would offer, and quiet.
win_wine_env() {
    unset DISPLAY WAYLAND_DISPLAY
    export WINEPREFIX=$1
    export WINEDEBUG=-all
    export WINEDLLOVERRIDES="winemenubuilder.exe=d;mscoree=d;mshtml=d"
    export WINEARCH=win64
}

# A Unix path as the Windows programs see it (Wine maps / to Z:).
win_path() {
    local abs
    abs=$(realpath -m "$1")
    printf 'Z:%s' "${abs//\//\\}"
}

# Runs a Windows program.  python.exe dies at start-up under Wine unless
# stdin is /dev/null and stdout is a pipe, hence the `| cat`; pipefail keeps
# the program's exit status.
win_run() {
    "$@" </dev/null 2>&1 | cat
}

# Stops this prefix's Wine processes, and only those.
win_wine_stop() {
    wineserver -k 2>/dev/null || true
    wineserver -w 2>/dev/null || true
}

# Writes DIR/pythonXY._pth: the standard library, DIR, DIR\Lib\site-packages,
# the extra folders given, then `import site` (so .pth files and
# site-packages work as in an installed Python).  The embeddable Python takes
# its sys.path from this file alone.
win_write_pth() {  # DIR EXTRA_FOLDER...
    local dir=$1 pth zip
    shift
    pth=$(ls "$dir"/python3*._pth)
    zip=$(basename "${pth%._pth}").zip
    mkdir -p "$dir/Lib/site-packages"
    {
        printf '%s\r\n' "$zip" "." 'Lib\site-packages'
        for extra in "$@"; do printf '%s\r\n' "$(win_path "$extra")"; done
        printf 'import site\r\n'
    } >"$pth"
}
