#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, runs on Node 20) into DEST, for machines that cannot
# download VS Code itself: it needs only the npm registry and Debian packages. Idempotent.
#   test/integration/installCodeServer.sh [DEST]   (default: .vscode-test/code-server)
set -euo pipefail
VERSION=4.100.3
DEST=$(realpath -m "${1:-.vscode-test/code-server}")
ENTRY="$DEST/node_modules/code-server/out/node/entry.js"

# code-server's postinstall installs lib/vscode/node_modules and builds its native addons; their
# presence tells a finished install from one whose install scripts were skipped.
installed() {
  local vs="$DEST/node_modules/code-server/lib/vscode/node_modules"
  [ -f "$ENTRY" ] &&
    [ -f "$vs/kerberos/build/Release/kerberos.node" ] &&
    [ -f "$vs/node-pty/build/Release/pty.node" ] &&
    [ -f "$vs/@vscode/spdlog/build/Release/spdlog.node" ] &&
    [ -x "$vs/@vscode/ripgrep/bin/rg" ]
}
if installed; then echo "code-server $VERSION already in $DEST"; exit 0; fi

# System packages: chromium drives the workbench, libkrb5-dev builds the kerberos addon,
# ripgrep stands in for @vscode/ripgrep's GitHub download.
need=()
for p in chromium libkrb5-dev ripgrep; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "missing Debian packages: ${need[*]} (install them as root)" >&2; exit 1; fi
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"
fi

mkdir -p "$DEST/tmp/vscode-ripgrep-cache-1.15.11" "$DEST/tmp/rg"
# @vscode/ripgrep@1.15.11's postinstall uses this cached asset (under $TMPDIR) before asking api.github.com.
cp /usr/bin/rg "$DEST/tmp/rg/rg"
tar czf "$DEST/tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$DEST/tmp/rg" rg

cd "$DEST"
[ -f package.json ] || echo '{"name":"parallelize-vscode-test-host","private":true}' > package.json
# npm_config_unsafe_perm: code-server's postinstall.sh refuses to run as root without it.
# npm_config_yes: node-pty's postinstall runs `npx node-gyp …`, which would otherwise prompt.
# npm 11 warns "install-scripts not yet covered by allowScripts" but still runs them; installed() checks.
TMPDIR="$DEST/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
  npm install --no-audit --no-fund --save-exact "code-server@$VERSION"

if ! installed; then
  echo "code-server's install scripts did not finish: lib/vscode/node_modules or kerberos missing in $DEST" >&2
  exit 1
fi
# The first run writes ~/.config/code-server/config.yaml: keep it out of the real HOME.
HOME="$DEST/tmp" XDG_CONFIG_HOME="$DEST/tmp/.config" XDG_DATA_HOME="$DEST/tmp/.local" node "$ENTRY" --version | tail -1
