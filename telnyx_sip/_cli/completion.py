"""``telnyx-sip completion bash|zsh|fish``: a completion script from the parser.

The script is static data: the command tree (resources, actions, the other
commands), each command's options and the values of its enum, boolean and
``--filter`` options, read from the very parser the command line uses, so
the two cannot drift apart. Tab completion then runs in the shell alone,
without starting Python; re-run the command after upgrading.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from .completion_scripts import script
from .completion_tree import tree
from .context import Context
from .failures import PROG, ExitCode

__all__ = ["SHELLS", "register"]

SHELLS = ("bash", "zsh", "fish")
"""The shells a script can be printed for."""


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: Sequence[argparse.ArgumentParser],
) -> None:
    """Add the ``completion`` command."""
    del parents  # it prints a script, not results
    parser = subparsers.add_parser(
        "completion",
        allow_abbrev=False,
        help="Print a shell completion script (bash, zsh or fish).",
        description="Print a script that completes the commands, actions, "
        "options and allowed values of telnyx-sip in your shell. Load it "
        "from the shell's start-up file; see the examples below.",
        epilog=f"""\
examples:
  bash (~/.bashrc):   eval "$({PROG} completion bash)"
  zsh  (~/.zshrc):    eval "$({PROG} completion zsh)"   # after compinit
  fish:               {PROG} completion fish > \\
                        ~/.config/fish/completions/{PROG}.fish""",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    parser.set_defaults(run=run_completion)


async def run_completion(ctx: Context) -> int:
    """Print the script for the shell asked for."""
    assert ctx.parser is not None
    ctx.stdout.write(script(ctx.args.shell, list(tree(ctx.parser))))
    ctx.stdout.flush()
    return ExitCode.OK
