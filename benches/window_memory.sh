#!/usr/bin/env bash
# Memory of the real workbench with its window open (DESIGN.md §12: ≤ 200 MB resident with
# 10,000 touchpoints): the release binary under Xvfb at 1440×900, its resident set size read
# from /proc 8 s after its window appears, now (VmRSS, what `ps -o rss` shows) and at its peak
# (VmHWM).
#
#   bash benches/window_memory.sh [FILE.ron ...]
#
# With no FILE it measures the bundled sample (the workbench opened on nothing) and a generated
# journey of 10,000 touchpoints: a table written here (three lanes, 40-character titles, the
# four kinds of provider, the five exchanges, a third of the flags set, a feeling on one card in
# four, days rising in steps of 0–39, each card linked to the next: links are what the window
# pays most for far out) and read by `rapport import`, so nothing but the release
# binary is needed. Build it first: `cargo build --release`. RAPPORT_BIN names another binary;
# WAIT sets the seconds after the window appears (8). Needs Xvfb and xdotool (installed with
# apt-get when missing, as root).
set -euo pipefail

bin=${RAPPORT_BIN:-${CARGO_TARGET_DIR:-target}/release/rapport}
wait_s=${WAIT:-8}
[ -x "$bin" ] || { echo "window_memory.sh: no $bin; run cargo build --release first" >&2; exit 2; }

need=()
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xdotool >/dev/null || need+=(xdotool)
if [ ${#need[@]} -gt 0 ]; then
  echo "window_memory.sh: installing ${need[*]}" >&2
  apt-get update -qq >/dev/null && apt-get install -y -qq "${need[@]}" >/dev/null
fi

work=$(mktemp -d /tmp/window-memory-XXXX)
xvfb_pid=""
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A 10,000-touchpoint journey, as a table, then as a project.
generate() {
  awk 'BEGIN {
    srand(7);
    print "journey,id,title,phase,day,lane,provider,exchange,strength,two_way,tailored,personalised,recalls_history,sets_next_contact,feeling,links_to";
    split("Customer,Digital,People", lanes, ",");
    split("Priya,Sam,Ann,Joe,Mia", people, ",");
    split("Billing,Care,Retention", teams, ",");
    split("org_gives,org_takes,customer_gives,customer_takes,neutral", exchanges, ",");
    n = 10000; day = 0;
    for (i = 1; i <= n; i++) {
      day += int(rand() * 40);
      phase = (i <= n / 3) ? "EarlyDays" : (i <= 2 * n / 3) ? "FirstDisagreement" : "LongTerm";
      k = int(rand() * 4);
      provider = k == 0 ? "person:" people[1 + int(rand() * 5)] : k == 1 ? "team:" teams[1 + int(rand() * 3)] : k == 2 ? "anyone" : "automated";
      e = exchanges[1 + int(rand() * 5)];
      strength = e == "neutral" ? "" : 1 + int(rand() * 3);
      flags = "";
      for (f = 0; f < 5; f++) flags = flags "," (rand() < 1 / 3 ? "yes" : "no");
      feeling = rand() < 0.25 ? int(rand() * 5) - 2 : "";
      to = i < n ? i + 1 : "";
      printf "Varied,%d,Touchpoint %05d of the generated journey,%s,%d,%s,%s,%s,%s%s,%s,%s\n", i, i, phase, day, lanes[1 + int(rand() * 3)], provider, e, strength, flags, feeling, to;
    }
  }' >"$work/big.csv"
  "$bin" import "$work/big.csv" -o "$work/big.ron" --name "Window memory" >/dev/null
}

display=""
for n in $(seq 90 140); do [ -e /tmp/.X11-unix/X$n ] || [ -e /tmp/.X$n-lock ] || { display=":$n"; break; }; done
[ -n "$display" ] || { echo "window_memory.sh: no free display" >&2; exit 1; }
Xvfb "$display" -screen 0 1440x900x24 -nolisten tcp -noreset >/dev/null 2>&1 & xvfb_pid=$!
sleep 1
export DISPLAY=$display

kb() { awk -v f="$1:" '$1 == f { print $2 }' "/proc/$app_pid/status"; }

measure() {
  local label=$1; shift
  # No recovery file offered back, no settings from this machine: a fresh data dir.
  XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" "$bin" "$@" >"$work/app.log" 2>&1 & app_pid=$!
  if ! timeout 60 xdotool search --sync --onlyvisible --pid "$app_pid" >/dev/null 2>&1; then
    echo "window_memory.sh: $label: no window within 60 s" >&2; cat "$work/app.log" >&2; exit 1
  fi
  sleep "$wait_s"
  kill -0 "$app_pid" 2>/dev/null || { echo "window_memory.sh: $label: the app exited" >&2; cat "$work/app.log" >&2; exit 1; }
  local rss hwm
  rss=$(kb VmRSS); hwm=$(kb VmHWM)
  printf '%-34s %4d MB resident now, %4d MB at the peak (%d s after the window appeared)\n' \
    "$label" $((rss / 1024)) $((hwm / 1024)) "$wait_s"
  kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""
}

if [ $# -eq 0 ]; then
  generate
  measure "the sample" 
  measure "10,000 touchpoints (generated)" "$work/big.ron"
else
  for f in "$@"; do measure "$(basename "$f")" "$f"; done
fi
