"""Document kinds: the apps above register how their documents read on the public page.

    # certificates/apps.py
    def ready(self):
        register_kind("certificate", label="社区证明", describe=describe_certificate)

documents never imports them; without a registered kind the page still shows serial, issuer
and dates."""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

log = logging.getLogger(__name__)

Rows = list[tuple[str, str]]


@dataclass(frozen=True)
class Kind:
    kind: str
    label: str
    describe: Callable[[object], Rows]
    reads: str = ""


_KINDS: dict[str, Kind] = {}


def register_kind(
    kind: str, *, label: str, describe: Callable[[object], Rows], reads: str = ""
) -> None:
    """`describe(document)` returns (label, value) rows, e.g. [("证明事项", "居住证明")].
    `reads`: the relation from the document describe() reads ("certificate__community"), which
    a verification then brings along in its one query of the registry (documents.selectors).
    Registering a kind twice with the same label replaces it (tests, autoreload)."""
    _KINDS[kind] = Kind(kind, label, describe, reads)


def relations_read() -> list[str]:
    """What the kinds' describe() read, for select_related."""
    return sorted(info.reads for info in _KINDS.values() if info.reads)


def kind_label(kind: str) -> str:
    info = _KINDS.get(kind)
    return info.label if info else "签名文书"


# document pk -> (expires at, rows): what a paper says never changes once it is issued, so a
# verification repeated within JIANZHENG_VERIFY_CACHE_SECONDS reads no row for it.
_ROWS: dict[int, tuple[float, Rows]] = {}


def describe(document) -> Rows:
    """The kind's rows, or none. A broken describe() must not take the public page down with
    it: verification never depends on the apps above documents."""
    info = _KINDS.get(document.kind)
    if info is None:
        return []
    ttl = settings.VERIFY_CACHE_SECONDS
    hit = _ROWS.get(document.pk) if ttl > 0 else None
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]
    try:
        rows = [(str(label), str(value)) for label, value in info.describe(document)]
    except Exception:
        log.exception("describe() of document kind %s failed", document.kind)
        return []
    if ttl > 0:
        if len(_ROWS) >= 20_000:
            _ROWS.clear()
        _ROWS[document.pk] = (time.monotonic() + ttl, rows)
    return rows
