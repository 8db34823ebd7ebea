#!/bin/sh
# Seeds AdGuardHome.yaml on first start so the setup wizard never runs. An existing file is left alone:
# AdGuard rewrites it on every change made in the web UI, and those changes must survive restarts.
#   TEMPLATE             rendered configuration with the placeholder below (default /seed/AdGuardHome.yaml)
#   CONFIG               live configuration file (default /opt/adguardhome/conf/AdGuardHome.yaml)
#   ADMIN_PASSWORD_HASH  bcrypt hash of the admin password, from the Secret bootstrap creates
set -eu

template="${TEMPLATE:-/seed/AdGuardHome.yaml}"
config="${CONFIG:-/opt/adguardhome/conf/AdGuardHome.yaml}"
placeholder='__ADMIN_PASSWORD_HASH__'

if [ -s "$config" ]; then
    echo "adguard-seed: $config exists; keeping it"
    exit 0
fi
hash="${ADMIN_PASSWORD_HASH:-}"
case "$hash" in
    \$2[aby]\$*) ;;
    *)
        echo "adguard-seed: ADMIN_PASSWORD_HASH is not a bcrypt hash (\$2a\$/\$2b\$/\$2y\$...)" >&2
        exit 1
        ;;
esac

mkdir -p "$(dirname "$config")"
# bcrypt hashes use only [./A-Za-z0-9$], none of which is special to sed with '|' as delimiter.
sed "s|$placeholder|$hash|" "$template" > "$config.partial"
mv "$config.partial" "$config"
echo "adguard-seed: wrote $config"
