"""The completion scripts: the command tree as shell functions, then a driver.

Small data functions answer, for a command path (``"ips create"``):
its subcommands, the values of its positional arguments, its options,
which options take no value, the values an option takes and which take a
file name. bash and zsh share them (plain ``case`` statements, which
bash 3.2 runs too); fish gets the same functions in its own syntax. Each
driver walks the words before the cursor to find the command path and
whether the word being completed is an option's value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .completion_tree import Node
from .failures import PROG

__all__ = ["script"]

_FN = "__telnyx_sip"


def _sh(word: str) -> str:
    return "'" + word.replace("'", "'\\''") + "'"


def _fish(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _data(
    nodes: Sequence[Node],
) -> Iterable[tuple[str, list[tuple[str, list[str]]]]]:
    """(function, [(case key, words printed)]) for the four data functions."""
    yield "commands", [(n.path, list(n.commands)) for n in nodes if n.commands]
    yield "words", [(n.path, list(n.words)) for n in nodes if n.words]
    yield "options", [(n.path, list(n.options)) for n in nodes]
    yield (
        "values",
        [
            (f"{n.path}|{option}", list(values))
            for n in nodes
            for option, values in n.values.items()
        ],
    )
    yield "flags", [(n.path, sorted(n.flags)) for n in nodes if n.flags]
    yield "files", [(n.path, sorted(n.files)) for n in nodes if n.files]


def _sh_functions(nodes: Sequence[Node]) -> list[str]:
    lines = []
    for name, cases in _data(nodes):
        lines += [f"{_FN}_{name}() {{", '    case "$1" in']
        for key, words in cases:
            printed = " ".join(_sh(w) for w in words)
            lines.append(f"        {_sh(key)}) printf '%s\\n' {printed} ;;")
        lines += ["    esac", "}", ""]
    return lines


def _fish_functions(nodes: Sequence[Node]) -> list[str]:
    lines = []
    for name, cases in _data(nodes):
        lines += [f"function {_FN}_{name}", "    switch $argv[1]"]
        for key, words in cases:
            printed = " ".join(_fish(w) for w in words)
            lines += [
                f"        case {_fish(key)}",
                f"            printf '%s\\n' {printed}",
            ]
        lines += ["    end", "end", ""]
    return lines


_SH_HELPERS = f"""\
{_FN}_is() {{  # is $2 one of the lines of $1?
    local nl=$'\\n'
    case "$nl$1$nl" in *"$nl$2$nl"*) return 0 ;; esac
    return 1
}}

