#!/usr/bin/env bash
# Compatibility matrix for the packed plugin, the way users install it.
#
#   bash scripts/compat.sh            (needs the npm registry; about 3 minutes on 2 cores)
#
# (a) consumer project installed from `npm pack` with ESLint 10 + TypeScript 6.0 and only the README
#     config snippet finds exactly the `// expect: rpc/<rule>` annotations (rules of
#     rpc.configs.recommended) in fixtures/articles/** and test/compat/cases/**, nothing else;
# (b) the same with ESLint 9 + TypeScript 5.4;
# (c) `--cache` (cold and warm) and `--concurrency=2` give the same findings as the plain run of (a);
# (d) publint and attw (esm-only profile) are clean on the tarball;
# (e) SARIF output (@microsoft/eslint-formatter-sarif) carries each reported rule's docs URL;
# (f) a project on TypeScript 7 set up as the README's "On TypeScript 7" says: `tsc` is TypeScript 7
#     (`"@typescript/native": "npm:typescript@^7"`), ESLint and the typed rules load TypeScript 6 through
#     `"typescript": "npm:@typescript/typescript6@^6.0.2"`; tsc 7 type-checks it and the findings are (a)'s.
# Prints one PASS/FAIL line per check and exits 1 on any failure.
# COMPAT_KEEP=1 keeps the temp dir for inspection; COMPAT_CONFIG=<file> replaces the README snippet
# (to diagnose the other checks while the snippet itself fails).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/rpc-compat.XXXXXX")"
if [ "${COMPAT_KEEP:-0}" = 1 ]; then echo "work dir: $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
FAILED=0
START=$SECONDS

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1"; FAILED=1; }
indent() { sed 's/^/    /'; }
# run <log> <cmd…>: runs quietly, shows the log only when the command fails.
run() { local log=$1; shift; if "$@" >"$log" 2>&1; then return 0; else local rc=$?; tail -n 40 "$log" | indent; return $rc; fi; }
# Version of a root devDependency, so the consumer tests what this repo is tested against.
dev() { node -p "require('$ROOT/package.json').devDependencies['$1']"; }
# The SARIF formatter is installed only here, where nothing is locked: it depends on `jschardet@latest`,
# a moving dist-tag that would put the root package-lock.json out of sync on every jschardet release.
SARIF_FORMATTER=3.1.0

# ---------------------------------------------------------------------------------------------
echo "== pack"
cd "$ROOT" || exit 1
if ! run "$WORK/build.log" npm run build --silent; then fail "build"; exit 1; fi
TARBALL="$(npm pack --silent --pack-destination "$WORK" 2>/dev/null | tail -n 1)"
TARBALL="$WORK/$TARBALL"
if [ ! -f "$TARBALL" ]; then fail "npm pack"; exit 1; fi
echo "    $(basename "$TARBALL") ($(du -k "$TARBALL" | cut -f1) kB)"

# The consumer's whole eslint.config.js: the README's snippet (the first ```js block that imports the
# plugin and exports rpc.configs.recommended), else test/compat/eslint.config.js (the same snippet).
if [ -n "${COMPAT_CONFIG:-}" ]; then
  cp "$COMPAT_CONFIG" "$WORK/eslint.config.js"
  echo "    consumer eslint.config.js: $COMPAT_CONFIG (COMPAT_CONFIG; not the README)"
elif node -e '
  const s = require("fs").readFileSync(process.argv[1], "utf8");
  const block = [...s.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1])
    .find((b) => b.includes("import rpc from") && b.includes("export default") && b.includes("rpc.configs.recommended"));
  if (!block) process.exit(1);
  process.stdout.write(block);' "$ROOT/README.md" >"$WORK/eslint.config.js" 2>/dev/null; then
  echo "    consumer eslint.config.js: the README.md snippet"
else
  cp "$ROOT/test/compat/eslint.config.js" "$WORK/eslint.config.js"
  echo "    consumer eslint.config.js: test/compat/eslint.config.js (no snippet found in README.md)"
fi
sed 's/^/      | /' "$WORK/eslint.config.js"

# make_consumer <dir> <eslint spec> <typescript spec> <tsconfig file> [extra "name": "spec" pairs]
make_consumer() {
  local dir=$1 eslint=$2 typescript=$3 tsconfig=$4 extra=${5:-}
  mkdir -p "$dir"
  cp -r "$ROOT/fixtures/articles" "$ROOT/fixtures/generated" "$dir/"
  cp -r "$ROOT/test/compat/cases" "$dir/cases"
  cp "$WORK/eslint.config.js" "$dir/eslint.config.js"
  cp "$tsconfig" "$dir/tsconfig.json"
  # The helper imports the installed plugin; under node_modules/ ESLint does not lint it.
  mkdir -p "$dir/node_modules/.compat"
  cp "$ROOT/test/compat/check-findings.mjs" "$dir/node_modules/.compat/"
  local libs=(@bufbuild/protobuf @connectrpc/connect @connectrpc/connect-node @connectrpc/connect-web
    @grpc/grpc-js @grpc/proto-loader @protobuf-ts/runtime @protobuf-ts/runtime-rpc @types/async-lock
    @types/node async-lock async-mutex await-lock nice-grpc nice-grpc-common typescript-eslint)
  local deps="\"eslint-plugin-rpc\": \"file:$TARBALL\", \"eslint\": \"$eslint\", \"typescript\": \"$typescript\""
  deps="$deps, \"@microsoft/eslint-formatter-sarif\": \"$SARIF_FORMATTER\""
  for lib in "${libs[@]}"; do deps="$deps, \"$lib\": \"$(dev "$lib")\""; done
  [ -n "$extra" ] && deps="$deps, $extra"
  printf '{ "name": "rpc-compat-consumer", "private": true, "type": "module", "devDependencies": { %s } }\n' "$deps" >"$dir/package.json"
  (cd "$dir" && run "$dir/install.log" npm install --prefer-offline --no-audit --no-fund --loglevel=error)
}

