#!/usr/bin/env bash
# What the tests need from the machine: installs it when root (Debian's apt-get), else names it and stops.
# Called by `make test` and `.ci/run`. Silent and quick when everything is there.
set -euo pipefail

# One requirement a line: "WHAT PACKAGE". WHAT is an absolute path that must exist (a program or a file), or a command name
# looked up on PATH; PACKAGE is the Debian package that provides it. Add a line when the tests need more.
NEEDS=(
  "/usr/lib/postgresql/15/bin/initdb postgresql-15"  # tests/servers/postgres.py starts a throw-away PostgreSQL 15
  "/usr/bin/chromium chromium"                       # tests/browser drive Debian's Chromium through Playwright
  "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc fonts-wqy-microhei"  # a CJK font: Chromium prints Chinese (report PDF test)
  "/usr/bin/redis-server redis-server"                # tests of several app servers start a real Redis
)
# Only as root: PostgreSQL refuses to run as root, so tests/servers/postgres.py runs it as `postgres` through runuser.
ROOT_NEEDS=(
  "runuser util-linux"
)
# A test (tests/test_test_env.py) names other requirements here, one "WHAT PACKAGE" a line.
if [ -n "${COURSEWARE_TEST_NEEDS+set}" ]; then
  mapfile -t NEEDS <<<"$COURSEWARE_TEST_NEEDS"
fi

present() {
  case "$1" in
    /*) [ -e "$1" ] ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

is_root=0
[ "$(id -u)" -eq 0 ] && is_root=1
checks=("${NEEDS[@]}")
[ "$is_root" -eq 1 ] && checks+=("${ROOT_NEEDS[@]}")

missing=() packages=()
for entry in "${checks[@]}"; do
  read -r what package _ <<<"$entry"
  [ -n "${what:-}" ] || continue
  if ! present "$what"; then
    missing+=("$what (Debian package ${package:?"no package named for $what"})")
    [[ " ${packages[*]} " == *" $package "* ]] || packages+=("$package")
  fi
done

if [ "$is_root" -eq 0 ]; then
  if [ ${#packages[@]} -gt 0 ]; then
    {
      echo "The tests need what this machine lacks:"
      printf '  %s\n' "${missing[@]}"
      echo "Install it as root, then run make test again:"
      echo "  apt-get update && apt-get install -y ${packages[*]}"
    } >&2
    exit 1
  fi
  exit 0
fi

if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing what the tests need: ${packages[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
fi
# The system user the root branch of tests/servers/postgres.py runs PostgreSQL as.
if ! id postgres >/dev/null 2>&1; then
  echo "Creating the system user postgres (PostgreSQL refuses to run as root)" >&2
  useradd --system --no-create-home postgres
fi
