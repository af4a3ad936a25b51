#!/usr/bin/env bash
# The editor end-to-end tier (npm run test:e2e): the extension in a REAL VS Code (1.139, from the npm
# package code-server; no VS Code download needed), in two parts:
#
#   UI smoke   the packaged .vsix installed into code-server, driven by headless Debian chromium
#              (test/e2e/ui-smoke.js); takes the README's screenshots into the run folder, and refreshes
#              docs/screenshots/*.png only on request (npm run screenshots), so a test run leaves the tree clean
#   exthost    the suite test/e2e/suite (a run() module, as @vscode/test-electron expects) inside the real
#              Node extension host with the `vscode` API (test/e2e/run-electron.js: desktop VS Code via
#              runTests where one is available, else VS Code's server inside code-server)
#
# Steps: install the cache (first run only: 4-5 min on 2 idle cores), `npm run package` at the repo root, UI smoke,
# exthost suite. The LAST line is "N passed, N failed" (both parts together); exit 0 only if all passed.
#
# Env:
#   E2E_CACHE     cache outside the repo (default ~/.cache/cloudhsm-policy-lint-e2e): Node 24, code-server,
#                 playwright-core, and run/ (this run's profiles, workspaces, logs; recreated every run)
#   SKIP_PACKAGE=1  test the existing cloudhsm-policy-lint.vsix instead of running `npm run package`
#   E2E_VSIX      the .vsix to test (default: <repo>/cloudhsm-policy-lint.vsix)
#   E2E_SKIP_UI=1 / E2E_SKIP_EXTHOST=1   run one part only
#   E2E_GREP      regexp: run only the matching extension-host tests
#   E2E_EXT_DEV_PATH  run the suite against this extension folder (e.g. the repo root after `npm run build`)
#                 instead of the unpacked .vsix
#   E2E_ROUTE     auto|electron|code-server (see run-electron.js); VSCODE_EXECUTABLE_PATH for desktop VS Code
#   E2E_SCREENSHOTS  where to copy the screenshots after a passing UI smoke (default "none": they stay in
#                 run/ui/screenshots); `npm run screenshots` sets it to docs/screenshots
set -uo pipefail   # no -e: every part runs and is counted, failures are collected below

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export E2E_CACHE="${E2E_CACHE:-$HOME/.cache/cloudhsm-policy-lint-e2e}"
T0=$(date +%s)
step() { echo; echo "=== [e2e $(( $(date +%s) - T0 ))s] $*"; }

