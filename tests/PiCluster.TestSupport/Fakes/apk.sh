#!/bin/sh
# FAKE apk (apk-tools v3, Alpine >= 3.23), after alpinelinux/apk-tools. Repositories are the lines of
# /etc/apk/repositories ("[@tag ]<url>",
# doc/apk-repositories.5.scd) plus --repository/-X <url> for one command; what a repository offers is
# $FAKE_CLUSTER/apk/<branch>/<main|community> ("name version" lines). Without that folder every community repository
# offers $FAKE_CLUSTER/apk-offers (default: the Kubernetes packages at 1.36.3-r0 — one version per branch, as aports
# community/kubernetes/APKBUILD builds them — and containerd 2.1.4-r0). Other package names are not modelled: they
# install as they are asked for.
# World file: apk writes each dependency back as name, @tag, apk_version_op_string(op), version (src/package.c
# apk_blob_push_dep; src/version.c: "=~" parses to EQUAL|FUZZY, which prints as "~"), so `apk add kubeadm@k8s=~1.37`
# leaves "kubeadm@k8s~1.37" in /etc/apk/world.
# Commit hooks (src/commit.c run_commit_hooks): executables in /etc/apk/commit_hooks.d run with "pre-commit" before
# the changes — a failure aborts the commit — and with "post-commit" after them, where a failure is only printed
# (src/process.c: "ERROR: <hook>: exited with error N") and apk still exits 0.
# - `policy <name>` prints src/app_policy.c's format: "<name> policy:", "  <version>:", then one "    [@tag ]<url>"
#   line per repository holding it ("    lib/apk/db/installed" for the installed one).
# - Which package a constraint gets (src/solver.c compare_providers, doc/apk-world.5.scd): an untagged world entry takes
#   the name from untagged repositories only; "name@tag" from the repositories with that tag AND the untagged ones
#   ("Untagged repositories are also considered for constraints with a tag": pinning_allowed = the default mask |
#   BIT(tag)), the tagged repository's package preferred (pinning_preferred) — so the version constraint ("~1.37"), not
#   the tag, is what keeps a minor. An installed package that still satisfies the constraint is kept by `add` ("Normally
#   apk add will avoid changing installed package", doc/apk-add.8.scd; the solver's "prefer installed (non-upgrade)")
#   unless -u/--upgrade is given (APK_SOLVERF_UPGRADE, src/app_add.c); `upgrade` takes the newest, except the names after
#   --ignore, which keep the installed version (src/app_upgrade.c: APK_SOLVERF_INSTALLED, "prefer installed" ranked
#   before the repositories). A fuzzy "~1.37" nothing matches fails with "unable to select packages … breaks:
#   world[name@tag~1.37]"; a world tag no repository has fails with src/database.c apk_db_check_world's warning and "Not
#   continuing with upgrade due to missing repository tags" (src/app_upgrade.c). World keeps the constraint as given.
# - `upgrade --available` keeps version constraints (it resets only checksum pins, src/app_upgrade.c); an untagged main
#   repository of another branch than /etc/alpine-release moves the OS: alpine-base first (alpine-release, os-release),
#   then linux-rpi (a new kernel in /lib/modules, running after the next boot; newer kernel, initramfs, DTB and overlay on
#   /boot = p1/boot here, and the raspberrypi-bootloader trigger, aports main/raspberrypi-bootloader
#   update-raspberrypi-bootloader, rewrites /boot/config.txt with `kernel=vmlinuz-rpi` / `initramfs initramfs-rpi`).
#   Packages are committed one by one, so a failure half-way leaves alpine-base upgraded and linux-rpi not
#   ($NODE_ROOT/fake/fail-apk-upgrade-midway injects it once; fake/apk-partial records what is left). `upgrade [name…]`
#   limits it to those names.
# - -s/--simulate (doc/apk.8.scd) prints the changes a command would commit, src/commit.c print_change's
#   "(i/n) Upgrading <name> (<old> -> <new>)", then "OK: …", and changes nothing.
# - `list --upgradable` (doc/apk-list.8.scd: "Consider only upgradable packages") lists modelled packages whose offer
#   is newer than the installed one. `--print-arch` prints aarch64.
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

