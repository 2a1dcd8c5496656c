"""Fan-out with conflation: every subscriber keeps at most one pending value per (robot, kind).

A slow or stalled subscriber therefore costs at most robots x kinds pending messages (plus what the gRPC
transport buffers before ``write`` blocks); newer values replace older ones and ``dropped`` counts them.
Publishing never waits on a subscriber, so one slow reader cannot slow the others.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from typing import Any

Item = tuple[int, float, str, Any]
"""(seq, server_ts, body field name, body message)."""


class Subscriber:
    """Filters plus a conflating mailbox."""

    def __init__(self, robots: Iterable[str], kinds: Iterable[str]) -> None:
        self.robots = frozenset(robots)
        self.kinds = frozenset(kinds)
        self.pending: dict[tuple[str, str], Item] = {}
        self.dropped = 0
        self.delivered = 0
        self.wake = asyncio.Event()

    def wants(self, robot: str, kind: str) -> bool:
        return (not self.robots or robot in self.robots) and (not self.kinds or kind in self.kinds)

    def offer(self, key: tuple[str, str], item: Item) -> None:
        if key in self.pending:
            self.dropped += 1
            del self.pending[key]  # re-insert so the mailbox stays in publish order
        self.pending[key] = item
        self.wake.set()

    async def take(self, timeout_s: float) -> tuple[list[Item], int]:
        """Pending items in seq order and the dropped count since the last take; ([], 0) on timeout."""
        if not self.pending:
            self.wake.clear()
            try:
                await asyncio.wait_for(self.wake.wait(), timeout_s)
            except TimeoutError:
                return [], 0
        items = list(self.pending.values())
        self.pending = {}
        dropped, self.dropped = self.dropped, 0
        self.delivered += len(items)
        return items, dropped


class Hub:
    """Publishes items to matching subscribers; ``seq`` is shared by all kinds of one hub."""

    def __init__(self) -> None:
        self.subscribers: set[Subscriber] = set()
        self.seq = 0

    def subscribe(self, robots: Iterable[str], kinds: Iterable[str]) -> Subscriber:
        sub = Subscriber(robots, kinds)
        self.subscribers.add(sub)
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        self.subscribers.discard(sub)

    def publish(self, robot: str, kind: str, field: str, body: Any) -> int:
        """Hand ``body`` to every interested subscriber; returns its seq (0 when nobody listens)."""
        if not self.subscribers:
            return 0
        self.seq += 1
        item = (self.seq, time.time(), field, body)
        key = (robot, kind)
        for sub in self.subscribers:
            if sub.wants(robot, kind):
                sub.offer(key, item)
        return self.seq

    def pending_total(self) -> int:
        return sum(len(s.pending) for s in self.subscribers)
