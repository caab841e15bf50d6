#!/usr/bin/env bash
# The man page renders without warnings; make install puts the binary, the
# man page and the bash completion under DESTDIR/PREFIX; the completion
# completes verbs and options.
T=ddi$$
. "$(dirname "$0")/../lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MAN=$ROOT/doc/dropdoc.8

if command -v man >/dev/null; then
	MANWIDTH=80 man --warnings -l "$MAN" >"$TMP/man.txt" 2>"$TMP/man.err"
	check "man -l renders the page" test $? -eq 0 -a -s "$TMP/man.txt"
	check "without warnings" test ! -s "$TMP/man.err"
	for s in NAME SYNOPSIS COMMANDS 'JSON OUTPUT' 'EXIT STATUS'; do
		check "section $s" grep -q "^$s" "$TMP/man.txt"
	done
	for v in drops lab exporter check path snapshot trace; do
		check "the page covers '$v'" grep -qE "^   $v( |,|$)" "$TMP/man.txt"
	done
	check "every exit code of src/cli/cmd.h is listed" test "$(sed -n 's/.*= \([0-9]*\),.*/\1/p' "$ROOT/src/cli/cmd.h" | sort -n | tr '\n' ' ')" = \
		"$(awk '/^EXIT STATUS/{f=1;next} /^[A-Z]/{f=0} f && /^       [0-9]+ /{print $1}' "$TMP/man.txt" | sort -n | tr '\n' ' ')"
	check "every drops option is in the page" bash -c "'$ROOT/build/dropdoc' drops --help | grep -oE -- '--[a-z-]+' | sort -u | while read -r o; do grep -q -- \"\$o\" '$TMP/man.txt' || { echo missing \$o; exit 1; }; done"
else
	skip_or_fail "man page" "no man (scripts/install-deps)"
fi

make -s -C "$ROOT" install DESTDIR="$TMP/root" PREFIX=/usr >"$TMP/make.out" 2>&1
check "make install DESTDIR=... PREFIX=/usr succeeds" test $? -eq 0
check "binary in PREFIX/bin, executable" test -x "$TMP/root/usr/bin/dropdoc"
check "man page in PREFIX/share/man/man8" cmp -s "$MAN" "$TMP/root/usr/share/man/man8/dropdoc.8"
check "completion in PREFIX/share/bash-completion/completions" \
	cmp -s "$ROOT/contrib/bash-completion/dropdoc" "$TMP/root/usr/share/bash-completion/completions/dropdoc"
check "the installed binary runs" bash -c "'$TMP/root/usr/bin/dropdoc' --version >/dev/null"

if [ -r /usr/share/bash-completion/bash_completion ]; then
	complete_words() { # WORDS...: what the completion offers for the last word
		bash -c '. /usr/share/bash-completion/bash_completion
			. "$1"; shift
			COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
			COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
			_dropdoc; printf "%s\n" "${COMPREPLY[@]}"' _ "$ROOT/contrib/bash-completion/dropdoc" "$@" 2>/dev/null
	}
	check "completion: verbs" test "$(complete_words dropdoc ex)" = exporter
	check "completion: drops options" test "$(complete_words dropdoc drops --wr)" = --write
	check "completion: exporter options" test "$(complete_words dropdoc exporter --li)" = --listen
else
	skip_or_fail "bash completion" "no bash-completion (scripts/install-deps)"
fi
