#!/usr/bin/env bash
# Sets up a fresh checkout: system packages (ffmpeg; with --test also Chromium), npm dependencies, package builds.
# With --test also redis-server and nginx. Used by the README's two commands (`npm run demo`, `npm test`). Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1
[ "${1:-}" = "--bench" ] && want_test=1

say() { printf '[setup] %s\n' "$*" >&2; }

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  say "Node $(node --version) is too old: @ott needs Node 20.19 or newer."; exit 1
fi

# System packages: command -> Debian package.
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
if [ "${1:-}" = "--bench" ]; then
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

# npm dependencies: install when node_modules is missing or older than the lockfile.
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies"
  # `npm install`, not `npm ci`: npm 11 leaves other platforms' optional packages (rollup's, esbuild's) out of the
  # lockfile it writes here, and `npm ci` then refuses the lockfile as out of sync.
  npm install --no-audit --no-fund >&2
fi

# Build the packages (ESM + CJS + d.ts) when a source is newer than its build.
needs_build=0
for pkg in packages/*/; do
  [ -f "$pkg/tsup.config.ts" ] || continue
  if [ ! -d "$pkg/dist" ] || [ -n "$(find "$pkg/src" "$pkg/package.json" -newer "$pkg/dist" -print -quit 2>/dev/null)" ]; then
    needs_build=1
  fi
done
if [ "$needs_build" = 1 ]; then
  say "building packages"
  npm run build --silent >&2
fi
say "ready"
