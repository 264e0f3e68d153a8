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

# What a Wine prefix made now is made for: the Wine version, and whether
# this Wine also runs 32-bit programs (Debian's wine32 ships the i386
# loader /usr/lib/wine/wine).  With wine32 installed, a win64 prefix must
# be a WoW64 one (the 32-bit system DLLs in syswow64); Wine refuses to
# start in a prefix booted before wine32 came ("could not load
# kernel32.dll, status c0000135"), so a prefix is reused only under this
# exact key.
win_prefix_key() {
    local version loaders=win64-only
    version=$(wine --version 2>/dev/null | head -1 | tr -c 'A-Za-z0-9.\n' '_')
    [ -n "$version" ] || win_die "wine is missing (apt-get install wine wine64)"
    if [ -x /usr/lib/wine/wine ]; then
        loaders=wow64
    fi
    echo "$version-$loaders"
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

# ---- the Windows build and a staged Windows machine ------------------------

WIN_BUILD=${WINFAX_WINDOWS_BUILD:-$WIN_ROOT/build/windows}

# True when OUTPUT is missing or older than any of the files given.
win_stale() {  # OUTPUT FILE...
    local output=$1 file
    shift
    [ -f "$output" ] || return 0
    for file in "$@"; do
        [ "$file" -nt "$output" ] && return 0
    done
    return 1
}

# Builds what is out of date for ARCH: $WIN_BUILD/ARCH/_winfax.pyd (with
# _testhooks.pyd, which build-pyd makes with it) and
# $WIN_BUILD/faxsim-ARCH/{WINFAX.dll,libwinpthread-1.dll}.  The simulator
# shares the ABI headers with the extension, so any source counts for both.
win_ensure_built() {  # ARCH
    local arch=$1 sources
    mapfile -t sources < <(find "$WIN_ROOT/src" -name '*.[ch]')
    if [ ! -f "$WIN_BUILD/$arch/_testhooks.pyd" ] ||
        win_stale "$WIN_BUILD/$arch/_winfax.pyd" "${sources[@]}" \
            "$WIN_ROOT/.ci/windows/build-pyd" "$WIN_ROOT/.ci/windows/winfax.def"; then
        "$WIN_ROOT/.ci/windows/build-pyd" "$arch" "$WIN_BUILD/$arch"
    fi
    if win_stale "$WIN_BUILD/faxsim-$arch/WINFAX.dll" "${sources[@]}" \
            "$WIN_ROOT/.ci/windows/build-faxsim-dll"; then
        "$WIN_ROOT/.ci/windows/build-faxsim-dll" "$arch" "$WIN_BUILD/faxsim-$arch" >/dev/null
    fi
}

# WORK/prefix: a Wine prefix of this run's own, as hard links to the cached
# one (a copy of 700 MB in 0.03 s).  wineserver replaces the registry files
# when it saves them, and nothing else in a booted prefix is written in
# place; the registry files are copied anyway, so no run can ever reach
# into the cache.
# The cached prefix must suit the Wine installed now, which may have
# changed since setup ran (win32-smoke installs wine32): if it does not,
# setup runs again, makes the prefix for this Wine and rewrites $WIN_ENV.
win_stage_prefix() {  # WORK
    local reg key
    key=$(win_prefix_key)
    if [ "${WIN_PREFIX_KEY:-}" != "$key" ] || [ ! -f "$WIN_PREFIX_TEMPLATE/.complete" ]; then
        win_log "the cached Wine prefix was made for ${WIN_PREFIX_KEY:-another Wine}, Wine is now $key: running .ci/windows/setup again"
        "$WIN_ROOT/.ci/windows/setup" >&2 || win_die ".ci/windows/setup failed"
        win_load_env
        [ "${WIN_PREFIX_KEY:-}" = "$key" ] || win_die "setup made no prefix for $key"
    fi
    cp -al "$WIN_PREFIX_TEMPLATE" "$1/prefix"
    rm -f "$1/prefix/.complete"
    for reg in "$1"/prefix/*.reg; do
        cp --remove-destination "$WIN_PREFIX_TEMPLATE/$(basename "$reg")" "$reg"
    done
}

# The simulator as the machine's fax client: System32 is where Windows
# keeps WinFax.dll, and the only folder _winfax loads it from.
win_install_faxsim() {  # PREFIX ARCH
    cp "$WIN_BUILD/faxsim-$2/WINFAX.dll" "$WIN_BUILD/faxsim-$2/libwinpthread-1.dll" \
        "$1/drive_c/windows/system32/"
}

# WORK/python: a copy of the cached embeddable CPython VERSION (3.11) whose
# path also holds the folders given.
win_stage_python() {  # VERSION WORK EXTRA_FOLDER...
    local version=$1 work=$2 var
    shift 2
    var=WIN_PYTHON_${version/./}
    [ -n "${!var:-}" ] || win_die "no embeddable CPython $version (have: $WIN_PYTHON_VERSIONS)"
    cp -a "${!var}" "$work/python"
    rm -f "$work/python/.complete"
    win_write_pth "$work/python" "$@"
}

# The win_amd64 wheel in $WIN_BUILD/dist, rebuilt when the module or the
# package changed (.ci/windows/build-wheel); prints its path.
win_ensure_wheel() {
    local wheels wheel inputs
    win_ensure_built x86_64
    wheels=("$WIN_BUILD"/dist/winfax-*-cp311-abi3-win_amd64.whl)
    wheel=${wheels[0]}
    [ -f "$wheel" ] || wheel=
    mapfile -t inputs < <(find "$WIN_ROOT/winfax" -type f ! -name '*.so' ! -name '*.pyc')
    if [ -z "$wheel" ] || win_stale "$wheel" "${inputs[@]}" "$WIN_BUILD/x86_64/_winfax.pyd" \
            "$WIN_BUILD/x86_64/_testhooks.pyd" \
            "$WIN_ROOT/setup.py" "$WIN_ROOT/pyproject.toml" "$WIN_ROOT/MANIFEST.in"; then
        "$WIN_ROOT/.ci/windows/build-wheel" >&2
        wheels=("$WIN_BUILD"/dist/winfax-*-cp311-abi3-win_amd64.whl)
        wheel=${wheels[0]}
    fi
    echo "$wheel"
}

# winfax's files unpacked from the wheel into DEST (a site-packages
# folder): what ships, without running anything under Wine.
win_install_winfax() {  # DEST
    local wheel
    wheel=$(win_ensure_wheel)
    rm -rf "$1/winfax" "$1"/winfax-*.dist-info
    unzip -q "$wheel" -d "$1"
}

# The wheel installed by pip inside the staged Windows CPython (its own
# wheel runs pip; the embeddable has none), console script included, with
# no index: what a user's `pip install winfax` leaves.  Needs win_wine_env.
win_pip_install_winfax() {  # PYTHON_DIR
    local wheel
    wheel=$(win_ensure_wheel)
    win_run wine "$1/python.exe" "$(win_path "$WIN_PIP_WHEEL")/pip" install --isolated \
        --no-index --no-deps --no-cache-dir --disable-pip-version-check \
        --no-warn-script-location --quiet "$(win_path "$wheel")"
    [ -f "$1/Scripts/winfax.exe" ] || win_die "pip installed no Scripts\\winfax.exe"
}
