#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked GNOME Keyring, so keytar talks to
# a real Secret Service (the toolchain notes in the team handout show why each step is needed).
set -euo pipefail
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  if [ "${CI:-}" = "true" ]; then
    echo "with-keyring: dbus-run-session and gnome-keyring-daemon are required in CI (apt-get install dbus gnome-keyring)" >&2
    exit 1
  fi
  echo "with-keyring: no dbus-run-session/gnome-keyring-daemon here; keychain tests will say they were skipped" >&2
  exec "$@"
fi
keyring_home=$(mktemp -d)
mkdir -m700 "$keyring_home/run"
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run" TASKTRAY_TEST_KEYRING=1
dbus-run-session -- bash -c 'echo -n ci-pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null && "$@"' bash "$@" 2> >(grep -v "Failed to set fd limit" >&2)
