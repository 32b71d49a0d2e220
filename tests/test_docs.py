"""The documentation keeps its promises.

- every example on every docs page and in the README runs against a fresh
  sandbox (see tests/_support/docs.py for how each kind of block is run);
- the quick start shows the README's two commands, word for word;
- every public name has a docstring of its own, and the API reference
  renders it;
- no docstring and no page repeats the OpenAPI spec's descriptions.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import telnyx_sip
from telnyx_sip.testing import ThreadedSandbox

from ._support.docs import (
    Block,
    PageRun,
    blocks,
    console_steps,
    not_run_without_reason,
    output_matches,
)

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
README = ROOT / "README.md"
PAGES = sorted(DOCS.rglob("*.md"))
EXAMPLE_PAGES = [*PAGES, README]
REFERENCE = DOCS / "reference"


def _page_id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# -- every example runs ---------------------------------------------------------


def _runnable(path: Path) -> list[Block]:
    return [
        b
        for b in blocks(path)
        if b.lang in {"python", "console"} or b.title is not None
    ]


@pytest.mark.parametrize(
    "page",
    [p for p in EXAMPLE_PAGES if _runnable(p)],
    ids=_page_id,
)
def test_examples_run_against_the_sandbox(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ThreadedSandbox() as sandbox:
        monkeypatch.setenv("TELNYX_API_KEY", sandbox.api_key)
        monkeypatch.setenv("TELNYX_BASE_URL", sandbox.base_url)
        monkeypatch.chdir(tmp_path)
        run = PageRun(sandbox, tmp_path)
        try:
            for block in _runnable(page):
                run.run(block)
            run.run_tests()
        finally:
            run.close()


def test_every_python_block_is_run_or_says_why_not() -> None:
    missing = [w for p in EXAMPLE_PAGES for w in not_run_without_reason(p)]
    assert missing == [], "a ```py block needs a '<!-- not run: why -->' before it"
    # Other fences that look like Python would silently escape the test.
    sneaky = [
        b.where
        for p in EXAMPLE_PAGES
        for b in blocks(p)
        if b.lang in {"python3", "py3", "pycon", "ipython"}
    ]
    assert sneaky == []


def test_examples_never_name_the_real_api() -> None:
    # Examples take the API root from $TELNYX_BASE_URL, which the tests point
    # at the sandbox; one naming the real API would leave this machine.
    offenders = [
        b.where
        for p in EXAMPLE_PAGES
        for b in blocks(p)
        if b.lang in {"python", "console"} and "api.telnyx.com" in b.source
    ]
    assert offenders == []


def test_there_are_examples_to_run() -> None:
    pages = [p for p in EXAMPLE_PAGES if _runnable(p)]
    assert README in pages
    assert len(pages) >= 15


# -- the harness itself ---------------------------------------------------------


def test_console_output_matching() -> None:
    assert output_matches(["a ... c"], ["a b b c"])
    assert not output_matches(["a ... c"], ["a b b d"])
    assert output_matches(["x", "...", "z"], ["x", "1", "2", "z"])
    assert output_matches(["x", "...", "z"], ["x", "z"])
    assert not output_matches(["x"], ["x", "y"])
    assert not output_matches(["x", "y"], ["x"])
    assert output_matches([], [])


def test_console_steps_join_continued_lines() -> None:
    steps = console_steps("$ echo a \\\n  b\na b\n$ true\n")
    assert steps == [("echo a \\\n  b", ["a b"]), ("true", [])]
    with pytest.raises(ValueError, match="start each command"):
        console_steps("echo no prompt\n")


def test_blocks_are_read_with_their_titles_and_reasons(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "Intro\n\n"
        '```python title="test_x.py"\nx = 1\n```\n\n'
        "<!-- not run: needs a terminal -->\n"
        "```py\ninput()\n```\n\n"
        "    ```python\n    y = 2\n    ```\n"
        "```py\nforgot()\n```\n"
    )
    found = list(blocks(page))
    assert [(b.lang, b.title) for b in found] == [
        ("python", "test_x.py"),
        ("py", None),
        ("python", None),
        ("py", None),
    ]
    assert found[2].source == "y = 2\n"
    assert not_run_without_reason(page) == ["page.md:15"]


# -- the quick start and the README agree -----------------------------------------


def _bash_blocks(path: Path) -> list[str]:
    return [b.source for b in blocks(path) if b.lang == "bash"]


def test_quick_start_repeats_the_readme_commands() -> None:
    readme = README.read_text(encoding="utf-8")
    section = readme.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)```", section, flags=re.DOTALL)
    assert len(commands) == 2
    quick = _bash_blocks(DOCS / "quickstart.md")
    for command in commands:
        assert command in quick


def test_readme_links_into_the_docs_resolve() -> None:
    # The site's own links are checked by the strict build; the README's are not.
    links = re.findall(r"\]\((docs/[^)#]+)", README.read_text(encoding="utf-8"))
    assert links
    assert [link for link in links if not (ROOT / link).is_file()] == []


# -- docstrings and the API reference ----------------------------------------------


def _public_modules() -> list[str]:
    names = [
        "telnyx_sip",
        "telnyx_sip.bulk",
        "telnyx_sip.cli",
        "telnyx_sip.errors",
        "telnyx_sip.models",
        "telnyx_sip.pagination",
        "telnyx_sip.serialization",
        "telnyx_sip.services",
        "telnyx_sip.state",
        "telnyx_sip.state.schema",
        "telnyx_sip.sync",
        "telnyx_sip.testing",
        "telnyx_sip.testing.pytest_plugin",
    ]
    for package in ("telnyx_sip.models", "telnyx_sip.services"):
        module = importlib.import_module(package)
        names += [
            f"{package}.{m.name}"
            for m in pkgutil.iter_modules(module.__path__)
            if not m.name.startswith("_")
        ]
    return names


def _public_names() -> Iterator[tuple[str, str, Any]]:
    """(module, name, object) for every name a public module exports."""
    seen: set[int] = set()
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if id(obj) in seen or not (inspect.isclass(obj) or callable(obj)):
                continue
            if type(obj).__module__ == "typing":
                continue  # aliases such as ConnectionSort hold no docstring
            seen.add(id(obj))
            yield module_name, name, obj


def _members(cls: type) -> Iterator[tuple[str, Any]]:
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        fn = value
        if isinstance(value, (staticmethod, classmethod)):
            fn = value.__func__
        elif isinstance(value, property):
            fn = value.fget
        if inspect.isfunction(fn):
            yield name, fn


def _own_doc(obj: Any) -> str:
    doc = vars(obj).get("__doc__") if inspect.isclass(obj) else obj.__doc__
    return (doc or "").strip()


def test_every_public_name_has_its_own_docstring() -> None:
    # ruff's D rules skip everything in modules whose name starts with "_",
    # where most public classes live (_client.py, sync/_client.py, ...): this test
    # walks what users can import instead.
    missing = [m for m in _public_modules() if not _own_doc(importlib.import_module(m))]
    for module, name, obj in _public_names():
        if not _own_doc(obj):
            missing.append(f"{module}.{name}")
        if inspect.isclass(obj):
            missing += [
                f"{module}.{name}.{member}"
                for member, fn in _members(obj)
                if not (fn.__doc__ or "").strip()
            ]
    # The sync services are reached as TelnyxSIP attributes, not imported.
    sync = importlib.import_module("telnyx_sip.sync._client")
    for name in sync.__all__:
        cls = getattr(sync, name)
        if not _own_doc(cls):
            missing.append(f"telnyx_sip.sync._client.{name}")
        missing += [
            f"telnyx_sip.sync._client.{name}.{member}"
            for member, fn in _members(cls)
            if not (fn.__doc__ or "").strip()
        ]
    assert missing == []


def _reference_targets() -> set[str]:
    targets: set[str] = set()
    for page in REFERENCE.glob("*.md"):
        targets.update(
            re.findall(r"^::: ([\w.]+)", page.read_text(encoding="utf-8"), re.M)
        )
    return targets


def test_the_api_reference_renders_every_public_name() -> None:
    targets = _reference_targets()
    unrendered = []
    for module, name, obj in _public_names():
        home = getattr(obj, "__module__", module)
        if (
            f"{module}.{name}" in targets
            or f"{home}.{name}" in targets
            or module in targets
            or home in targets
        ):
            continue
        unrendered.append(f"{module}.{name}")
    assert unrendered == []
    assert "telnyx_sip.sync._client" in targets or all(
        f"telnyx_sip.sync._client.{n}" in targets
        for n in importlib.import_module("telnyx_sip.sync._client").__all__
    )


# -- nothing copied from the spec ---------------------------------------------------


def _descriptions(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                yield value
            else:
                yield from _descriptions(value)
    elif isinstance(node, list):
        for item in node:
            yield from _descriptions(item)


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _spec_phrases(spec: dict[str, Any]) -> set[str]:
    # Any run of 8 words from a description sentence counts as copying.
    phrases: set[str] = set()
    for description in _descriptions(spec):
        for sentence in re.split(r"(?<=[.!?])\s+", description):
            words = _words(sentence).split()
            for i in range(len(words) - 7):
                phrases.add(" ".join(words[i : i + 8]))
    return phrases


def _contains_phrase(text: str, phrases: set[str]) -> str | None:
    words = _words(text).split()
    for i in range(len(words) - 7):
        phrase = " ".join(words[i : i + 8])
        if phrase in phrases:
            return phrase
    return None


def test_no_docstring_or_page_repeats_the_spec(spec: dict[str, Any]) -> None:
    phrases = _spec_phrases(spec)
    assert phrases, "the spec has no descriptions to compare with"
    copied = []
    texts: list[tuple[str, str]] = [
        (m, _own_doc(importlib.import_module(m))) for m in _public_modules()
    ]
    for module, name, obj in _public_names():
        texts.append((f"{module}.{name}", _own_doc(obj)))
        if inspect.isclass(obj):
            texts += [
                (f"{module}.{name}.{member}", fn.__doc__ or "")
                for member, fn in _members(obj)
            ]
    texts += [(_page_id(p), p.read_text(encoding="utf-8")) for p in EXAMPLE_PAGES]
    for where, text in texts:
        phrase = _contains_phrase(text, phrases)
        if phrase is not None:
            copied.append(f"{where}: {phrase!r}")
    assert copied == []


def test_public_modules_are_the_documented_ones() -> None:
    # A new public module must be added to _public_modules (and so to the
    # reference) rather than slip past the checks above.
    found = {
        m.name
        for m in pkgutil.walk_packages(telnyx_sip.__path__, "telnyx_sip.")
        if not any(part.startswith("_") for part in m.name.split(".")[1:])
    }
    assert found <= set(_public_modules())
