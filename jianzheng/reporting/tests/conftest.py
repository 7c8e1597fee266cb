from jianzheng.certificates.tests.conftest import CHECKS, RESIDENCE_FACTS, issue  # noqa: F401
