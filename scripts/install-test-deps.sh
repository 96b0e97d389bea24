#!/usr/bin/env bash
# Installs, idempotently, the Debian packages the test suite runs for real:
# Apache httpd 2.4 and Tomcat 10.1 (run as the tests' own instances, never the system services),
# iproute2 for the network-namespace hosts, and pre-commit for the hook test.
set -euo pipefail
packages=(apache2 tomcat10-user iproute2 pre-commit)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-test-deps: all present (${packages[*]})"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-test-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The packages' own services are not ours to run; stop them if the install started any.
for service in apache2 tomcat10; do
  if command -v service >/dev/null 2>&1; then $SUDO service "$service" stop >/dev/null 2>&1 || true; fi
done
echo "install-test-deps: done"
