#!/usr/bin/env bash
# Debian packages the tests use: Chromium for the browser tests (Playwright's own browser
# download is unreachable here), openssl to make throwaway TLS certificates, and HAProxy for
# the fleet test (three runtime nodes behind apps/runtime/deploy/haproxy.cfg).
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v openssl >/dev/null || missing+=(openssl)
[ -x /usr/sbin/haproxy ] || command -v haproxy >/dev/null || missing+=(haproxy)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing ${missing[*]} for the tests..."
export DEBIAN_FRONTEND=noninteractive
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
