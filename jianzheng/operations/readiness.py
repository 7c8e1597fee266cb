"""`/readyz`: may this server take traffic? (issue 17, item 5). `/healthz` only says the process
answers; a load balancer or systemd watchdog asks `/readyz` before sending residents here.

Each check answers ok and, when not, a short reason in Chinese that names what to fix but no
path, key or address (the answer is public):

- database: a query answers;
- keys: every county has an active signing key and this machine holds its private key (a
  server that cannot sign would answer every issuance with 503);
- pii: this machine holds the key-encryption key of personal data (core/pii.py), and the key
  the newest rows were sealed with;
- font: the Chinese font PDFs are drawn with can be loaded;
- disk: the data folder has at least JIANZHENG_MIN_FREE_MB (default 500) free;
- cache (a region, JIANZHENG_CACHE=redis): Redis answers; without it request budgets are not
  counted and periodic tasks do not run.

Warnings do not stop traffic but ask for an operator (`warnings()`, under "warnings" in the
answer): on PostgreSQL, a DEFAULT partition holding rows (core/partitions.py) means a year
nobody made a partition for; the daily task or `jianzheng partitions ensure` moves them."""

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    reason: str = ""
    ms: float = 0.0


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return ""


def _keys() -> str:
    from jianzheng.documents.services import active_key, keys_dir
    from jianzheng.documents.signing import key_path
    from jianzheng.regions.selectors import counties

    missing = []
    for county in counties():
        key = active_key(county)
        if key is None or not key_path(keys_dir(), key.kid).is_file():
            missing.append(county.name)
    return f"本机不能为{'、'.join(missing)}签名（缺少签名密钥）" if missing else ""


def _pii() -> str:
    from jianzheng.core import pii

    return "缺少个人信息加密密钥，无法读写身份证号码等个人信息" if pii.problems() else ""


def _font() -> str:
    from jianzheng.core.fonts import FontMissing, main_face

    try:
        main_face()
    except (FontMissing, OSError):
        return "找不到可用的中文字体，无法生成 PDF"
    return ""


def _disk() -> str:
    folder = Path(settings.DATA_DIR)
    free = shutil.disk_usage(folder if folder.exists() else folder.parent).free // (1024 * 1024)
    need = settings.MIN_FREE_MB
    return f"数据目录剩余空间 {free} MB，低于 {need} MB" if free < need else ""


def _cache() -> str:
    from django.core.cache import cache

    try:
        cache.set("readyz", 1, timeout=10)
        answered = cache.get("readyz")
    except Exception:  # redis.ConnectionError, a timeout
        return "连不上共享缓存（Redis）：请求限额不能计数，定期任务不会运行"
    return "" if answered == 1 else "共享缓存读写不一致"


CHECKS = {"database": _database, "keys": _keys, "pii": _pii, "font": _font, "disk": _disk}


def _checks() -> dict:
    return CHECKS | {"cache": _cache} if settings.REDIS_URL else CHECKS


def _partitions() -> str:
    from jianzheng.core.partitions import rows_in_default

    held = rows_in_default()
    if not held:
        return ""
    counts = "、".join(f"{table} {rows} 行" for table, rows in held.items())
    return f"有记录落入默认分区（{counts}）：请运行 jianzheng partitions ensure"


WARNINGS = {"partitions": _partitions}


def warnings() -> dict[str, str]:
    found = {}
    for name, check in WARNINGS.items():
        try:
            reason = check()
        except Exception as exc:  # a warning that breaks says so, never a 500
            reason = f"检查出错：{type(exc).__name__}"
        if reason:
            found[name] = reason
    return found


def run_checks() -> list[Check]:
    done = []
    for name, check in _checks().items():
        start = time.perf_counter()
        try:
            reason = check()
        except Exception as exc:  # a check that breaks is a check that failed, never a 500
            reason = f"检查出错：{type(exc).__name__}"
        done.append(Check(name, not reason, reason, round(1000 * (time.perf_counter() - start), 1)))
    return done
