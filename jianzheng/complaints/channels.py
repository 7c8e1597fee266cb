"""The seed's published supervision channels (永民发〔2020〕91号 二(五)): a hotline and a mailbox
per level. Keyed by region code; a county without its own row shows the city's and the
region's (贺兰县 in the demo)."""

from dataclasses import dataclass

from jianzheng.regions.models import Region


@dataclass(frozen=True)
class Channel:
    region_code: str
    name: str
    level: str
    phone: str
    email: str


CHANNELS = {
    "64": Channel("64", "宁夏回族自治区", "自治区", "0951-5915538", "nxmzjczqc@163.com"),
    "6401": Channel("6401", "银川市", "市", "0951-6888759", "ycmzjczqk@163.com"),
    "640121": Channel("640121", "永宁县", "县", "0951-8032053", "ynxjczqb@163.com"),
}


def channels_for(region: Region | None) -> list[Channel]:
    """The channels from `region` (a county) up to the region: its own first."""
    found = []
    node = region
    while node is not None:
        channel = CHANNELS.get(node.code)
        if channel is not None:
            found.append(channel)
        node = node.parent
    if not found:
        found = [CHANNELS[code] for code in ("6401", "64")]
    return found


def all_channels() -> list[Channel]:
    return sorted(CHANNELS.values(), key=lambda c: len(c.region_code), reverse=True)
