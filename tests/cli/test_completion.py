"""Shell completion: the scripts complete commands, actions, options and values.

bash is driven the way it drives a completion function (``COMP_WORDS``,
``COMP_CWORD``, then ``COMPREPLY``); fish through ``complete -C``; zsh's
script is parsed and its driver run with ``compadd`` standing in. A shell
that is not installed is skipped, saying so.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from telnyx_sip._cli.app import build_parser
from telnyx_sip._cli.completion_tree import tree
from telnyx_sip._cli.introspect import resources
from telnyx_sip.cli import ExitCode
from tests._support.cli import run

# (words before the cursor, the word being completed) -> what bash offers.
CASES = [
    (["telnyx-sip"], "ip", ["ip-connections", "ips"]),
    (["telnyx-sip", "ips"], "cr", ["create"]),
    (["telnyx-sip", "ips", "create"], "--ip", ["--ip-address"]),
    (["telnyx-sip", "ips", "create", "--port", "5060"], "--c", ["--connection-id"]),
    (
        ["telnyx-sip", "ip-connections", "create"],
        "--transport-protocol",
        ["--transport-protocol"],
    ),
    (
        ["telnyx-sip", "ip-connections", "create", "--transport-protocol"],
        "",
        ["UDP", "TCP", "TLS"],
    ),
    (["telnyx-sip", "ip-connections", "create", "--dtmf-type"], "R", ["RFC\\ 2833"]),
    (["telnyx-sip", "ips", "update", "ID", "--active"], "", []),  # no such option
    (["telnyx-sip", "fqdns", "update", "ID", "--port"], "", []),  # a number
    (
        ["telnyx-sip", "credential-connections", "update", "ID", "--active"],
        "t",
        ["true"],
    ),
    (["telnyx-sip", "ips", "list", "-o"], "j", ["jsonl", "json"]),
    (["telnyx-sip", "-v", "--base-url", "URL", "ips"], "l", ["list"]),
    (["telnyx-sip", "ips", "list", "--filter"], "con", ["connection_id="]),
    (
        ["telnyx-sip", "outbound-voice-profiles", "list", "--sort", "="],
        "-na",
        ["-name"],
    ),
    (["telnyx-sip", "completion"], "", ["bash", "zsh", "fish"]),
    (["telnyx-sip", "ips", "list"], "--ver", ["--verbose"]),  # globals after, too
]


def _needs(shell: str) -> str:
    found = shutil.which(shell)
    if found is None:
        pytest.skip(f"{shell} is not installed here; its completion script is untested")
    return found


@pytest.fixture(scope="module")
def scripts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each shell's script, printed by the real entry point."""
    folder = tmp_path_factory.mktemp("completion")
    found = {}
    for shell in ("bash", "zsh", "fish"):
        done = subprocess.run(
            [sys.executable, "-m", "telnyx_sip", "completion", shell],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        path = folder / f"telnyx-sip.{shell}"
        path.write_text(done.stdout, encoding="utf-8")
        found[shell] = path
    return found


def _bash_complete(script: Path, words: list[str], current: str) -> list[str]:
    quoted = " ".join(f"'{w}'" for w in [*words, current])
    program = f"""
source '{script}'
COMP_WORDS=({quoted}); COMP_CWORD={len(words)}; COMPREPLY=()
_telnyx_sip
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    done = subprocess.run(
        [_needs("bash"), "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stderr == ""
    return [line for line in done.stdout.splitlines() if line]


@pytest.mark.parametrize(("words", "current", "offered"), CASES)
def test_bash_completes_commands_options_and_values(
    scripts: dict[str, Path], words: list[str], current: str, offered: list[str]
) -> None:
    assert _bash_complete(scripts["bash"], words, current) == offered


def test_bash_completes_file_names_for_path_options(
    scripts: dict[str, Path],
) -> None:
    words = ["telnyx-sip", "apply", "--journal"]
    found = _bash_complete(scripts["bash"], words, str(scripts["bash"])[:-2])
    assert str(scripts["bash"]) in found


def test_zsh_script_parses_and_completes(scripts: dict[str, Path]) -> None:
    zsh = _needs("zsh")
    subprocess.run([zsh, "-n", str(scripts["zsh"])], check=True, timeout=60)
    program = f"""
source '{scripts["zsh"]}'
compadd() {{
    local name
    while (( $# )); do
        case $1 in
            -a) name=$2; print -l -- "${{(@P)name}}"; shift 2 ;;
            -S) shift 2 ;;
            *) shift ;;
        esac
    done
}}
compset() {{ : }}
words=(telnyx-sip ip-connections create --dtmf-type R); CURRENT=5
_telnyx_sip
words=(telnyx-sip ips c); CURRENT=3
_telnyx_sip
print "PATH=$PATH"
"""
    done = subprocess.run(
        [zsh, "-f", "-c", program],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert out[:3] == ["RFC 2833", "Inband", "SIP INFO"]
    assert out[3:8] == ["list", "create", "retrieve", "update", "delete"]
    assert out[-1].startswith("PATH=/")  # the script leaves zsh's $path alone


@pytest.mark.parametrize(
    ("line", "offered"),
    [
        ("telnyx-sip ip", {"ip-connections", "ips"}),
        ("telnyx-sip ips cr", {"create"}),
        ("telnyx-sip ips create --ip", {"--ip-address"}),
        ("telnyx-sip ip-connections create --dtmf-type R", {"RFC 2833"}),
        ("telnyx-sip outbound-voice-profiles list --sort=-na", {"--sort=-name"}),
    ],
)
def test_fish_script_parses_and_completes(
    scripts: dict[str, Path], line: str, offered: set[str]
) -> None:
    fish = _needs("fish")
    subprocess.run([fish, "--no-config", "-n", str(scripts["fish"])], check=True)
    done = subprocess.run(
        [fish, "--no-config", "-c", f"source {scripts['fish']}; complete -C '{line}'"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert {row.split("\t")[0] for row in done.stdout.splitlines()} == offered


def test_the_tree_holds_every_resource_action_and_enum(
    capsys: pytest.CaptureFixture[str],
) -> None:
    nodes = {node.path: node for node in tree(build_parser())}
    for resource in resources():
        assert nodes[resource.name].commands == tuple(c.name for c in resource.commands)
        for command in resource.commands:
            node = nodes[f"{resource.name} {command.name}"]
            for param in command.params:
                if param.kind == "choice":
                    assert node.values[param.flag] == param.choices
    assert set(nodes[""].commands) >= {"apply", "demo", "sandbox", "completion"}
    code, _, err = run(capsys, "completion", "tcsh")
    assert code == ExitCode.USAGE
    assert "'tcsh' is not one of: bash, zsh, fish" in err


@pytest.mark.parametrize(
    ("shell", "head", "hook"),
    [
        ("bash", "# bash completion", "complete -F _telnyx_sip telnyx-sip"),
        ("zsh", "#compdef telnyx-sip", "compdef _telnyx_sip telnyx-sip"),
        ("fish", "# fish completion", "complete -c telnyx-sip -f -a"),
    ],
)
def test_the_command_prints_a_script_for_each_shell(
    shell: str, head: str, hook: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "completion", shell)
    assert (code, err) == (0, "")
    assert out.startswith(head)
    assert hook in out
    assert "'ips create|--port'" not in out  # a number: no values to offer
    assert "RFC 2833" in out
