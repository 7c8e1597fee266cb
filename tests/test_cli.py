"""The operator's `jianzheng` commands, run the way the console script runs them."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from jianzheng.accounts.demo import DEMO_LOGINS
from jianzheng.accounts.models import ApiToken, Membership
from jianzheng.accounts.services import authenticate_token
from jianzheng.cli import main
from jianzheng.core.models import AuditEntry
from jianzheng.regions.models import Region, Unit

User = get_user_model()


def run(*args):
    """Run a command; returns (stdout, stderr). CommandError propagates with stderr attached."""
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as exc:
        exc.stderr = err.getvalue()
        raise
    return out.getvalue(), err.getvalue()


@pytest.fixture
def setup_sandbox(settings, tmp_path):
    # Eight demo users with the production hasher would cost seconds per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Setup writes a signing key under DATA_DIR/keys: never into the developer's own data folder.
    settings.DATA_DIR = tmp_path


def counts():
    return (
        Region.objects.count(),
        Unit.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditEntry.objects.count(),
    )


# setup


def test_running_setup_twice_changes_nothing_the_second_time(db, setup_sandbox):
    run("setup", "--demo")
    first = counts()
    run("setup", "--demo")
    assert counts()[:4] == first[:4]
    assert first[0] > 0 and first[3] == len(DEMO_LOGINS)


def test_running_setup_again_adds_no_audit_entries(db, setup_sandbox):
    run("setup", "--demo")
    before = list(AuditEntry.objects.values_list("action", flat=True))
    run("setup", "--demo")
    after = list(AuditEntry.objects.values_list("action", flat=True))
    assert after[len(before) :] == []


def test_running_setup_again_never_undoes_a_published_catalogue_decision(db, setup_sandbox):
    import datetime as dt

    from jianzheng.catalogue.payload import item_to_payload
    from jianzheng.catalogue.selectors import get_item
    from jianzheng.catalogue.services import (
        decide_change,
        propose_change,
        publish_version,
        review_change,
    )

    run("setup", "--demo")
    people = {u.username: u for u in User.objects.all()}
    yongning = Region.objects.get(code="640121")  # the demo serves two counties
    residence = get_item("YN-B03", county=yongning)
    change = propose_change(
        actor=people["police_officer"],
        kind="change",
        payload=item_to_payload(residence)
        | {
            "status": "cancelled",
            "alternatives": [
                {"kind": "data_sharing", "handling_unit": "640121-GAJ", "instruction": "派出所核查"}
            ],
        },
        reason="居住信息已可共享核查",
        legal_basis="永民发〔2020〕91号 三（二）",
    )
    review_change(actor=people["civil_affairs_admin"], change=change, accept=True)
    decide_change(actor=people["second_admin"], change=change, approve=True)
    publish_version(actor=people["civil_affairs_admin"], effective_date=dt.date.today())
    out, _ = run("setup", "--demo")
    assert get_item("YN-B03", county=yongning).status == "cancelled"
    assert "未改动" in out


def test_setup_without_demo_loads_no_demo_items(db, setup_sandbox):
    from jianzheng.catalogue.models import CertificateItem
    from jianzheng.catalogue.selectors import list_items

    run("setup")
    assert list_items(batch=1).count() == 20
    assert not CertificateItem.objects.filter(is_demo=True).exists()


def test_setup_demo_prints_every_demo_login_and_the_address(db, setup_sandbox, settings):
    out, _ = run("setup", "--demo")
    for demo in DEMO_LOGINS:
        assert demo.username in out and demo.password in out
    assert "杨和第一社区" in out and "社区（村）工作者" in out
    assert settings.PUBLIC_URL in out


def test_setup_loads_each_area_once_in_dependency_order(db, setup_sandbox):
    out, _ = run("setup", "--demo")
    steps = [line for line in out.splitlines() if line[:1].isdigit()]
    assert steps == [
        "1. 数据库迁移",
        "2. 工作日历",
        "3. 行政区划与单位",
        "4. 专项行动实施方案",
        "5. 证明事项清单",
        "6. 签名密钥",
        "7. 信息共享核查事项",
        "8. 告知承诺事项",
        "9. 社区工作事项清单",
        "10. 演示账号",
        "11. 演示举报",
        "12. 演示工作事项准入",
        "13. 演示社区挂牌",
        "14. 演示好差评",
    ]
    without_demo, _ = run("setup")
    assert "演示账号" not in without_demo and "演示举报" not in without_demo
    assert "演示工作事项" not in without_demo
    assert "演示社区挂牌" not in without_demo
    assert "演示好差评" not in without_demo


def test_setup_demo_tells_a_report_through_to_a_published_notice(db, setup_sandbox, client):
    import re

    out, _ = run("setup", "--demo")
    number, secret = re.search(r"跟踪号 (\S+)、查询码 (\S+) ", out).groups()
    followed = client.post("/report/track", {"tracking_number": number, "secret": secret})
    assert followed.status_code == 302
    case = client.get(followed["Location"]).content.decode()
    assert "某民办幼儿园" in case and "居民身份证明" in case
    exposure = client.get("/exposure/").content.decode()
    assert "示例企业·永宁县农村商业银行" in exposure and "健在证明" in exposure
    again, _ = run("setup", "--demo")
    assert "已有举报，未建演示举报" in again


def test_setup_says_the_address_serve_will_use_by_default_and_how_to_change_it(
    db, setup_sandbox, monkeypatch
):
    monkeypatch.delenv("JIANZHENG_PUBLIC_URL", raising=False)
    out, _ = run("setup")
    assert "运行 jianzheng serve 后访问 http://127.0.0.1:8000/" in out
    assert "--port" in out


def test_setup_gives_the_public_address_the_operator_set(db, setup_sandbox, settings, monkeypatch):
    monkeypatch.setenv("JIANZHENG_PUBLIC_URL", "https://zm.yongning.gov.cn")
    settings.PUBLIC_URL = "https://zm.yongning.gov.cn"
    out, _ = run("setup")
    assert "运行 jianzheng serve 后访问 https://zm.yongning.gov.cn/" in out
    assert "工作人员登录 https://zm.yongning.gov.cn/staff/login/" in out
    assert "127.0.0.1:8000" not in out and "--port" not in out


def test_each_printed_demo_login_can_sign_in_with_its_role(db, setup_sandbox):
    run("setup", "--demo")
    for demo in DEMO_LOGINS:
        user = authenticate(username=demo.username, password=demo.password)
        assert user is not None, demo.username
        assert user.membership.unit.code == demo.unit_code
        assert user.membership.role == demo.role


def test_setup_without_demo_creates_no_logins(db, setup_sandbox):
    out, _ = run("setup")
    assert not User.objects.filter(is_active=True).exists()
    assert not Membership.objects.exists()
    assert not Region.objects.filter(is_demo=True).exists()
    assert "demo-" not in out


# units


def test_units_list_shows_only_the_asked_kind_code_first(county):
    out, _ = run("units", "list", "--kind", "township")
    lines = out.splitlines()
    assert "640121100\t杨和镇人民政府\t乡镇政府（街道办）" in lines
    assert len(lines) == Unit.objects.filter(kind="township").count()
    assert all(line.split("\t")[2] == "乡镇政府（街道办）" for line in lines)


def test_units_list_without_kind_lists_every_unit(county):
    out, _ = run("units", "list")
    assert len(out.splitlines()) == Unit.objects.count()


def test_units_list_refuses_an_unknown_kind(county):
    with pytest.raises(CommandError, match="未知的单位类型 'village'"):
        run("units", "list", "--kind", "village")


# users


def test_users_create_makes_a_clerk_of_the_community(county):
    out, _ = run(
        "users",
        "create",
        "--username",
        "new_clerk",
        "--password",
        "a-long-pass-7",
        "--unit",
        "640121100001",
        "--role",
        "community_clerk",
        "--full-name",
        "张新",
    )
    user = User.objects.get(username="new_clerk")
    assert user.full_name == "张新" and user.check_password("a-long-pass-7")
    assert user.membership.unit.code == "640121100001"
    assert "已创建 new_clerk" in out
    assert AuditEntry.objects.filter(action="user.created", actor_name="operator").exists()


@pytest.mark.parametrize(
    ("unit", "role", "password", "username", "message"),
    [
        (
            "640121999999",
            "community_clerk",
            "a-long-pass-7",
            "x",
            r"单位代码 640121999999 不存在.*--unit",
        ),
        ("640121100001", "mayor", "a-long-pass-7", "x", r"未知角色 mayor.*--role"),
        ("640121-GAJ", "community_clerk", "a-long-pass-7", "x", r"不能属于县直部门.*--unit"),
        ("640121100001", "community_clerk", "short", "x", r"密码太短.*--password"),
        ("640121100001", "community_clerk", "password123", "x", r"密码过于常见.*--password"),
        ("640121100001", "community_clerk", "a-long-pass-7", "yanghe_clerk", r"已存在.*--username"),
    ],
    ids=[
        "unknown unit",
        "bad role",
        "role/unit mismatch",
        "short password",
        "common password",
        "taken username",
    ],
)
def test_users_create_with_bad_input_names_the_field_and_writes_nothing(
    yanghe_clerk, unit, role, password, username, message
):
    before = counts()
    with pytest.raises(CommandError, match=message):
        run(
            "users",
            "create",
            "--username",
            username,
            "--password",
            password,
            "--unit",
            unit,
            "--role",
            role,
        )
    assert counts() == before


# tokens


def test_the_printed_token_authenticates_until_it_is_revoked(police_officer):
    out, err = run("tokens", "create", "--username", "police_officer", "--name", "政务服务平台")
    plain = out.strip()
    assert authenticate_token(plain) == police_officer
    assert "只显示这一次" in err
    token = ApiToken.objects.get()
    assert token.digest != plain and plain not in {token.prefix, token.name}

    run("tokens", "revoke", token.prefix)
    assert authenticate_token(plain) is None


def test_tokens_list_shows_prefix_user_and_revocation(police_officer, yanghe_clerk):
    run("tokens", "create", "--username", "police_officer")
    run("tokens", "create", "--username", "yanghe_clerk")
    revoked = ApiToken.objects.get(user=yanghe_clerk)
    run("tokens", "revoke", revoked.prefix)

    out, _ = run("tokens", "list")
    rows = {line.split("\t")[0]: line.split("\t") for line in out.splitlines()[1:]}
    assert rows[revoked.prefix][1] == "yanghe_clerk" and rows[revoked.prefix][5] != "-"
    kept = ApiToken.objects.get(user=police_officer)
    assert rows[kept.prefix][1] == "police_officer" and rows[kept.prefix][5] == "-"

    out, _ = run("tokens", "list", "--username", "police_officer")
    assert revoked.prefix not in out and kept.prefix in out


def test_tokens_for_unknown_users_or_prefixes_are_refused(police_officer):
    with pytest.raises(CommandError, match="账号 nobody 不存在"):
        run("tokens", "create", "--username", "nobody")
    with pytest.raises(CommandError, match="没有前缀为 jz_nothing 的令牌"):
        run("tokens", "revoke", "jz_nothing")
    assert not ApiToken.objects.exists()


# audit


def test_audit_verify_reports_an_intact_log(yanghe_clerk, police_officer):
    out, _ = run("audit", "verify")
    assert f"审计日志完整：{AuditEntry.objects.count()} 条" in out


def test_audit_verify_fails_naming_a_tampered_entry(yanghe_clerk, police_officer):
    tampered = AuditEntry.objects.get(action="user.created", summary__username="yanghe_clerk")
    AuditEntry.objects.filter(pk=tampered.pk).update(summary={"username": "someone_else"})
    with pytest.raises(CommandError) as caught:
        run("audit", "verify")
    assert caught.value.returncode == 1
    assert f"第 {tampered.pk} 条" in str(caught.value) and "哈希不符" in str(caught.value)


# regions


def test_regions_import_adds_communities_with_their_committees(county, tmp_path):
    csv = tmp_path / "regions.csv"
    csv.write_text(
        "代码,名称,上级代码\n640121100002,杨和第二社区,640121100\n640121101002,李俊第二社区,640121101\n",
        encoding="utf-8",
    )
    out, _ = run("regions", "import", str(csv))
    assert "已导入 2 行" in out
    assert Region.objects.get(code="640121100002").path == "/64/6401/640121/640121100/640121100002/"
    assert Unit.objects.get(code="640121101002").kind == Unit.Kind.COMMUNITY


def test_regions_import_reads_a_gbk_file_saved_by_excel(county, tmp_path):
    csv = tmp_path / "regions.csv"
    csv.write_bytes("640121100002,杨和第二社区,640121100\n".encode("gb18030"))
    run("regions", "import", str(csv))
    assert Region.objects.get(code="640121100002").name == "杨和第二社区"


def test_regions_import_with_one_bad_row_imports_nothing_and_names_the_row(county, tmp_path):
    csv = tmp_path / "regions.csv"
    csv.write_text(
        "代码,名称,上级代码\n"
        "640121100002,杨和第二社区,640121100\n"
        "64012110000X,坏代码,640121100\n"
        "640121101002,李俊第二社区,640121101\n",
        encoding="utf-8",
    )
    before = counts()
    with pytest.raises(CommandError, match="未导入任何一行") as caught:
        run("regions", "import", str(csv))
    assert "第3行" in caught.value.stderr and "64012110000X" in caught.value.stderr
    assert counts() == before


def test_regions_import_with_an_unknown_parent_imports_nothing(county, tmp_path):
    csv = tmp_path / "regions.csv"
    csv.write_text("640121100002,杨和第二社区,640121100\n640121999001,孤村,640121999\n")
    before = counts()
    with pytest.raises(CommandError) as caught:
        run("regions", "import", str(csv))
    assert "640121999" in caught.value.stderr
    assert counts() == before


# the console script


def test_jianzheng_without_arguments_lists_the_operator_commands(capsys):
    main(["jianzheng"])
    out = capsys.readouterr().out
    for command in ("setup", "serve", "units", "users", "tokens", "audit", "regions"):
        assert f"  {command} " in out


def test_serve_refuses_a_bad_port_before_starting_anything(db):
    with pytest.raises(CommandError, match="--port"):
        run("serve", "--port", "70000")


def test_help_lists_every_operator_command_and_each_one_exists(capsys):
    from django.core.management import get_commands

    from jianzheng.cli import COMMANDS, main

    main(["jianzheng", "--help"])
    out = capsys.readouterr().out
    assert all(f"  {name} " in out for name in COMMANDS)
    assert set(COMMANDS) <= set(get_commands())
