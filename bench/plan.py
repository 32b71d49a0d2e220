"""How much work each kind of row does per subject and round, full or quick."""

from __future__ import annotations

import attrs

__all__ = ["Plan"]


@attrs.frozen
class Plan:
    """Counts per subject and round; ``rounds`` rounds interleave the subjects."""

    rounds: int = 5
    concurrency: int = 64
    single: int = 2500  # single-object requests, async rows
    pages: int = 192  # list pages, async rows
    sync_calls: int = 1000  # sequential calls, sync rows
    structure_reps: int = 20  # pages structured per round
    bulk_creates: int = 10_000
    import_runs: int = 3  # fresh processes per subject and round
    memory_pages: int = 100
    memory_rounds: int = 3

    @classmethod
    def make(cls, *, quick: bool, rounds: int | None, scale: float) -> Plan:
        """The full plan or the quick one, counts times ``scale``."""
        base = (
            cls(
                rounds=2,
                single=192,
                pages=64,
                sync_calls=200,
                structure_reps=4,
                bulk_creates=640,
                import_runs=1,
                memory_pages=10,
                memory_rounds=1,
            )
            if quick
            else cls()
        )

        def scaled(n: int, floor: int = 1) -> int:
            return max(floor, round(n * scale))

        return attrs.evolve(
            base,
            rounds=rounds or base.rounds,
            single=scaled(base.single, base.concurrency),
            pages=scaled(base.pages, base.concurrency),
            sync_calls=scaled(base.sync_calls, 10),
            structure_reps=scaled(base.structure_reps),
            bulk_creates=scaled(base.bulk_creates, base.concurrency * 2),
            import_runs=scaled(base.import_runs),
            memory_pages=scaled(base.memory_pages, 2),
            memory_rounds=min(rounds or base.memory_rounds, base.memory_rounds),
        )
