"""Document kinds: the apps above register how their documents read on the public page.

    # certificates/apps.py
    def ready(self):
        register_kind("certificate", label="社区证明", describe=describe_certificate)

documents never imports them; without a registered kind the page still shows serial, issuer
and dates."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

Rows = list[tuple[str, str]]


@dataclass(frozen=True)
class Kind:
    kind: str
    label: str
    describe: Callable[[object], Rows]


_KINDS: dict[str, Kind] = {}


def register_kind(kind: str, *, label: str, describe: Callable[[object], Rows]) -> None:
    """`describe(document)` returns (label, value) rows, e.g. [("证明事项", "居住证明")].
    Registering a kind twice with the same label replaces it (tests, autoreload)."""
    _KINDS[kind] = Kind(kind, label, describe)


def kind_label(kind: str) -> str:
    info = _KINDS.get(kind)
    return info.label if info else "签名文书"


def describe(document) -> Rows:
    """The kind's rows, or none. A broken describe() must not take the public page down with
    it: verification never depends on the apps above documents."""
    info = _KINDS.get(document.kind)
    if info is None:
        return []
    try:
        return [(str(label), str(value)) for label, value in info.describe(document)]
    except Exception:
        log.exception("describe() of document kind %s failed", document.kind)
        return []
