"""POST /api/v1/verify against the bare view in-process: this process's CPU time a request, and
the queries a request makes, with the registry cache warm and cold. What bench/verify_endpoint.py
measures over HTTP, without gunicorn, the load generator and the other jobs on the machine.

    .venv/bin/python bench/verify_cpu.py [--requests 500] [--rounds 9]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/verify_cpu.py

Throwaway database (bench/_harness.py) and the same papers and mix as bench/verify_endpoint.py;
the WSGI application is called directly, as a gunicorn sync worker calls it, and the request log
line is dropped on both sides. CPU time (time.process_time), the least of the alternating rounds,
since other jobs only ever add to it. Report only: the target is verify_endpoint.py's."""

import argparse
import io
import json
import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _harness as h  # noqa: E402
from bench.verify_endpoint import VERIFY_PATH, bodies, issue_certificates  # noqa: E402


def environ(path: str, body: bytes) -> dict:
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": h.HOST,
        "SERVER_PORT": "8000",
        "HTTP_HOST": f"{h.HOST}:8000",
        "REMOTE_ADDR": h.HOST,
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
    }


def cpu_ms(application, path: str, mix: list[bytes], count: int) -> float:
    start = time.process_time()
    for i in range(count):
        body = mix[i % len(mix)]
        answer = application(environ(path, body), lambda status, headers, exc=None: None)
        b"".join(answer)
        answer.close()
    return 1000 * (time.process_time() - start) / count


def queries(application, mix: list[bytes], *, cold: bool) -> int:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    ttl = 0 if cold else settings.VERIFY_CACHE_SECONDS  # 0: every request reads the registry
    with override_settings(VERIFY_CACHE_SECONDS=ttl):
        cpu_ms(application, VERIFY_PATH, mix, len(mix))  # warm: each paper read once already
        with CaptureQueriesContext(connection) as seen:
            cpu_ms(application, VERIFY_PATH, mix, len(mix))
    return len(seen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500, help="a round (default 500)")
    parser.add_argument("--rounds", type=int, default=9, help="alternating rounds (default 9)")
    args = parser.parse_args()

    sandbox = h.open_sandbox(demo=True)
    print(f"verify in-process vs bare Django; {sandbox.describe()}")
    mix = [json.dumps(b, ensure_ascii=False).encode() for b in bodies(issue_certificates(5))]
    from bench._app import application

    logging.getLogger("jianzheng.request").disabled = True
    for path in (h.BASELINE_PATH, VERIFY_PATH):  # imports, caches, the first connection
        cpu_ms(application, path, mix, 100)
    baseline, verify = [], []
    for _ in range(args.rounds):
        baseline.append(cpu_ms(application, h.BASELINE_PATH, mix, args.requests))
        verify.append(cpu_ms(application, VERIFY_PATH, mix, args.requests))
    from django.test.utils import override_settings

    with override_settings(VERIFY_CACHE_SECONDS=0):  # every request reads the registry
        cold = [
            cpu_ms(application, VERIFY_PATH, mix, max(50, args.requests // 5))
            for _ in range(max(3, args.rounds // 3))
        ]
    print(
        f"CPU a request: baseline {min(baseline):.3f} ms, verify {min(verify):.3f} ms "
        f"({min(verify) - min(baseline):.3f} ms more; ratio {min(baseline) / min(verify):.2f}), "
        f"verify with the registry cache off {min(cold):.3f} ms"
    )
    print(
        f"queries for the {len(mix)} requests of the mix: registry cache warm "
        f"{queries(application, mix, cold=False)}, cold {queries(application, mix, cold=True)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
