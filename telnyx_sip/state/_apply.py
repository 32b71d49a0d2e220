"""Applying a plan: one bulk job per wave, ids passed from wave to wave.

Creates and updates run wave by wave (see :data:`~._fields.WAVES`), then
deletes in the reverse order. A create in a later wave that refers to an
object made by an earlier one gets that object's id from the earlier job's
outcome. When a wave does not wholly succeed, the waves after it are not
run (their changes are reported ``not_attempted``): deleting or re-pointing
objects after a failed write could leave the account worse than either the
old state or the new.

With a journal directory, the plan is saved there first (no secret values)
and each wave keeps a bulk journal beside it; a rerun of the same document
resumes the saved plan, whose waves skip what succeeded and settle, by
natural key, what was in flight.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from telnyx_sip.bulk import DEFAULT_CONCURRENCY, Call, Outcome, Progress, run_bulk

from ._changes import Change, Pending
from ._errors import MissingVariableError
from ._fields import WAVES
from ._plan import Plan
from ._saved import load_saved, save_plan
from ._values import EnvRef

if TYPE_CHECKING:
    from telnyx_sip import AsyncTelnyxSIP

__all__ = ["ApplyReport", "OnChange", "apply"]


class OnChange(Protocol):
    """The ``on_change`` callback: each change and its outcome, as it settles.

    Changes a resumed journal had already settled are reported when their
    wave ends.
    """

    def __call__(self, change: Change, outcome: Outcome[Any], /) -> None:
        """Take note of one settled change."""


@attrs.frozen(repr=False)
class ApplyReport:
    """What apply did: one outcome per change it acted on (no-ops left out).

    ``changes[i]`` ended as ``outcomes[i]`` (an :class:`~telnyx_sip.bulk.Outcome`
    whose ``index`` is ``i``); the order is the plan's.
    """

    changes: tuple[Change, ...]
    outcomes: tuple[Outcome[Any], ...]

    @property
    def succeeded(self) -> int:
        """Changes made (or found made)."""
        return sum(o.status == "succeeded" for o in self.outcomes)

    @property
    def failed(self) -> int:
        """Changes not made: failed, unknown or not attempted."""
        return len(self.outcomes) - self.succeeded

    @property
    def ok(self) -> bool:
        """Whether every change was made."""
        return self.failed == 0

    def to_dict(self) -> dict[str, Any]:
        """JSON data: each change's label, action, status and error."""
        rows = []
        for change, outcome in zip(self.changes, self.outcomes, strict=True):
            row = {"label": change.label, "action": change.action, **outcome.to_json()}
            row.pop("result", None)
            rows.append(row)
        return {"succeeded": self.succeeded, "failed": self.failed, "changes": rows}

    def __repr__(self) -> str:
        return f"ApplyReport(succeeded={self.succeeded}, failed={self.failed})"


def _stages(changes: tuple[Change, ...]) -> list[tuple[str, list[int]]]:
    """(journal name, change indexes) per bulk job, in the order they run."""
    stages: list[tuple[str, list[int]]] = []
    for wave in range(len(WAVES)):
        picked = [
            i for i, c in enumerate(changes) if c.action != "delete" and c.wave == wave
        ]
        stages.append((f"write-{wave}.jsonl", picked))
    for wave in reversed(range(len(WAVES))):
        picked = [
            i for i, c in enumerate(changes) if c.action == "delete" and c.wave == wave
        ]
        stages.append((f"delete-{wave}.jsonl", picked))
    return [(name, picked) for name, picked in stages if picked]


def _environment(value: Any, place: str) -> Any:
    """``value`` with every environment reference read; a missing one raises."""
    if isinstance(value, EnvRef):
        found = os.environ.get(value.name)
        if found is None:
            raise MissingVariableError(value.name, place)
        return found
    if isinstance(value, Mapping):
        return {k: _environment(v, f"{place}.{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [_environment(v, place) for v in value]
    return value


def _fill(value: Any, ids: Mapping[tuple[str, str], str]) -> Any:
    if isinstance(value, Pending):
        return ids[(value.resource, value.name)]
    if isinstance(value, Mapping):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


def _created_name(change: Change) -> str | None:
    for field in ("connection_name", "name"):
        name = change.args.get(field)
        if isinstance(name, str):
            return name
    return None


async def apply(
    client: AsyncTelnyxSIP,
    plan: Plan,
    *,
    journal: str | os.PathLike[str] | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_change: OnChange | None = None,
    max_pause: float | None = None,
) -> ApplyReport:
    """Make the changes of ``plan``, wave by wave; return what happened.

    Args:
        client: The client to write through.
        plan: A plan from :func:`plan`.
        journal: A directory for the saved plan and the wave journals; a
            rerun with the same directory resumes the saved plan.
        concurrency: Most calls in flight at once, per wave.
        on_change: Called with each change and its outcome as it settles.
        max_pause: The longest job-wide rate-limit pause taken (see
            :class:`~telnyx_sip.bulk.BulkJob`).

    Raises:
        MissingVariableError: An environment variable the plan needs is not
            set; nothing was sent.
        JournalError: The journal directory holds another document's plan,
            or a wave journal cannot be used.

    """
    directory = Path(journal) if journal is not None else None
    changes = tuple(c for c in plan.changes if c.action != "no-op")
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
        saved = load_saved(directory, plan.digest, plan.document)
        if saved is None:
            save_plan(directory, plan.digest, changes)
        else:
            changes = saved
    # Every variable is read before the first request.
    resolved = [_environment(dict(c.args), c.source or c.label) for c in changes]
    outcomes: list[Outcome[Any] | None] = [None] * len(changes)
    ids: dict[tuple[str, str], str] = {}
    stopped = False
    for name, picked in _stages(changes):
        if stopped:
            break
        calls = [
            Call(changes[i].resource, changes[i].action, _fill(resolved[i], ids))
            for i in picked
        ]
        told: set[int] = set()

        def progress(
            step: Progress, picked: list[int] = picked, told: set[int] = told
        ) -> None:
            if on_change is not None and step.outcome is not None:
                i = picked[step.outcome.index]
                told.add(i)
                on_change(changes[i], attrs.evolve(step.outcome, index=i))

        report = await run_bulk(
            client,
            calls,
            concurrency=concurrency,
            journal=directory / name if directory is not None else None,
            on_progress=progress,
            max_pause=max_pause,
        )
        for i, outcome in zip(picked, report.outcomes, strict=True):
            change = changes[i]
            outcomes[i] = settled = attrs.evolve(outcome, index=i)
            created = _created_name(change)
            if change.action == "create" and created and outcome.result is not None:
                ids[(change.resource, created)] = outcome.result.id
            if on_change is not None and i not in told:
                on_change(change, settled)
        stopped = not report.ok
    final = tuple(
        o if o is not None else Outcome(index=i, status="not_attempted")
        for i, o in enumerate(outcomes)
    )
    return ApplyReport(changes, final)
