#!/usr/bin/env bash
# Regenerates all generated RPC code under fixtures/generated/ from
# fixtures/proto/demo/v1/demo.proto. Offline apart from the npm registry.
#
# Code generators are pinned and installed into the git-ignored tools/ folder
# (NOT into the root package: @bufbuild/buf as a root devDependency breaks
# `npm ci` here):
#   @bufbuild/buf            1.75.0  (binary ships in @bufbuild/buf-<platform>)
#   @bufbuild/protoc-gen-es  2.17.0  -> fixtures/generated/connect/
#   ts-proto                 2.18.0  -> fixtures/generated/grpc-js/, fixtures/generated/nice-grpc/
#   @protobuf-ts/plugin      2.11.1  -> fixtures/generated/protobuf-ts/ (protoc-gen-ts)
# and, from the root devDependencies,
#   @grpc/proto-loader       0.8.1   -> fixtures/generated/proto-loader/ (proto-loader-gen-types)
#
# buf's plugin setup lives in fixtures/proto/buf.gen.yaml. Output is
# deterministic: running this script twice yields byte-identical files.
#
# Usage: npm run generate   (or: bash scripts/generate-fixtures.sh, from any cwd)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/tools"
PROTO_DIR="$ROOT/fixtures/proto"
GEN_DIR="$ROOT/fixtures/generated"

BUF_VERSION="1.75.0"
PROTOC_GEN_ES_VERSION="2.17.0"
TS_PROTO_VERSION="2.18.0"
PROTOBUF_TS_VERSION="2.11.1"

# --- 1. Pinned tools in tools/ ---------------------------------------------

mkdir -p "$TOOLS"
cat >"$TOOLS/package.json" <<EOF
{
  "name": "eslint-plugin-rpc-codegen-tools",
  "private": true,
  "description": "Pinned code generators for scripts/generate-fixtures.sh (git-ignored).",
  "dependencies": {
    "@bufbuild/buf": "$BUF_VERSION",
    "@bufbuild/protoc-gen-es": "$PROTOC_GEN_ES_VERSION",
    "ts-proto": "$TS_PROTO_VERSION",
    "@protobuf-ts/plugin": "$PROTOBUF_TS_VERSION"
  }
}
EOF

# Prints the installed version of package $1 in tools/, or nothing.
installed_version() {
  node -e 'try { process.stdout.write(require(process.argv[1] + "/package.json").version) } catch {}' \
    "$TOOLS/node_modules/$1"
}

if [[ "$(installed_version @bufbuild/buf)" != "$BUF_VERSION" ||
  "$(installed_version @bufbuild/protoc-gen-es)" != "$PROTOC_GEN_ES_VERSION" ||
  "$(installed_version ts-proto)" != "$TS_PROTO_VERSION" ||
  "$(installed_version @protobuf-ts/plugin)" != "$PROTOBUF_TS_VERSION" ]]; then
  echo "generate-fixtures: installing pinned code generators into tools/" >&2
  npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error
fi

BUF="$TOOLS/node_modules/.bin/buf"
if ! "$BUF" --version >/dev/null 2>&1; then
  # The binary ships in an optional platform package; if npm skipped it,
  # install the one for this machine explicitly.
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) BUF_PLATFORM=linux-x64 ;;
    Linux-aarch64 | Linux-arm64) BUF_PLATFORM=linux-aarch64 ;;
    Linux-armv7l) BUF_PLATFORM=linux-armv7 ;;
    Darwin-x86_64) BUF_PLATFORM=darwin-x64 ;;
    Darwin-arm64) BUF_PLATFORM=darwin-arm64 ;;
    *)
      echo "generate-fixtures: unsupported platform $(uname -s)-$(uname -m) for @bufbuild/buf" >&2
      exit 1
      ;;
  esac
  echo "generate-fixtures: installing @bufbuild/buf-$BUF_PLATFORM@$BUF_VERSION" >&2
  npm install --prefix "$TOOLS" --no-save --no-audit --no-fund --loglevel=error \
    "@bufbuild/buf-$BUF_PLATFORM@$BUF_VERSION"
fi
if [[ "$("$BUF" --version)" != "$BUF_VERSION" ]]; then
  echo "generate-fixtures: expected buf $BUF_VERSION, got $("$BUF" --version)" >&2
  exit 1
fi

# --- 2. buf generate: connect (protoc-gen-es), grpc-js and nice-grpc (ts-proto), protobuf-ts

# buf.gen.yaml has `clean: true`, so buf empties each output folder first.
# Plugin paths in buf.gen.yaml are relative to fixtures/proto/.
(cd "$PROTO_DIR" && "$BUF" generate)
# protoc-gen-ts has no import-extension option: add `.js` to its relative imports so they
# resolve under NodeNext ESM, like the other generators' output.
find "$GEN_DIR/protobuf-ts" -name '*.ts' -exec sed -i -E 's#^(import .* from "\.{1,2}/[^"]+)";#\1.js";#' {} +

# --- 3. proto-loader-gen-types (@grpc/proto-loader, root devDependency) ------

PROTO_LOADER_GEN="$ROOT/node_modules/.bin/proto-loader-gen-types"
if [[ ! -x "$PROTO_LOADER_GEN" ]]; then
  echo "generate-fixtures: $PROTO_LOADER_GEN missing; run 'npm ci' first" >&2
  exit 1
fi
rm -rf "$GEN_DIR/proto-loader"
# --importFileExtension=.js makes relative imports resolve under NodeNext ESM,
# so no post-processing is needed. Options mirror the loadSync() options used
# in fixtures (longs: String, enums: String, defaults, oneofs).
# (The proto file comes first: -I/--includeDirs is a yargs array option and
# would swallow a trailing positional argument.)
(cd "$PROTO_DIR" && "$PROTO_LOADER_GEN" demo/v1/demo.proto \
  --grpcLib=@grpc/grpc-js \
  --outDir="$GEN_DIR/proto-loader" \
  --longs=String \
  --enums=String \
  --defaults \
  --oneofs \
  --includeComments \
  --importFileExtension=.js \
  --includeDirs=.)

echo "generate-fixtures: done" >&2
find "$GEN_DIR" -type f | sed "s|^$ROOT/||" | LC_ALL=C sort >&2