{_FN}_walk() {{  # sets cmdpath and expect from the words before the cursor
    local word
    cmdpath="" expect=""
    for word in "$@"; do
        if [ -n "$expect" ]; then
            [ "$word" = "=" ] || expect=""
            continue
        fi
        case "$word" in
            --*=*) ;;
            -*)
                if ! {_FN}_is "$({_FN}_flags "$cmdpath")" "$word"; then
                    expect="$word"
                fi ;;
            *)
                if {_FN}_is "$({_FN}_commands "$cmdpath")" "$word"; then
                    cmdpath="${{cmdpath:+$cmdpath }}$word"
                fi ;;
        esac
    done
}}
"""

_BASH_DRIVER = f"""\
_telnyx_sip() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" cmdpath expect IFS=$'\\n' k
    {_FN}_walk "${{COMP_WORDS[@]:1:COMP_CWORD-1}}"
    [ "$cur" = "=" ] && cur=""
    COMPREPLY=()
    if [ -n "$expect" ]; then
        COMPREPLY=($(compgen -W "$({_FN}_values "$cmdpath|$expect")" -- "$cur"))
        if [ "${{#COMPREPLY[@]}}" -eq 0 ] &&
            {_FN}_is "$({_FN}_files "$cmdpath")" "$expect"; then
            COMPREPLY=($(compgen -f -- "$cur"))
        fi
    elif [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$({_FN}_options "$cmdpath")" -- "$cur"))
    else
        COMPREPLY=($(compgen -W "$({_FN}_commands "$cmdpath")
$({_FN}_words "$cmdpath")" -- "$cur"))
        if [ "${{#COMPREPLY[@]}}" -eq 0 ] &&
            {_FN}_is "$({_FN}_files "$cmdpath")" ""; then
            COMPREPLY=($(compgen -f -- "$cur"))
        fi
    fi
    for k in "${{!COMPREPLY[@]}}"; do
        case "${{COMPREPLY[k]}}" in
            *" "*) COMPREPLY[k]=$(printf '%q' "${{COMPREPLY[k]}}") ;;
        esac
    done
    if [ "${{#COMPREPLY[@]}}" -eq 1 ] && [[ "${{COMPREPLY[0]}}" == *= ]]; then
        compopt -o nospace 2>/dev/null
    fi
    return 0
}}
complete -F _telnyx_sip {PROG}
"""

_ZSH_DRIVER = f"""\
_telnyx_sip() {{
    local cmdpath expect cur=${{words[CURRENT]}} option
    local -a found
    {_FN}_walk "${{(@)words[2,CURRENT-1]}}"
    if [[ -n $expect ]]; then
        found=(${{(f)"$({_FN}_values "$cmdpath|$expect")"}})
        if (( ${{#found}} == 0 )) &&
            {_FN}_is "$({_FN}_files "$cmdpath")" "$expect"; then
            _files
            return
        fi
    elif [[ $cur == --*=* ]]; then
        option=${{cur%%=*}}
        found=(${{(f)"$({_FN}_values "$cmdpath|$option")"}})
        compset -P '*='
    elif [[ $cur == -* ]]; then
        found=(${{(f)"$({_FN}_options "$cmdpath")"}})
    else
        found=(${{(f)"$({_FN}_commands "$cmdpath")"}}
            ${{(f)"$({_FN}_words "$cmdpath")"}})
        if (( ${{#found}} == 0 )) &&
            {_FN}_is "$({_FN}_files "$cmdpath")" ""; then
            _files
            return
        fi
    fi
    local -a keys plain
    keys=(${{(M)found:#*=}})
    plain=(${{found:#*=}})
    (( ${{#keys}} )) && compadd -S '' -a keys
    (( ${{#plain}} )) && compadd -a plain
    return 0
}}
if (( $+functions[compdef] )); then
    compdef _telnyx_sip {PROG}
fi
"""

_FISH_DRIVER = f"""\
function {_FN}_complete
    set -l words (commandline -opc)
    set -e words[1]
    set -l cur (commandline -ct)
    set -l cmdpath ''
    set -l expect ''
    for word in $words
        if test -n "$expect"
            set expect ''
            continue
        end
        switch $word
            case '--*=*'
            case '-*'
                if not contains -- $word ({_FN}_flags "$cmdpath")
                    set expect $word
                end
            case '*'
                if contains -- $word ({_FN}_commands "$cmdpath")
                    set cmdpath (string trim -- "$cmdpath $word")
                end
        end
    end
    if test -n "$expect"
        set -l found ({_FN}_values "$cmdpath|$expect")
        if test (count $found) -eq 0; and contains -- $expect ({_FN}_files "$cmdpath")
            __fish_complete_path $cur
        else
            printf '%s\\n' $found
        end
    else if string match -q -- '--*=*' $cur
        set -l option (string split -m 1 = -- $cur)[1]
        for value in ({_FN}_values "$cmdpath|$option")
            printf '%s=%s\\n' $option $value
        end
    else if string match -q -- '-*' $cur
        {_FN}_options "$cmdpath"
    else
        {_FN}_commands "$cmdpath"
        {_FN}_words "$cmdpath"
    end
end

complete -c {PROG} -f -a '({_FN}_complete)'
"""


def script(shell: str, nodes: Sequence[Node]) -> str:
    """The completion script for ``shell`` (``bash``, ``zsh`` or ``fish``)."""
    head = f"# {shell} completion for {PROG}: generated by `{PROG} completion {shell}`"
    if shell == "fish":
        body = [*_fish_functions(nodes), _FISH_DRIVER]
    elif shell == "zsh":
        body = [*_sh_functions(nodes), _SH_HELPERS, _ZSH_DRIVER]
        head = f"#compdef {PROG}\n{head}"
    else:
        body = [*_sh_functions(nodes), _SH_HELPERS, _BASH_DRIVER]
    return "\n".join([head, "", *body])
