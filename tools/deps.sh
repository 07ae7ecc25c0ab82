#!/bin/sh
# deps.sh: makes sure the Debian packages Oversight needs are installed.
#   tools/deps.sh build        to build and run
#   tools/deps.sh build test   also to run the tests
#   tools/deps.sh build bench  also to run the benchmarks
#   tools/deps.sh build fuzz   also to fuzz (clang and libFuzzer)
#   tools/deps.sh build test reliability   also for make reliability
# As root it installs what is missing with apt-get; otherwise it names the
# missing packages and the command that installs them, and fails. The build
# needs Node.js and npm for the front-end assets (web/, compiled by Sass) and
# the test set for the browser tests (tests/web): when there is no npm at
# all, Debian's nodejs and npm are installed; a Node.js installed some other
# way is used as it is. The test set also includes Chromium, and nginx as the
# load balancer of tests/cli/test_app_servers.sh.
set -eu

build_pkgs="gcc make libc6-dev libsqlite3-dev libpq-dev libsodium-dev libmicrohttpd-dev liboath-dev libqrencode-dev libical-dev libjansson-dev libcairo2-dev libpango1.0-dev libarchive-dev libxlsxwriter-dev libcurl4-openssl-dev fonts-noto-core fonts-noto-cjk tzdata"
test_pkgs="clang-format poppler-utils sqlite3 postgresql postgresql-client curl openssl oathtool python3 python3-yaml python3-jsonschema python3-openpyxl libreoffice-calc-nogui python3-aiosmtpd chromium nginx"
bench_pkgs="sqlite3 postgresql postgresql-client time bc curl wrk nginx"
fuzz_pkgs="clang libclang-rt-dev"
reliability_pkgs="slowhttptest util-linux procps iproute2"

want=""
node=0
for set in "$@"; do
    case $set in
    build) want="$want $build_pkgs"; node=1 ;;
    test) want="$want $test_pkgs"; node=1 ;;
    bench) want="$want $bench_pkgs" ;;
    fuzz) want="$want $fuzz_pkgs" ;;
    reliability) want="$want $reliability_pkgs" ;;
    *) echo "deps.sh: unknown set $set" >&2; exit 2 ;;
    esac
done

missing=""
for p in $want; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ "$node" = 1 ] && ! command -v npm >/dev/null 2>&1; then
    missing="$missing nodejs npm"
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "Oversight needs these Debian packages:$missing" >&2
    echo "Install them as root with: apt-get install -y$missing" >&2
    exit 1
fi
echo "Installing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y --no-install-recommends $missing >/tmp/oversight-apt.log 2>&1; then
    apt-get update >>/tmp/oversight-apt.log 2>&1 || true
    if ! apt-get install -y --no-install-recommends $missing >>/tmp/oversight-apt.log 2>&1; then
        echo "Could not install:$missing (apt-get's log: /tmp/oversight-apt.log)" >&2
        tail -n 5 /tmp/oversight-apt.log >&2
        exit 1
    fi
fi