C="$FAKE_CLUSTER"
legacy="$C/apk-offers"
[ -d "$C/apk" ] || [ -f "$legacy" ] || printf 'kubeadm 1.36.3-r0\nkubelet 1.36.3-r0\nkubectl 1.36.3-r0\ncontainerd 2.1.4-r0\n' > "$legacy"
extra=""
simulate=no
while [ $# -gt 0 ]; do
    case "$1" in
    -X | --repository) extra="$extra $2"; shift 2 ;;
    -U | --update-cache) shift ;;
    -s | --simulate) simulate=yes; shift ;;
    --print-arch) echo aarch64; exit 0 ;;
    *) break ;;
    esac
done
cmd=$1; shift
args=""
upgrade_flag=no
ignore=no
for a in "$@"; do
    case "$a" in
    -a | --available) ;;
    -u | --upgrade) upgrade_flag=yes ;;
    --ignore) ignore=yes ;;
    -s | --simulate) simulate=yes ;;
    *) args="$args $a" ;;
    esac
done
# shellcheck disable=SC2086 # re-split the remaining words
set -- $args

# "tag url" per configured repository (tag "-" when untagged), local paths skipped.
repos() {
    { grep -v '^[[:space:]]*#' "$R/etc/apk/repositories" 2> /dev/null || true; for u in $extra; do echo "$u"; done; } |
        awk 'NF == 2 && $1 ~ /^@/ { print substr($1, 2), $2; next } NF == 1 && $1 ~ /:\/\// { print "-", $1 }'
}
# The catalog file of a repository URL, empty when the mirror has no such repository.
catalog() {
    branch=$(echo "$1" | sed -n 's#.*/\(v[0-9]*\.[0-9]*\|edge\)/\(main\|community\)/*$#\1/\2#p')
    if [ -d "$C/apk" ]; then
        if [ -n "$branch" ] && [ -f "$C/apk/$branch" ]; then echo "$C/apk/$branch"; fi
    elif [ "${branch#*/}" = community ]; then
        echo "$legacy"
    elif [ -n "$branch" ]; then
        echo /dev/null
    fi
}
offer() { f=$(catalog "$1"); if [ -n "$f" ]; then awk -v n="$2" '$1 == n { print $2 }' "$f"; fi; }
modelled() { repos | while read -r _ url; do f=$(catalog "$url"); if [ -n "$f" ]; then awk -v n="$1" '$1 == n { found = 1 } END { exit !found }' "$f" && echo yes; fi; done | head -n 1; }
# "version tag" of every package a repository offers under name that a world entry with tag may take: the tag's
# repositories and the untagged ones for a tagged entry, the untagged ones only for an untagged entry.
candidates() { repos | while read -r tag url; do if [ "$tag" = "$2" ] || [ "$tag" = - ]; then v=$(offer "$url" "$1"); if [ -n "$v" ]; then echo "$v $tag"; fi; fi; done; }
installed() { cat "$R/fake/pkg/$1" 2> /dev/null || true; }
# Does version $1 satisfy operator $2 and version $3 ("~1.37": prefix match of a version component)?
satisfies() {
    case "$2" in
    "") return 0 ;;
    =~ | ~) case "$1" in "$3" | "$3".* | "$3"-*) return 0 ;; *) return 1 ;; esac ;;
    =) [ "${1%-r*}" = "$3" ] || [ "$1" = "$3" ] ;;
    *) return 0 ;;
    esac
}
# The version the solver picks for name, tag, operator, version; $5 = keep (the installed one when it satisfies) or new.
pick() {
    have=$(installed "$1")
    if [ "$5" = keep ] && [ -n "$have" ] && satisfies "$have" "$3" "$4"; then echo "$have"; return; fi
    candidates "$1" "$2" | while read -r v t; do if satisfies "$v" "$3" "$4"; then echo "$v $t"; fi; done |
        awk -v tag="$2" '{ print ($2 == tag && tag != "-" ? 1 : 0), $1 }' | sort -k1,1n -k2,2V | tail -n 1 | cut -d' ' -f2
}
install() {
    [ "$2" != "$(installed "$1")" ] || return 0
    mkdir -p "$R/fake/pkg"
    echo "$2" > "$R/fake/pkg/$1"
    grep -qx "$1" "$R/fake/apk-installed" 2> /dev/null || echo "$1" >> "$R/fake/apk-installed"
    case "$1" in
    kubeadm | kubelet | kubectl) echo "v${2%-r*}" > "$R/fake/$1-version"; event apk add "$1" "$2" ;;
    containerd) echo "${2%-r*}" > "$R/fake/containerd-version" ;;
    esac
    # Files the packages ship that bootstrap's checks look at (aports APKBUILDs).
    case "$1" in
    # The kubelet package's /etc/logrotate.d/kubelet (aports community/kubernetes kubelet.logrotated; its text could not
    # be read upstream, so this one stands for "a rule that is not the project's": rotate by rename, no copytruncate).
    kubelet) mkdir -p "$R/etc/logrotate.d" "$R/var/log/kubelet"; printf '/var/log/kubelet/*.log {\n\tmissingok\n\tnotifempty\n}\n' > "$R/etc/logrotate.d/kubelet" ;;
    kubelet-openrc | containerd-openrc) mkdir -p "$R/etc/init.d"; echo "#!/sbin/openrc-run" > "$R/etc/init.d/${1%-openrc}" ;;
    logrotate) mkdir -p "$R/etc/periodic/daily"; printf '#!/bin/sh\n/usr/sbin/logrotate /etc/logrotate.conf\n' > "$R/etc/periodic/daily/logrotate"; chmod +x "$R/etc/periodic/daily/logrotate" ;;
    esac
}
commit_hooks() {
    for h in "$R/etc/apk/commit_hooks.d"/*; do
        [ -x "$h" ] || continue
        rc=0
        "$h" "$1" || rc=$?
        if [ "$rc" -ne 0 ]; then
            echo "ERROR: ${h##*/}: exited with error $rc" >&2
            [ "$1" = post-commit ] || exit 1
        fi
    done
}
linux_rpi() {
    boot="$R/media/mmcblk0p1/boot"
    echo "upgraded kernel" > "$boot/vmlinuz-rpi"
    echo "upgraded initramfs" > "$boot/initramfs-rpi"
    echo "upgraded dtb" > "$boot/bcm2711-rpi-4-b.dtb"
    mkdir -p "$boot/overlays"
    echo "upgraded overlay" > "$boot/overlays/vc4-kms-v3d.dtbo"
    printf '# do not modify this file as it will be overwritten on upgrade.\n# create and/or modify usercfg.txt instead.\n# https://www.raspberrypi.com/documentation/computers/config_txt.html\n#\n\nkernel=vmlinuz-rpi\ninitramfs initramfs-rpi\narm_64bit=1\ninclude usercfg.txt\n' > "$boot/config.txt"
}
# name, tag ("-" untagged), operator, version of one world entry or argument ("kubeadm@k8s=~1.37").
parse() {
    echo "$1" | sed -n 's/^\([a-z0-9._+-]*\)\(@[a-z0-9]*\)\{0,1\}\(=~\|~\|=\|>=\|<=\|>\|<\)\{0,1\}\(.*\)$/\1 \2 \3 \4/p' |
        awk '{ t = ($2 ~ /^@/) ? substr($2, 2) : "-"; if ($2 ~ /^@/) { op = $3; v = $4 } else { op = $2; v = $3 } print $1, t, op, v }'
}
tags_exist() {
    status=0
    for entry in "$@"; do
        # shellcheck disable=SC2046 # name, tag, operator, version
        set -- $(parse "$entry")
        if [ "$2" != - ] && ! repos | awk -v t="$2" '$1 == t { found = 1 } END { exit !found }'; then
            echo "WARNING: The repository tag for world dependency '$1@$2' does not exist" >&2
            status=1
        fi
    done
    return "$status"
}
# Resolves one entry ($2 = keep or new): prints "name version" or fails like the solver.
resolve() {
    mode=$2
    # shellcheck disable=SC2046 # name, tag, operator, version
    set -- $(parse "$1")
    name=$1; tag=$2; op=${3:-}; want=${4:-}
    [ -n "$(modelled "$name")" ] || { echo "$name unmodelled"; return 0; }
    have=$(pick "$name" "$tag" "$op" "$want" "$mode")
    label=$name; [ "$tag" = - ] || label="$name@$tag"
    if [ -z "$have" ]; then
        newest=$(candidates "$name" "$tag" | awk '{ print $1 }' | sort -V | tail -n 1)
        if [ -n "$newest" ]; then
            printf 'ERROR: unable to select packages:\n  %s-%s:\n    breaks: world[%s~%s]\n' "$name" "$newest" "$label" "$want" >&2
        else
            printf 'ERROR: unable to select packages:\n  %s (no such package):\n    required by: world[%s%s%s]\n' "$name" "$label" "${op:+~}" "$want" >&2
        fi
        return 1
    fi
    echo "$name $have"
}
# The OS move `upgrade --available` makes when an untagged main repository names another branch (or one left half-done).
os_target() { repos | awk '$1 == "-" { print $2 }' | sed -n 's#.*/\(v[0-9]*\.[0-9]*\)/main/*$#\1#p' | sort -V | tail -n 1; }
os_current() { echo "v$(cut -d. -f1,2 "$R/etc/alpine-release" 2> /dev/null || true)"; }
is_ignored() { [ "$ignore" = yes ] && echo " $names " | grep -q " $1 "; }

