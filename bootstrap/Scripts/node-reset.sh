#!/bin/sh
# node-reset: one part of `bootstrap reset` — kubeadm reset, then what it leaves behind (its own output lists them:
# CNI config, interfaces, iptables/IPVS rules, kubeconfig files). Each part is a step: MODE=check exits 0 when the part
# is clean, 1 when it needs the action, 2 when it cannot tell; MODE=apply cleans it (tolerating a half-clean node).
# Parameters: MODE, PART (kubeadm | cni-config | interfaces | iptables | nftables | flannel-state | kubeconfig),
# CRI_SOCKET, CNI_CONF_DIR, CNI_INTERFACES, IPTABLES_COMMANDS, IPTABLES_TABLES, NFT_TABLES, CNI_NETWORKS_DIR,
# FLANNEL_RUN_DIR, KUBECONFIG_FILE.
set -eu
case "$MODE" in check | apply) ;; *) echo "MODE must be check or apply, not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"

# What `kubeadm reset` deletes (its "[reset] Deleting files/contents" lines): kubeconfigs, static pods, kubelet state.
kubeadm_leftovers() {
    for f in admin.conf super-admin.conf kubelet.conf bootstrap-kubelet.conf controller-manager.conf scheduler.conf; do
        [ ! -e "$ROOT/etc/kubernetes/$f" ] || return 0
    done
    ls "$ROOT"/etc/kubernetes/manifests/*.yaml > /dev/null 2>&1 && return 0
    [ -e "$ROOT/var/lib/kubelet/config.yaml" ]
}

# Any rule or user chain beyond the built-in policies (-P lines) in a table some iptables front end can read.
iptables_rules() {
    for cmd in $IPTABLES_COMMANDS; do
        command -v "$cmd" > /dev/null 2>&1 || continue
        for table in $IPTABLES_TABLES; do
            rules=$("$cmd" -t "$table" -S 2> /dev/null) || continue
            if printf '%s\n' "$rules" | grep -qv -e '^-P ' -e '^$'; then return 0; fi
        done
    done
    if command -v ipvsadm > /dev/null 2>&1 && [ -n "$(ipvsadm -S -n)" ]; then return 0; fi
    return 1
}

# The native nftables tables of NFT_TABLES ("family/name" words) that exist, as "family name" lines. `nft list tables`
# prints one "table <family> <name>" line per table (netfilter nftables src/rule.c do_list_tables). No nft on the node:
# nothing can be listed or deleted here, so nothing is reported.
nft_tables_present() {
    command -v nft > /dev/null 2>&1 || return 0
    listed=$(nft list tables) || { echo "nft list tables failed" >&2; return 2; }
    for t in $NFT_TABLES; do
        if printf '%s\n' "$listed" | grep -qx "table ${t%%/*} ${t#*/}"; then echo "${t%%/*} ${t#*/}"; fi
    done
}

case "$MODE $PART" in
    "check kubeadm") if kubeadm_leftovers; then exit 1; fi ;;
    "apply kubeadm") kubeadm reset -f --cri-socket="$CRI_SOCKET" ;;
    "check cni-config") if [ -d "$ROOT$CNI_CONF_DIR" ] && [ -n "$(ls -A "$ROOT$CNI_CONF_DIR")" ]; then exit 1; fi ;;
    "apply cni-config") find "$ROOT$CNI_CONF_DIR" -mindepth 1 -delete ;;
    "check interfaces")
        for link in $CNI_INTERFACES; do
            if ip link show "$link" > /dev/null 2>&1; then exit 1; fi
        done
        ;;
    "apply interfaces")
        for link in $CNI_INTERFACES; do
            if ip link show "$link" > /dev/null 2>&1; then ip link delete "$link"; fi
        done
        ;;
    # Alpine's iptables ships both backends (iptables-legacy, iptables-nft); kube-proxy and flannel write through
    # whichever `iptables` was when they ran, so every backend that exists is flushed, raw table included.
    "check iptables") if iptables_rules; then exit 1; fi ;;
    "apply iptables")
        for cmd in $IPTABLES_COMMANDS; do
            command -v "$cmd" > /dev/null 2>&1 || continue
            for table in $IPTABLES_TABLES; do
                if "$cmd" -t "$table" -S > /dev/null 2>&1; then "$cmd" -t "$table" -F && "$cmd" -t "$table" -X; fi
            done
        done
        if command -v ipvsadm > /dev/null 2>&1; then ipvsadm --clear; fi
        ;;
    # kube-proxy's nftables mode and flannel's EnableNFTables keep their rules in tables of their own, which
    # `iptables-nft -S` does not show: `table ip|ip6 kube-proxy` (kubernetes pkg/proxy/nftables/proxier.go
    # kubeProxyTable) and `table ip flannel-ipv4` / `table ip6 flannel-ipv6` (flannel pkg/trafficmngr/nftables).
    "check nftables")
        if ! present=$(nft_tables_present); then exit 2; fi
        if [ -n "$present" ]; then exit 1; fi
        ;;
    "apply nftables")
        present=$(nft_tables_present)
        printf '%s\n' "$present" | while read -r family name; do
            [ -z "$name" ] || nft delete table "$family" "$name"
        done
        ;;
    "check flannel-state") if [ -e "$ROOT$CNI_NETWORKS_DIR" ] || [ -e "$ROOT$FLANNEL_RUN_DIR" ]; then exit 1; fi ;;
    "apply flannel-state") rm -rf "$ROOT$CNI_NETWORKS_DIR" "$ROOT$FLANNEL_RUN_DIR" ;;
    "check kubeconfig") if [ -e "$ROOT$KUBECONFIG_FILE" ]; then exit 1; fi ;;
    "apply kubeconfig") rm -f "$ROOT$KUBECONFIG_FILE" ;;
    *)
        echo "node-reset: unknown MODE/PART '$MODE $PART'" >&2
        exit 2
        ;;
esac
