"""The driver: spec -> sources, sources -> sync twin, then check or write.

Usage (from the repository root)::

    python -m scripts.gen [--check] [--root DIR] [SPEC]
    python -m scripts.gen --sync-only [--check] [--root DIR]

SPEC defaults to ``$TELNYX_SIP_OPENAPI``, then to
``../shared/openapi/telnyx-sip.json`` next to the repository. The models,
services, ``telnyx_sip/_meta.py`` and the sandbox's data come from the spec;
the sync twin from what those would be (so ``--check`` judges the twin of
fresh services, not of stale ones) and from ``telnyx_sip/_client.py``.
``--sync-only`` remakes just the twin from the files as they are, without
the spec. ``--root`` works on a copy of the tree elsewhere (the tests use
it). With ``--check`` nothing is written: each file that differs is shown
as a unified diff and the exit status is 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import (
    codegen,
    facts,
    hooks,
    meta,
    models,
    sandbox,
    services,
    sync,
    sync_source,
    tables,
)
from .naming import RESOURCES
from .operations import by_resource, collect
from .spec import Spec, SpecError

DEFAULT_SPEC = codegen.ROOT.parent / "shared" / "openapi" / "telnyx-sip.json"
GENERATED_FOLDERS = ("telnyx_sip/models", "telnyx_sip/services")


def generate(document: Mapping[str, Any]) -> dict[str, str]:
    """Every file the spec makes, by repository path, before formatting.

    Raises:
        SpecError: the spec holds something the generator cannot map, or a
            naming table entry went unused.

    """
    tables.start_run()
    spec = Spec(dict(document))
    registry, ops = collect(spec)
    modules = models.place(registry)
    placement = {name: m.name for m in modules.values() for name in m.public}
    alias_home: dict[str, str] = {}
    for op in ops:
        if op.listing and op.listing.sort_alias:
            alias_home.setdefault(op.listing.sort_alias, op.resource.module)
    out: dict[str, str] = {}
    for module in modules.values():
        if module.public:
            source = models.model_module_source(module, placement)
            out[f"telnyx_sip/models/{module.name}.py"] = source
    out["telnyx_sip/models/__init__.py"] = models.models_init_source(modules, registry)
    out[hooks.HOOKS] = hooks.hooks_source(registry, placement)
    for name, mine in by_resource(ops).items():
        source = services.service_module_source(
            RESOURCES[name], mine, registry, alias_home
        )
        out[f"telnyx_sip/services/{name}.py"] = source
    out["telnyx_sip/services/__init__.py"] = services.services_init_source(alias_home)
    out[sandbox.SANDBOX_DATA] = sandbox.sandbox_data_source(spec, ops)
    out[meta.META] = meta.meta_source(registry, ops)
    out[facts.FACTS] = facts.facts_source(spec, registry, ops)
    unused = tables.unused_entries()
    if unused:
        raise SpecError(f"naming table entries the spec no longer needs: {unused}")
    return out


def generate_sync(root: Path, fresh: Mapping[str, str] | None = None) -> str:
    """The sync twin's source (formatted) from the tree at ``root``.

    ``fresh`` holds texts (by path) that win over the files, such as the
    services the spec step just made.
    """
    source = sync.render_sources(sync_source.read_inputs(root, fresh))
    return codegen.ruff(source, sync.OUTPUT)


def spec_path(argument: str | None) -> Path:
    if argument:
        return Path(argument)
    env = os.environ.get("TELNYX_SIP_OPENAPI")
    return Path(env) if env else DEFAULT_SPEC


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.gen", description=__doc__.splitlines()[0]
    )
    parser.add_argument("spec", nargs="?", help="path of the OpenAPI JSON file")
    parser.add_argument(
        "--check", action="store_true", help="show what is out of date; write nothing"
    )
    parser.add_argument(
        "--sync-only", action="store_true", help="only the sync twin; no spec needed"
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=codegen.ROOT,
        help="read and write a copy of the tree there (for testing the generator)",
    )
    args = parser.parse_args(argv)
    root: Path = args.root
    outputs: dict[str, str] = {}
    remove: list[str] = []
    try:
        if not args.sync_only:
            path = spec_path(args.spec)
            try:
                document = json.loads(path.read_text(encoding="utf-8"))
            except OSError as exc:
                print(f"cannot read the spec: {exc}", file=sys.stderr)
                return 2
            outputs = codegen.formatted(generate(document))
            remove = codegen.stale_files(root, GENERATED_FOLDERS, outputs)
        outputs[sync.OUTPUT] = generate_sync(root, outputs)
    except (SpecError, sync_source.GenerationError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    found = codegen.changes(outputs, root, remove)
    return codegen.apply(found, root, check=args.check)