case "$cmd" in
update)
    errors=0
    for url in $(repos | awk '{ print $2 }'); do
        if [ -n "$(catalog "$url")" ]; then echo "v-fake [$url]"; mkdir -p "$R/var/cache/apk"; touch "$R/var/cache/apk/APKINDEX.$(echo "$url" | md5sum | cut -c1-8).tar.gz"; else echo "WARNING: fetching $url: No such file or directory" >&2; errors=$((errors + 1)); fi
    done
    change update
    exit "$errors" ;;
policy)
    # --update-cache only refreshes the index cache: no change to the node's configuration or packages.
    echo "$1 policy:"
    repos | while read -r tag url; do v=$(offer "$url" "$1"); if [ -n "$v" ]; then echo "$v $tag $url"; fi; done | sort -V |
        awk -v have="$(installed "$1")" '
            $1 != last { print "  " $1 ":"; if ($1 == have) print "    lib/apk/db/installed"; last = $1 }
            { print "    " ($2 == "-" ? "" : "@" $2 " ") $3 }' ;;
add)
    if [ -f "$R/fake/stop-sshd-on-apk-add" ]; then
        rm -f "$R/fake/stop-sshd-on-apk-add"
        touch "$R/fake/stop-sshd"
        sleep 10
    fi
    tags_exist "$@" || { echo "ERROR: Not committing changes due to missing repository tags. Use --force-broken-world to override." >&2; exit 1; }
    mode=keep; [ "$upgrade_flag" = no ] || mode=new
    resolved=""
    for c in "$@"; do resolved="$resolved$(resolve "$c" "$mode")