# lint <dir> <out> [eslint args…]: exit 0/1 are lint outcomes, 2 is a crash.
lint() {
  local dir=$1 out=$2; shift 2
  (cd "$dir" && npx --no-install eslint "$@" -o "$out" . >"$out.log" 2>&1)
  local rc=$?
  if [ $rc -le 1 ] && [ -s "$out" ]; then return 0; fi
  echo "    eslint $* exited with $rc:"
  tail -n 40 "$out.log" | indent
  return 1
}
check_findings() { local dir=$1; shift; (cd "$dir" && node node_modules/.compat/check-findings.mjs "$@" | indent; exit "${PIPESTATUS[0]}"); }
versions() { (cd "$1" && node -p "'eslint ' + require('eslint/package.json').version + ', typescript ' + require('typescript/package.json').version + ', typescript-eslint ' + require('typescript-eslint/package.json').version"); }

# ---------------------------------------------------------------------------------------------
run_matrix_cell() {
  local id=$1 dir=$2 eslint=$3 typescript=$4 tsconfig=$5 extra=${6:-}
  echo "== ($id) consumer: eslint@$eslint typescript@$typescript${extra:+ $extra}"
  if ! make_consumer "$dir" "$eslint" "$typescript" "$tsconfig" "$extra"; then fail "($id) npm install of the consumer"; return 1; fi
  echo "    $(versions "$dir"), tsc $(cd "$dir" && npx --no-install tsc --version)"
  if (cd "$dir" && run "$dir/tsc.log" npx --no-install tsc -p tsconfig.json --noEmit); then pass "($id) consumer type-checks"
  else fail "($id) consumer type-checks"; fi
  if lint "$dir" "$dir/plain.json" -f json && check_findings "$dir" expect plain.json; then
    pass "($id) README config finds the annotated article bugs and nothing else"
  else
    fail "($id) README config finds the annotated article bugs and nothing else"
  fi
}

A="$WORK/eslint10-ts60"
B="$WORK/eslint9-ts54"
run_matrix_cell a "$A" "$(dev eslint)" "$(dev typescript)" "$ROOT/test/compat/tsconfig.json"
run_matrix_cell b "$B" "^9" "~5.4.0" "$ROOT/test/compat/tsconfig.json" # every option explicit: the same meaning under 5.4 and 6.0
# (f) TypeScript 7 for tsc beside TypeScript 6 for ESLint: the exact package.json lines of the README.
F="$WORK/eslint10-ts7"
run_matrix_cell f "$F" "$(dev eslint)" "npm:@typescript/typescript6@^6.0.2" "$ROOT/test/compat/tsconfig.json" '"@typescript/native": "npm:typescript@^7"'
if [ -d "$F/node_modules" ]; then
  if (cd "$F" && npx --no-install tsc --version | grep -q '^Version 7\.') && [ "$(cd "$F" && node -p "require('typescript').version.split('.')[0]")" = 6 ]; then
    pass "(f) tsc is TypeScript 7 and ESLint loads TypeScript 6"
  else
    fail "(f) tsc is TypeScript 7 and ESLint loads TypeScript 6"
  fi
fi

# ---------------------------------------------------------------------------------------------
echo "== (c) --cache and --concurrency=2 (eslint 10)"
if [ -s "$A/plain.json" ]; then
  ok=1
  lint "$A" "$A/cache-cold.json" -f json --cache --cache-location .eslintcache && check_findings "$A" same plain.json cache-cold.json || ok=0
  lint "$A" "$A/cache-warm.json" -f json --cache --cache-location .eslintcache && check_findings "$A" same plain.json cache-warm.json || ok=0
  [ $ok = 1 ] && pass "(c) --cache (cold and warm) gives the plain run's findings" || fail "(c) --cache (cold and warm) gives the plain run's findings"
  if lint "$A" "$A/concurrency.json" -f json --concurrency=2 && check_findings "$A" same plain.json concurrency.json; then
    pass "(c) --concurrency=2 gives the plain run's findings"
  else
    fail "(c) --concurrency=2 gives the plain run's findings"
  fi
else
  fail "(c) needs the plain run of (a)"
fi

# ---------------------------------------------------------------------------------------------
echo "== (d) publint, attw"
if (cd "$ROOT" && run "$WORK/publint.log" npx --no-install publint run "$TARBALL" --level suggestion --strict) && ! grep -qiE '^(Suggestions|Warnings|Errors):' "$WORK/publint.log"; then
  pass "(d) publint clean"
else
  cat "$WORK/publint.log" | indent
  fail "(d) publint clean"
fi
if (cd "$ROOT" && run "$WORK/attw.log" npx --no-install attw "$TARBALL" --profile esm-only --format table-flipped --no-color); then
  pass "(d) attw --profile esm-only clean"
else
  fail "(d) attw --profile esm-only clean"
fi

# ---------------------------------------------------------------------------------------------
echo "== (e) SARIF"
if [ -s "$A/plain.json" ] && lint "$A" "$A/out.sarif" -f @microsoft/eslint-formatter-sarif && check_findings "$A" sarif out.sarif plain.json; then
  pass "(e) SARIF carries each reported rule's docs URL (helpUri)"
else
  fail "(e) SARIF carries each reported rule's docs URL (helpUri)"
fi

echo "compat: $((SECONDS - START)) s"
if [ $FAILED = 0 ]; then echo "compat PASS"; else echo "compat FAIL"; fi
exit $FAILED