PASSED=0 FAILED=0
# add a part's counts from its "N passed, N failed" line; a part that exited non-zero without
# reporting a failure still counts as one failure
count() { # count <name> <rc> <log file>
  local name=$1 rc=$2 file=$3 p=0 f=0 line
  line="$(grep -Eo '^[0-9]+ passed, [0-9]+ failed' "$file" 2>/dev/null | tail -1)"
  if [ -n "$line" ]; then p=${line%% passed*}; f=${line#*, }; f=${f%% failed*}; fi
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  if [ "$rc" -eq 0 ] && [ "$p" -eq 0 ]; then f=$((f + 1)); echo "$name: ran no test"; fi
  PASSED=$((PASSED + p)) FAILED=$((FAILED + f))
  echo "--- $name: $p passed, $f failed (exit $rc)"
}
finish() { echo; echo "$PASSED passed, $FAILED failed"; [ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]; exit $?; }

# --- cache (Node 24, code-server, playwright-core, chromium) -------------------------------------------
step "cache $E2E_CACHE"
if ! bash "$HERE/lib/setup-cache.sh" </dev/null; then
  echo "setting up the e2e cache failed"; FAILED=1; finish
fi
# shellcheck source=/dev/null
. "$E2E_CACHE/env.sh"

# --- this run's folder: profiles, workspaces, logs, sockets. Everything a run writes stays here. ------
RUN="$E2E_CACHE/run"
# stop_group <signal> <pgid file>: signals the process group recorded in the file, but only while
# that group still runs something of this cache (a stale id may have been reused by now)
stop_group() {
  local pg; pg="$(cat "$2" 2>/dev/null)"; rm -f "$2"
  [ -n "$pg" ] && pgrep -g "$pg" -f "$E2E_CACHE" >/dev/null 2>&1 && kill "-$1" -- "-$pg" 2>/dev/null
  return 0
}
# stop whatever a previous, killed run left behind
for f in "$RUN"/*.pgid; do [ -f "$f" ] && stop_group KILL "$f"; done
rm -rf "$RUN" && mkdir -p "$RUN/tmp" "$RUN/xdg"/{config,data,cache,state,runtime}
chmod 700 "$RUN/xdg/runtime"
export XDG_CONFIG_HOME="$RUN/xdg/config" XDG_DATA_HOME="$RUN/xdg/data" XDG_CACHE_HOME="$RUN/xdg/cache" \
       XDG_STATE_HOME="$RUN/xdg/state" XDG_RUNTIME_DIR="$RUN/xdg/runtime"
# VS Code creates unix sockets (vscode-ipc-<uuid>.sock, ~50 chars) in TMPDIR, and a socket path must be
# shorter than 108 bytes: with a long $HOME use a short symlink in /tmp that points into the run folder.
TMPDIR="$RUN/tmp"
if [ ${#TMPDIR} -gt 50 ]; then
  for l in /tmp/chpl-e2e-*; do [ -L "$l" ] && [ ! -e "$l" ] && rm -f "$l"; done # dangling ones of old runs
  short="$(mktemp -u /tmp/chpl-e2e-XXXXXX)" && ln -s "$RUN/tmp" "$short" && TMPDIR="$short" && echo "$short" > "$RUN/tmp-link"
fi
export TMPDIR
export E2E_NODE24="$NODE24_BIN/node" E2E_CS_BIN="$CS_BIN" E2E_VSCODE_SERVER_DIR="$VSCODE_SERVER_DIR" \
       E2E_HARNESS_NODE_MODULES="$HARNESS_NODE_MODULES" CHROMIUM="$CHROMIUM"

# Process groups: each Node driver runs in its own session (setsid, see run_part) recorded in
# $RUN/driver.pgid; the servers a driver starts get process groups of their own, recorded by the
# driver in $RUN/<server>.pgid and stopped by it. The trap stops whatever is still running, by group.
cleanup() {
  for f in "$RUN"/*.pgid; do [ -f "$f" ] && stop_group TERM "$f"; done
  [ -f "$RUN/tmp-link" ] && rm -f "$(cat "$RUN/tmp-link")"
  return 0
}
trap cleanup EXIT
trap 'echo; echo "interrupted"; FAILED=$((FAILED + 1)); finish' INT TERM HUP

# run_part <log> <command...>: runs a driver in a new session and process group (setsid), its output
# shown and saved in <log>, and waits for it. `wait` (unlike a foreground command) returns as soon as
# a signal arrives, so the trap runs at once and stops the group. Returns the driver's exit code.
run_part() {
  local logf=$1 rc; shift
  # bash forks the background job first, so setsid need not fork again: $! is the new group's id
  setsid bash -c '"$@" 2>&1 | tee "$0"; exit "${PIPESTATUS[0]}"' "$logf" "$@" </dev/null &
  echo $! > "$RUN/driver.pgid"
  wait $!; rc=$?
  rm -f "$RUN/driver.pgid"
  return $rc
}

# --- build and package the extension -----------------------------------------------------------------
VSIX="${E2E_VSIX:-$ROOT/cloudhsm-policy-lint.vsix}"
if [ "${SKIP_PACKAGE:-0}" != 1 ]; then
  step "npm run package (log: $RUN/package.log)"
  if ! (cd "$ROOT" && npm run package </dev/null >"$RUN/package.log" 2>&1); then
    tail -30 "$RUN/package.log"; echo "packaging the extension failed"; FAILED=1; finish
  fi
fi
[ -f "$VSIX" ] || { echo "no $VSIX (run npm run package, or unset SKIP_PACKAGE)"; FAILED=1; finish; }
ls -l "$VSIX"
# The extension-host suite tests the same bits as the UI: the .vsix unpacked (a .vsix is a zip whose
# extension/ folder is the installed extension), so a file missing from the package fails both parts.
EXT_DIR="${E2E_EXT_DEV_PATH:-}"
if [ -z "$EXT_DIR" ]; then
  unzip -q "$VSIX" 'extension/*' -d "$RUN/vsix" && EXT_DIR="$RUN/vsix/extension"
fi

# --- UI smoke in chromium ----------------------------------------------------------------------------
SHOTS="${E2E_SCREENSHOTS:-none}"
if [ "${E2E_SKIP_UI:-0}" != 1 ]; then
  step "UI smoke: code-server + chromium (log: $RUN/ui.log)"
  shots_arg=(--screenshots "$SHOTS"); [ "$SHOTS" = none ] && shots_arg=()
  run_part "$RUN/ui.log" "$E2E_NODE24" "$HERE/ui-smoke.js" --vsix "$VSIX" --workspace "$HERE/fixtures/ui-workspace" \
    --run-dir "$RUN" "${shots_arg[@]}"
  count "UI smoke" $? "$RUN/ui.log"
fi

# --- extension-host suite ----------------------------------------------------------------------------
if [ "${E2E_SKIP_EXTHOST:-0}" != 1 ]; then
  step "extension-host suite (log: $RUN/exthost.log, full workbench log: $RUN/exthost/logs)"
  run_part "$RUN/exthost.log" "$E2E_NODE24" "$HERE/run-electron.js" --ext "$EXT_DIR" --run-dir "$RUN"
  rc=$?
  # count from the suite's own results file when there is one (the console log is forwarded best effort)
  if [ -f "$RUN/exthost-results.json" ]; then
    "$E2E_NODE24" -e 'const r=require(process.argv[1]); console.log(`${r.passed} passed, ${r.failed} failed`)' \
      "$RUN/exthost-results.json" > "$RUN/exthost-count.log"
  else : > "$RUN/exthost-count.log"; fi
  count "extension-host suite" "$rc" "$RUN/exthost-count.log"
fi

step "done in $(( $(date +%s) - T0 ))s (logs: $RUN)"
finish