"; done
    commit_hooks pre-commit
    for c in "$@"; do
        name=$(parse "$c" | cut -d' ' -f1)
        # The world keeps apk's own spelling of the constraint: "=~" is written back as "~".
        dep=$(echo "$c" | sed 's/=~/~/')
        { grep -v -E "^$name([@=~<>].*)?\$" "$R/etc/apk/world" || true; echo "$dep"; } | sort > "$R/fake/world.tmp"
        mv "$R/fake/world.tmp" "$R/etc/apk/world"
    done
    echo "$resolved" | while read -r name version; do
        [ -n "$name" ] || continue
        if [ "$version" = unmodelled ]; then install "$name" "0-r0"; else install "$name" "$version"; fi
    done
    change add "$@"
    commit_hooks post-commit ;;
upgrade)
    # shellcheck disable=SC2046 # one word per world entry
    tags_exist $(cat "$R/etc/apk/world") || { echo "ERROR: Not continuing with upgrade due to missing repository tags. Use --force-broken-world to override." >&2; exit 1; }
    names="$*"
    # With --ignore the names are the ones kept back; without, the only ones upgraded (all when none).
    limit=$names; [ "$ignore" = no ] || limit=""
    resolved=""
    while read -r entry; do
        [ -n "$entry" ] || continue
        name=$(parse "$entry" | cut -d' ' -f1)
        if [ -n "$limit" ] && ! echo " $limit " | grep -q " $name "; then continue; fi
        mode=new; if is_ignored "$name"; then mode=keep; fi
        r=$(resolve "$entry" "$mode") || exit 1
        resolved="$resolved$r
