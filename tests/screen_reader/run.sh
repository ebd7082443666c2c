#!/usr/bin/env bash
# Hears the workbench as a screen reader (Orca) would: a virtual display, the AT-SPI bus with
# screen reading switched on, the release workbench on a project, and walk.py printing the tree.
#
#   tests/screen_reader/run.sh [PROJECT.ron]      (default: the Brightwatt sample)
#
# Needs Debian's xvfb, at-spi2-core, dbus and python3-pyatspi (installed when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
project=${1:-assets/samples/brightwatt.ron}
need=()
for p in xvfb at-spi2-core dbus python3-pyatspi; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
[ -x target/release/rapport ] || cargo build --release
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
chmod 700 "$XDG_RUNTIME_DIR"
exec dbus-run-session -- bash -c '
  set -euo pipefail
  display=""
  for n in $(seq 150 190); do [ -e /tmp/.X11-unix/X$n ] || { display=":$n"; break; }; done
  Xvfb "$display" -screen 0 1366x768x24 -noreset -nolisten tcp >/dev/null 2>&1 & xvfb=$!
  export DISPLAY=$display
  /usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 & bus=$!
  sleep 1
  for prop in IsEnabled ScreenReaderEnabled; do
    dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus \
      org.freedesktop.DBus.Properties.Set string:org.a11y.Status string:$prop variant:boolean:true >/dev/null
  done
  target/release/rapport "'"$project"'" >/tmp/rapport-screen-reader.log 2>&1 & app=$!
  sleep 4
  status=0
  /usr/bin/python3 tests/screen_reader/walk.py rapport || status=$?
  kill $app $bus $xvfb 2>/dev/null || true
  exit $status
'
