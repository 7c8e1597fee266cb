"""POST /api/v1/verify over HTTP against a bare-Django baseline, same server, same run.

    .venv/bin/python bench/verify_endpoint.py [--certificates 5] [--rounds 3] [--seconds 4]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/verify_endpoint.py

Throwaway database and data folder (see bench/_harness.py), `jianzheng setup --demo` (signing
key, demo county, demo users), a few 居(租)住证明 issued by the demo clerk yanghe_clerk through
certificates.services.issue_certificate, then gunicorn on 127.0.0.1 and
  baseline: POST /bench/baseline with the same JSON body (constant JSON, same middleware)
  verify:   POST /api/v1/verify {"token": …}: 9 in 10 genuine tokens, 1 in 10 tampered
            (a verifier mistypes or a forger edits; it must answer 200 "invalid", not 4xx/5xx).
Every verify call leaves a VerificationLog row: by default a line in the server's journal that
the task runner stores (core/journal.py; JIANZHENG_VERIFICATION_LOG=direct inserts it before the
answer); after the run the journal is stored and the rows counted against the answers.
Target: verify/baseline >= 0.5. With --misses every verification reads the registry (the
per-process cache of papers checked in the last second is off: national traffic, where most
scans are of different papers) and the ratio is reported, not held to the target. With
--profile, a cProfile of the handler in-process."""

import argparse
import cProfile
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _harness as h  # noqa: E402

TARGET_RATIO = 0.5
VERIFY_PATH = "/api/v1/verify"
HOLDERS = ["马小花", "王淑珺", "李建国", "马晓燕", "杨桂兰", "丁学军", "海春梅", "纳振华"]


def issue_certificates(count: int) -> list[str]:
    """Tokens of `count` certificates issued by the demo clerk at the demo community."""
    from jianzheng.accounts.models import User
    from jianzheng.certificates.services import issue_certificate
    from jianzheng.regions.models import Unit

    clerk = User.objects.get(username="yanghe_clerk")
    community = Unit.objects.get(code="640121100001")
    tokens = []
    for index in range(count):
        certificate = issue_certificate(
            actor=clerk,
            community=community,
            item="YN-B03",
            facts={
                "holder_name": HOLDERS[index % len(HOLDERS)],
                "holder_id_number": "640121199003071232",
                "gender": "男",
                "address": f"永宁县杨和镇示例路{index + 1}号",
                "since": "2019-05-01",
                "tenure": "租住",
            },
            checks=[{"method": "home_visit", "note": "入户查看"}],
            purpose="办理居住证",
            requester="永宁县公安局杨和派出所",
        )
        tokens.append(certificate.document.token)
    return tokens


def tampered(token: str) -> str:
    """One base32 character changed in the middle: still well-formed, signature no longer valid."""
    middle = len(token) // 2
    return token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]


def bodies(tokens: list[str]) -> list[dict]:
    mix = [{"token": t, "purpose": "办理居住证"} for t in tokens]
    mix = [mix[i % len(mix)] for i in range(9)]
    return [*mix, {"token": tampered(tokens[0]), "purpose": "办理居住证"}]


def settings_log() -> str:
    from django.conf import settings

    if settings.VERIFICATION_LOG == "direct":
        return "inserted before each answer"
    return f"journal, fsync {settings.JOURNAL_FSYNC}, stored by the task runner's flush"


def check_answers(port: int, mix: list[dict]) -> None:
    seen = {}
    for body in mix:
        status, raw = h.request("POST", port, VERIFY_PATH, json.dumps(body).encode())
        if status != 200:
            raise SystemExit(f"verify answered HTTP {status}: {raw[:200]!r}")
        answer = json.loads(raw)
        seen[answer["status"]] = seen.get(answer["status"], 0) + 1
    if set(seen) != {"valid", "invalid"}:
        raise SystemExit(f"expected valid and invalid answers, got {seen}")
    print(f"answers over one pass of the mix: {seen}")


def profile(mix: list[dict]) -> None:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    for body in mix:  # the first request imports half of Django: keep it out of the profile
        client.post(VERIFY_PATH, json.dumps(body), content_type="application/json")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(30):
        for body in mix:
            client.post(VERIFY_PATH, json.dumps(body), content_type="application/json")
    profiler.disable()
    h.print_profile(profiler, requests=30 * len(mix))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--certificates", type=int, default=5, help="issued first (default 5)")
    parser.add_argument("--profile", action="store_true", help="profile the handler afterwards")
    parser.add_argument(
        "--misses", action="store_true", help="no registry cache: every request reads the database"
    )
    h.add_load_arguments(parser)
    args = parser.parse_args()
    if args.misses:
        os.environ["JIANZHENG_VERIFY_CACHE_SECONDS"] = "0"  # the server inherits it

    sandbox = h.open_sandbox(demo=True)
    h.header("POST /api/v1/verify vs bare Django", sandbox, args)
    tokens = issue_certificates(args.certificates)
    print(f"issued {len(tokens)} certificates; token length {len(tokens[0])} characters")
    mix = bodies(tokens)
    from jianzheng.core import journal
    from jianzheng.documents.models import VerificationLog
    from jianzheng.documents.services import VERIFICATION_JOURNAL

    warm_ups: dict[str, h.Summary] = {}
    with h.Server(workers=args.workers) as server:
        check_answers(server.port, mix)
        journal.flush(VERIFICATION_JOURNAL)
        rows_before = VerificationLog.objects.count()
        results = h.compare(
            server.port,
            {
                "baseline POST /bench/baseline": [
                    h.Req.post_json(h.BASELINE_PATH, body) for body in mix
                ],
                "verify POST /api/v1/verify": [h.Req.post_json(VERIFY_PATH, body) for body in mix],
            },
            rounds=args.rounds,
            seconds=args.seconds,
            processes=args.processes,
            threads=args.threads,
            warm_ups=warm_ups,
        )
    baseline, verify = results.values()
    # Every answered verification has its row, once the task runner has stored the journal.
    answered = verify.requests + list(warm_ups.values())[1].requests
    journal.flush(VERIFICATION_JOURNAL)
    rows = VerificationLog.objects.count() - rows_before
    logged = rows == answered
    print(
        f"verification log: {rows} rows for {answered} answered verifications "
        f"({settings_log()}): {'all present' if logged else 'MISSING OR EXTRA ROWS'}"
    )
    print(baseline.line())
    print(verify.line())
    ratio = verify.rate / baseline.rate
    ok = ratio >= TARGET_RATIO or args.misses
    verdict = "report only (--misses)" if args.misses else "OK" if ok else "BELOW TARGET"
    print(f"ratio verify/baseline = {ratio:.2f} (target >= {TARGET_RATIO}): {verdict}")
    if args.profile or not ok:
        profile(mix)
    if baseline.errors or verify.errors or not logged:
        return 1
    return 0 if ok else 3


if __name__ == "__main__":
    sys.exit(main())
