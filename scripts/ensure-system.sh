#!/usr/bin/env bash
# Installs the Debian packages the tests use when they are missing: Chromium (browser test),
# LibreOffice + poppler (rendering the DOCX), Noto CJK fonts, PostgreSQL (test/postgres starts a
# private throw-away cluster from its binaries; the Debian service itself is never started). Needs root (apt-get); prints the
# command to run otherwise. Exit 0 when everything is there.
set -uo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui libreoffice-calc-nogui)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
{ command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null; } || need+=(fonts-noto-cjk)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "missing system packages; run: sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "installing system packages: ${need[*]} (once)"
log=$(mktemp)
if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}") >"$log" 2>&1; then
  rm -f "$log"; exit 0
fi
tail -20 "$log" >&2
exit 1
