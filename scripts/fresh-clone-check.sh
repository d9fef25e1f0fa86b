#!/usr/bin/env bash
# The README's test command on a fresh clone, as on a fresh machine that has Python and Node
# but neither Chromium nor the SARIF Multitool (nor, at first, npm). Run from anywhere:
#
#     scripts/fresh-clone-check.sh [COMMIT]      # default HEAD: what is committed, not the work tree
#
# It clones the repository into a temporary directory and runs there, with a PATH that is the
# caller's minus the hidden programs (a directory of symlinks to everything else on PATH), and
# with CI and every HOOKLINT_* variable unset:
#   1. chromium and npm hidden: the README command exits 0, and its -ra summary shows the
#      skips of the Chromium and Multitool tests with the reasons that say how to enable them;
#   2. the same, with CI=true, for the two test files that need the tools: they fail (exit 1),
#      saying that CI=true makes a missing tool a failure;
#   3. npm on PATH again (chromium still hidden): the README command exits 0, the tests have
#      installed the Multitool into tests/.multitool and ran it (no Multitool skip), and
#      `git status` of the clone stays clean.
# Exit 0 when all of that holds; the logs stay in the printed directory.
set -euo pipefail

repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
commit=$(git -C "$repo" rev-parse "${1:-HEAD}")
work=$(mktemp -d "${TMPDIR:-/tmp}/hooklint-fresh.XXXXXX")
echo "fresh-clone check of $commit in $work"

# The caller's PATH minus $@: the first program of each name, as a symlink, except those.
shadow_path() {
    local bin=$1 dir entry name
    shift
    mkdir -p "$bin"
    IFS=: read -r -a dirs <<< "$PATH"
    for dir in "${dirs[@]}"; do
        [ -d "$dir" ] || continue
        for entry in "$dir"/*; do
            name=${entry##*/}
            [ -x "$entry" ] && [ ! -d "$entry" ] && [ ! -e "$bin/$name" ] && [ ! -L "$bin/$name" ] || continue
            case " $* " in *" $name "*) continue ;; esac
            ln -s "$entry" "$bin/$name"
        done
    done
    # python3 as the real interpreter, not a symlink to it or a pyenv shim: a venv made from
    # a symlink would record this temporary directory as its home.
    rm -f "$bin/python3"
    printf '#!/bin/sh\nexec %s "$@"\n' "$(python3 -c 'import sys; print(sys.executable)')" > "$bin/python3"
    chmod +x "$bin/python3"
}

BROWSERS="chromium chromium-browser google-chrome google-chrome-stable"
shadow_path "$work/bin-no-tools" $BROWSERS npm npx
shadow_path "$work/bin-npm" $BROWSERS

clone=$work/hooklint
git clone -q --no-checkout "$repo" "$clone"
git -C "$clone" checkout -q "$commit"

unset CI PYTEST_ADDOPTS $(compgen -e | grep '^HOOKLINT_' || true)
readme_command=$(sed -n '/^## Running the tests/,/^```$/{/^python3 -m venv/p}' "$clone/README.md")
[ -n "$readme_command" ] || { echo "FAIL: no test command under README's 'Running the tests'"; exit 1; }
echo "README command: $readme_command"

failed=0
check() {  # check DESCRIPTION COMMAND...: report, and remember a failure
    local what=$1
    shift
    if "$@"; then echo "  ok: $what"; else echo "  FAIL: $what"; failed=1; fi
}

echo "1. no chromium, no npm (log: $work/1.log)"
set +e
(cd "$clone" && PATH=$work/bin-no-tools bash -c "$readme_command") > "$work/1.log" 2>&1
status=$?
set -e
tail -n 1 "$work/1.log"
check "exit 0 (was $status)" test "$status" = 0
check "the browser tests skip saying how to enable them" \
    grep -q "^SKIPPED .*Chromium is not available: no \`chromium\` on PATH; install it" "$work/1.log"
check "the Multitool tests skip saying how to enable them" \
    grep -q "^SKIPPED .*The SARIF Multitool is not available: no \`npm\` on PATH to install it" "$work/1.log"
check "no test fails or errors" bash -c "! grep -Eq '^(FAILED|ERROR) ' '$work/1.log'"

echo "2. CI=true, no chromium, no npm: the tool tests fail (log: $work/2.log)"
set +e
(cd "$clone" && CI=true PATH=$work/bin-no-tools .venv/bin/pytest tests/test_html.py tests/test_sarif.py) \
    > "$work/2.log" 2>&1
status=$?
set -e
tail -n 1 "$work/2.log"
check "exit 1 (was $status)" test "$status" = 1
check "the failures say why" grep -q "CI=true: a missing tool is a failure, not a skip" "$work/2.log"
check "nothing skips for a missing tool" bash -c "! grep -Eq '^SKIPPED .*(Chromium|Multitool)' '$work/2.log'"

echo "3. npm on PATH, no chromium (log: $work/3.log)"
set +e
(cd "$clone" && PATH=$work/bin-npm bash -c "$readme_command") > "$work/3.log" 2>&1
status=$?
set -e
tail -n 1 "$work/3.log"
check "exit 0 (was $status)" test "$status" = 0
check "the tests installed the Multitool" \
    test -x "$clone/tests/.multitool/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
check "and ran it: no Multitool skip" bash -c "! grep -q '^SKIPPED .*Multitool' '$work/3.log'"
check "the browser tests still skip" grep -q "^SKIPPED .*Chromium is not available" "$work/3.log"
check "git status of the clone is clean" test -z "$(git -C "$clone" status --porcelain)"

if [ "$failed" = 0 ]; then echo "fresh-clone check: OK"; else echo "fresh-clone check: FAILED"; fi
exit "$failed"
