#!/bin/sh
# apk-offers: a library, put in front of the scripts that name it in a "# library:" line (NodeScripts.Read).
# apk_offers NAME BY VALUE [APK_OPTIONS…] prints the versions of NAME that `apk policy` lists for one repository,
# sorted and space-separated: the one tagged VALUE (BY=tag, e.g. "@k8s") or with the URL VALUE (BY=url). The format is
# alpinelinux/apk-tools src/app_policy.c: "<name> policy:", a "  <version>:" line per version, then one
# "    [@tag ]<url>" line per repository holding it ("    <layer>/installed" for the installed one).
apk_offers() {
    offers_name=$1; offers_by=$2; offers_value=$3
    shift 3
    apk "$@" policy "$offers_name" 2> /dev/null | awk -v by="$offers_by" -v value="$offers_value" '
        /^  [^ ].*:$/ { v = $1; sub(/:$/, "", v); next }
        /^    / && ((by == "tag" && $1 == value) || (by == "url" && $NF == value)) { print v }' | sort -u | tr '\n' ' '
}
