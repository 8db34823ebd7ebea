#!/bin/sh
# Runs before AdGuard Home on every start (init container of the AdGuard image, Alpine's busybox sh and awk).
# First start: writes AdGuardHome.yaml from the rendered template, so the setup wizard never runs.
# Every later start: merges the model's DNS rewrites into the file AdGuard keeps (it rewrites the file on every UI change):
# a rewrite of the model replaces the entry with the same domain (answer and enabled), every other entry — the ones
# made in the UI — stays as it is, and nothing else in the file changes. A file the merge cannot read safely is left
# untouched (DNS must come up), with a message saying so.
#   TEMPLATE             rendered configuration with the placeholder below (default /seed/AdGuardHome.yaml)
#   CONFIG               live configuration file (default /opt/adguardhome/conf/AdGuardHome.yaml)
#   ADMIN_PASSWORD_HASH  bcrypt hash of the admin password, from the Secret bootstrap creates (first start only)
#   REWRITES             the model's rewrites, one "<domain> <answer>" pair per line (e.g. "*.home.arpa 192.168.50.234")
# Layout read and written: schema_version 31+ keeps rewrites under filtering.rewrites, each {domain, answer, enabled},
# and a missing enabled means false (AdguardTeam/AdGuardHome internal/filtering/rewrites.go LegacyRewrite,
# internal/configmigrate/v31.go); AdGuard writes the file with yaml.v3 at indent 2 (internal/home/config.go).
set -eu
umask 077

template="${TEMPLATE:-/seed/AdGuardHome.yaml}"
config="${CONFIG:-/opt/adguardhome/conf/AdGuardHome.yaml}"
placeholder='__ADMIN_PASSWORD_HASH__'

if [ ! -s "$config" ]; then
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
    exit 0
fi

if [ -z "${REWRITES:-}" ]; then
    echo "adguard-seed: $config exists and the model names no rewrites; keeping it"
    exit 0
fi

# Exit status of the merge: 0 merged (new file on stdout), 10 nothing to change, 11 schema before 31, 12 layout not understood.
status=0
awk '
function indent(s) { match(s, /^ */); return RLENGTH }
function unquote(v) {
    sub(/^[ \t]+/, "", v); sub(/[ \t]+$/, "", v)
    if (v ~ /^\047.*\047$/) { v = substr(v, 2, length(v) - 2); gsub(/\047\047/, "\047", v) }
    else if (v ~ /^".*"$/) { v = substr(v, 2, length(v) - 2) }
    return v
}
function quote(v) { gsub(/\047/, "\047\047", v); return "\047" v "\047" }
# One "key: value" of a rewrite entry into item n; anything else is a layout this script does not rewrite.
function field(text, n,    key) {
    if (text !~ /^[a-z_]+:/) exit 12
    key = substr(text, 1, index(text, ":") - 1)
    text = unquote(substr(text, index(text, ":") + 1))
    if (key == "domain") domain[n] = text
    else if (key == "answer") answer[n] = text
    else if (key == "enabled") enabled[n] = text
    else exit 12
}
{ line[NR] = $0 }
END {
    count = NR
    for (i = 1; i <= count; i++)
        if (line[i] ~ /^schema_version:/) { v = line[i]; sub(/^schema_version:[ \t]*/, "", v); schema = v + 0 }
    if (schema < 31) exit 11
    start = 0
    for (i = 1; i <= count; i++) if (line[i] ~ /^filtering:[ \t]*$/) { start = i; break }
    if (start == 0) exit 12
    stop = count + 1
    for (i = start + 1; i <= count; i++) if (line[i] ~ /^[^ \t#-]/) { stop = i; break }
    child = -1
    for (i = start + 1; i < stop; i++) if (line[i] !~ /^[ \t]*(#.*)?$/) { child = indent(line[i]); break }
    if (child < 1) child = 2
    pad = sprintf("%" child "s", "")
    key = 0
    for (i = start + 1; i < stop; i++) if (indent(line[i]) == child && substr(line[i], child + 1) ~ /^rewrites:/) { key = i; break }
    items = 0
    after = start + 1
    if (key > 0) {
        rest = substr(line[key], child + 1); sub(/^rewrites:[ \t]*/, "", rest)
        after = key + 1
        if (rest != "" && rest != "[]") exit 12
        if (rest == "") {
            for (i = key + 1; i <= count; i++) {
                text = line[i]
                if (text ~ /^[ \t]*$/) continue
                depth = indent(text)
                body = substr(text, depth + 1)
                if (depth < child || (depth == child && body !~ /^- /)) break
                after = i + 1
                if (body ~ /^#/) continue
                if (body ~ /^- /) {
                    items++
                    body = substr(body, 3); sub(/^ +/, "", body)
                    if (body ~ /^\{/) exit 12
                    if (body != "") field(body, items)
                } else if (items == 0) exit 12
                else field(body, items)
            }
        }
    }
    for (i = 1; i <= items; i++) if (domain[i] == "") exit 12
    # The model wins for its domains (AdGuard lowercases domains); entries made in the UI stay.
    changed = (key == 0)
    lines = split(ENVIRON["REWRITES"], wanted, "\n")
    for (w = 1; w <= lines; w++) {
        if (split(wanted[w], pair, " ") != 2) continue
        found = 0
        for (i = 1; i <= items; i++) {
            if (tolower(domain[i]) != tolower(pair[1])) continue
            found = 1
            if (answer[i] != pair[2] || enabled[i] != "true") { answer[i] = pair[2]; enabled[i] = "true"; changed = 1 }
        }
        if (!found) { items++; domain[items] = pair[1]; answer[items] = pair[2]; enabled[items] = "true"; changed = 1 }
    }
    if (!changed) exit 10
    last = (key > 0) ? key - 1 : start
    for (i = 1; i <= last; i++) print line[i]
    if (items == 0) print pad "rewrites: []"
    else {
        print pad "rewrites:"
        for (i = 1; i <= items; i++) {
            print pad "  - domain: " quote(domain[i])
            print pad "    answer: " quote(answer[i])
            print pad "    enabled: " (enabled[i] == "true" ? "true" : "false")
        }
    }
    for (i = (key > 0 ? after : start + 1); i <= count; i++) print line[i]
}
' "$config" > "$config.partial" || status=$?

case "$status" in
    0)
        mv "$config.partial" "$config"
        echo "adguard-seed: merged the model's DNS rewrites into $config (entries made in the UI kept)"
        ;;
    10)
        rm -f "$config.partial"
        echo "adguard-seed: $config already has the model's DNS rewrites; keeping it"
        ;;
    11)
        rm -f "$config.partial"
        echo "adguard-seed: $config has a schema_version before 31; AdGuard migrates it on this start, the rewrites are merged on the next"
        ;;
    *)
        rm -f "$config.partial"
        echo "adguard-seed: WARNING: could not read filtering.rewrites in $config (status $status); kept it unchanged — add the model's rewrites in the UI (Filters → DNS rewrites): $(echo "$REWRITES" | tr '\n' ';')" >&2
        ;;
esac
