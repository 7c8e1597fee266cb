"""How `jianzheng serve` runs the site, shared with `setup` (which says where it will be) and the
benchmarks (which start the same server)."""

import sys

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# gunicorn's default (4094 bytes) answers a long address with its own English "URI Too Long"
# before Django sees it; 8190 is gunicorn's ceiling. Django then refuses over-long queries with
# the Chinese 400 page (catalogue.search.clean_query) and unknown addresses with the Chinese 404.
LIMIT_REQUEST_LINE = 8190


def gunicorn_argv(*, host: str, port: int, workers: int) -> list[str]:
    """The gunicorn of this interpreter's environment, so `make run` needs nothing on PATH."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "jianzheng.wsgi:application",
        "--bind",
        f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "--workers",
        str(workers),
        "--limit-request-line",
        str(LIMIT_REQUEST_LINE),
        "--access-logfile",
        "-",
        # Unused, and its default lives in the home folder, which a service account may not have.
        "--no-control-socket",
    ]
