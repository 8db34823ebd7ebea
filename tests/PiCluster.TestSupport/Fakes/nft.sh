#!/bin/sh
# FAKE nft (netfilter nftables). The kernel's tables are $NODE_ROOT/fake/nft-tables, one "family name" line each.
# `nft list tables` prints one "table <family> <name>" line per table (nftables src/rule.c do_list_tables);
# `nft delete table <family> <name>` deletes it, and a table that does not exist is refused with the kernel's ENOENT as
# nft reports it ("Error: Could not process rule: No such file or directory" and the command, exit 1).
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

tables="$R/fake/nft-tables"
touch "$tables"
case "$1 ${2:-}" in
"list tables")
    while read -r family name; do
        [ -z "$name" ] || echo "table $family $name"
    done < "$tables" ;;
"delete table")
    if ! grep -qx "$3 $4" "$tables"; then
        printf 'Error: Could not process rule: No such file or directory\ndelete table %s %s\n^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n' "$3" "$4" >&2
        exit 1
    fi
    grep -vx "$3 $4" "$tables" > "$tables.tmp" || true
    mv "$tables.tmp" "$tables"
    change delete table "$3" "$4" ;;
*) echo "fake nft: unsupported $*" >&2; exit 99 ;;
esac