"
    done < "$R/etc/apk/world"
    for name in $limit; do
        case "$name" in
        linux-rpi) ;;
        *) [ -n "$(modelled "$name")" ] || { echo "fake apk: upgrade of $name is not modelled" >&2; exit 99; } ;;
        esac
    done
    os=""; base=no; kernel=no
    if [ -z "$limit" ]; then
        os=$(os_target)
        if [ -n "$os" ] && [ "$(os_current)" != "$os" ]; then base=yes; kernel=yes; fi
        if [ -f "$R/fake/apk-partial" ]; then kernel=yes; fi
    fi
    if echo " $limit " | grep -q " linux-rpi "; then kernel=yes; fi
    changes=$(echo "$resolved" | while read -r name version; do
        if [ -n "$name" ] && [ "$version" != unmodelled ] && [ "$version" != "$(installed "$name")" ]; then echo "$name $(installed "$name") $version"; fi
    done)
    if [ "$simulate" = yes ]; then
        {
            if [ "$base" = yes ]; then echo "alpine-base $(cat "$R/etc/alpine-release") ${os#v}.0-r0"; fi
            if [ "$kernel" = yes ]; then echo "linux-rpi $(cat "$R/proc/sys/kernel/osrelease") 6.12.${os#v3.}-r0"; fi
            if [ -n "$changes" ]; then echo "$changes"; fi
        } | awk '{ line[NR] = $0 } END { for (i = 1; i <= NR; i++) { split(line[i], f, " "); printf "(%d/%d) Upgrading %s (%s -> %s)\n", i, NR, f[1], f[2], f[3] } }'
        echo "OK: 0 MiB in $(wc -l < "$R/fake/apk-installed" 2> /dev/null || echo 0) packages"
        exit 0
    fi
    commit_hooks pre-commit
    echo "$resolved" | while read -r name version; do
        if [ -n "$name" ] && [ "$version" != unmodelled ]; then install "$name" "$version"; fi
    done
    if [ "$base" = yes ]; then
        echo "${os#v}.0" > "$R/etc/alpine-release"
        printf 'NAME="Alpine Linux"\nVERSION_ID=%s.0\nPRETTY_NAME="Alpine Linux %s"\n' "${os#v}" "$os" > "$R/etc/os-release"
        if [ -f "$R/fake/fail-apk-upgrade-midway" ]; then
            rm "$R/fake/fail-apk-upgrade-midway"
            touch "$R/fake/apk-partial"
            change upgrade "$@" partial
            echo "ERROR: linux-rpi-6.12.${os#v3.}-r0: No space left on device" >&2
            echo "1 error; 0 MiB in 0 packages" >&2
            exit 1
        fi
    fi
    if [ "$kernel" = yes ]; then
        if [ -z "$limit" ]; then mkdir -p "$R/lib/modules/6.12.$(os_current | sed 's/^v3\.//')-0-rpi"; fi
        linux_rpi
        rm -f "$R/fake/apk-partial"
    fi
    change upgrade "$@"
    commit_hooks post-commit ;;
list)
    [ "${1:-}" = --upgradable ] || [ "${1:-}" = -u ] || { echo "fake apk: unsupported list $*" >&2; exit 99; }
    while read -r entry; do
        [ -n "$entry" ] || continue
        # shellcheck disable=SC2046 # name, tag, operator, version
        set -- $(parse "$entry")
        have=$(installed "$1"); new=$(pick "$1" "${2:--}" "${3:-}" "${4:-}" new)
        if [ -n "$have" ] && [ -n "$new" ] && [ "$have" != "$new" ] && [ "$(printf '%s\n%s\n' "$have" "$new" | sort -V | tail -n 1)" = "$new" ]; then
            echo "$1-$new aarch64 {kubernetes} (Apache-2.0) [upgradable from: $1-$have]"
        fi
    done < "$R/etc/apk/world" ;;
info)
    shift
    missing=0
    for n in "$@"; do grep -qx "$n" "$R/fake/apk-installed" 2> /dev/null || missing=$((missing + 1)); done
    exit "$missing" ;;
*) echo "fake apk: unsupported $cmd $*" >&2; exit 99 ;;
esac
