#!/usr/bin/with-contenv sh
# shellcheck shell=sh
# PiCluster: mounted into the crazymax rtorrent-rutorrent image as a cont-init script that sorts after
# 04-create-services.sh. Flood talks to rTorrent over the SCGI unix socket, so nothing but the peer port may listen on
# the pod IP: drop the nginx (XML-RPC 8000, ruTorrent 8080, WebDAV 9000, each without auth while its htpasswd file is
# empty) and php-fpm services before s6-overlay v2 starts /etc/services.d.
set -eu
rm -rf /etc/services.d/nginx /etc/services.d/php-fpm
echo "picluster: nginx and php-fpm disabled; rTorrent is reachable only through /var/run/rtorrent/scgi.socket"
