#!/usr/bin/env bash
# End-to-end browser test of `oim-search serve`: builds the binary, indexes
# corpus/ plus the XSS fixture into a temporary index, serves it on a free
# loopback port, runs e2e.test.mjs in Debian's headless Chromium and stops
# the server. Needs /usr/bin/chromium (apt-get install chromium) and Node;
# installs playwright-core from package-lock.json when it is missing.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

chromium="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
    echo "browser test: no Chromium at $chromium: apt-get install -y chromium" >&2
    exit 1
fi
if [[ ! -d "$here/node_modules/playwright-core" || ! -d "$here/node_modules/axe-core" ]]; then
    (cd "$here" && npm ci --no-audit --no-fund)
fi

cargo build
bin="${CARGO_TARGET_DIR:-$root/target}/debug/oim-search"

work="$(mktemp -d)"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid"
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# one folder, one index run: `index --corpus` drops documents whose file is
# not in the folder, so two runs into one index would not add up
mkdir "$work/pages"
cp corpus/*.txt tests/fixtures/xss/*.txt tests/browser/pages/*.txt "$work/pages/"
"$bin" --index "$work/index" index --corpus "$work/pages"

# port 0: the system picks a free port, and the server says which on stderr
"$bin" --index "$work/index" serve --addr localhost:0 2>"$work/server.log" &
server_pid=$!
url=""
for _ in $(seq 1 100); do
    url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -n 1 || true)"
    [[ -n "$url" ]] && break
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "browser test: the server did not start:" >&2
        cat "$work/server.log" >&2
        exit 1
    fi
    sleep 0.1
done
if [[ -z "$url" ]]; then
    echo "browser test: the server did not say where it listens:" >&2
    cat "$work/server.log" >&2
    exit 1
fi
node -e '
  const url = process.argv[1] + "/health";
  const deadline = Date.now() + 30000;
  (async function poll() {
    try {
      const r = await fetch(url);
      if (r.ok) { console.log("browser test: server up at " + process.argv[1]); return; }
    } catch (e) {}
    if (Date.now() > deadline) { console.error("no answer from " + url); process.exit(1); }
    setTimeout(poll, 100);
  })();
' "$url"

status=0
(cd "$here" && OIM_URL="$url" CHROMIUM="$chromium" node --test e2e.test.mjs) || status=$?
if [[ $status -ne 0 ]]; then
    echo "browser test: server log (last 40 lines):" >&2
    tail -n 40 "$work/server.log" >&2
fi
exit $status
