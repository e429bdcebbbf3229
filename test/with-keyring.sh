#!/bin/sh
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring: the tests
# store and read secrets through a real Secret Service, never a stub.
set -e
if [ -n "$LOGTO_TEST_KEYRING_HOME" ]; then exec "$@"; fi
for tool in dbus-run-session gnome-keyring-daemon secret-tool; do
  command -v "$tool" >/dev/null || { echo "npm test needs $tool: apt-get install dbus gnome-keyring libsecret-tools" >&2; exit 1; }
done
LOGTO_TEST_KEYRING_HOME=$(mktemp -d)
export LOGTO_TEST_KEYRING_HOME
# The daemon keeps its keyring files under XDG_DATA_HOME: a throwaway one, not the user's.
exec dbus-run-session -- sh -c '
  XDG_DATA_HOME="$LOGTO_TEST_KEYRING_HOME" sh -c "printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null"
  exec "$@"' sh "$@"
