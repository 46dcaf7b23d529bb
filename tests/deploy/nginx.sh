#!/usr/bin/env bash
# docs/deploy.md, run as written: starts the systemd unit's ExecStart
# command (paths and port swapped for temporary ones), puts Debian's nginx
# with the documented site in front of it (its port and upstream swapped
# the same way), and checks through the proxy the page under /recherche/,
# its assets, the API, the redirect of /recherche and a download whose rows
# link back through the proxy. Installs nginx only when it is missing.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
doc="docs/deploy.md"

if ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

cargo build -p oim-search-cli
bin="${CARGO_TARGET_DIR:-$root/target}/debug/oim-search"

work="$(mktemp -d)"
server_pid=""
nginx_pid=""
cleanup() {
    for pid in "$nginx_pid" "$server_pid"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid"
            wait "$pid" 2>/dev/null || true
        fi
    done
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "deploy test: $*" >&2
    echo "--- server log" >&2; tail -n 20 "$work/server.log" >&2 || true
    echo "--- nginx error log" >&2; tail -n 20 "$work/error.log" >&2 || true
    exit 1
}

# the fenced block of a language in the document
block() {
    awk -v lang="$1" '$0 == "```" lang { on = 1; next } on && $0 == "```" { exit } on { print }' "$doc"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
app_port="$(free_port)"
web_port="$(free_port)"

cp -r corpus "$work/pages"
"$bin" --index "$work/index" index --corpus "$work/pages" >/dev/null 2>&1

# the unit's command, with a temporary index and port
exec_start="$(block ini | sed -n 's/^ExecStart=//p')"
[[ -n "$exec_start" ]] || fail "no ExecStart line in the ini block of $doc"
command="${exec_start//\/usr\/local\/bin\/oim-search/$bin}"
command="${command//\/var\/lib\/oim-search\/index/$work/index}"
command="${command//127.0.0.1:7700/127.0.0.1:$app_port}"
# shellcheck disable=SC2086 # the unit's command line, split as systemd splits it
NO_COLOR=1 $command 2>"$work/server.log" &
server_pid=$!

# the site, inside a minimal main configuration that runs as this user
site="$(block nginx)"
[[ -n "$site" ]] || fail "no nginx block in $doc"
site="${site//listen 80;/listen 127.0.0.1:$web_port;}"
site="${site//127.0.0.1:7700/127.0.0.1:$app_port}"
mkdir -p "$work/nginx"
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 64; }
http {
    access_log $work/access.log;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
$site
}
CONF
"$nginx_bin" -t -p "$work" -c "$work/nginx.conf" 2>"$work/nginx-t.log" || { cat "$work/nginx-t.log" >&2; fail "nginx refused the site"; }
"$nginx_bin" -p "$work" -c "$work/nginx.conf" -g 'daemon off;' 2>>"$work/error.log" &
nginx_pid=$!

web="http://127.0.0.1:$web_port"
for _ in $(seq 1 100); do
    curl -sf "$web/recherche/health" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || fail "the unit's command stopped"
    sleep 0.1
done

page="$(curl -sf "$web/recherche/?q=diaspora")" || fail "no page at /recherche/"
grep -q '<link rel="stylesheet" href="/recherche/assets/style.css">' <<<"$page" || fail "the page's stylesheet is not under /recherche"
grep -q 'action="/recherche/"' <<<"$page" || fail "the form does not post under /recherche"
# (answers are read whole before grep: with pipefail, `curl | grep -q` fails
# when grep stops reading first)
script="$(curl -sf "$web/recherche/assets/search.js")" || fail "no script at /recherche/assets/search.js"
grep -q "use strict" <<<"$script" || fail "not the page's script at /recherche/assets/search.js"
answer="$(curl -sf "$web/recherche/api/search?q=diaspora+Lesotho")" || fail "the API does not answer through the proxy"
grep -q '"total":1' <<<"$answer" || fail "the API's answer through the proxy: $answer"
[[ "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$web/recherche")" == "301 $web/recherche/" ]] || fail "/recherche does not lead to /recherche/"
headers="$(curl -s -D - -o "$work/download.csv" "$web/recherche/api/export?q=diaspora+Lesotho&format=excel-csv")"
grep -qi '^content-disposition: attachment; filename="oim-diaspora-lesotho-20[0-9-]*-excel.csv"' <<<"$headers" || fail "download name: $headers"
grep -q ";$web/recherche/documents/003_30687b3d87caff90"$'\r'"\$" "$work/download.csv" || fail "the download's rows do not link through the proxy"
document="$(curl -sf "$web/recherche/documents/003_30687b3d87caff90")" || fail "the row's link does not open its page"
grep -q "Lesotho" <<<"$document" || fail "the row's link opens another page"
echo "deploy test: the page, its assets, the API and a download answer under $web/recherche/ (nginx $("$nginx_bin" -v 2>&1 | sed 's/.*\///'))"
