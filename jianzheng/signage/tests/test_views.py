"""The staff pages as a clerk, a township officer and the county use them."""

import json

from jianzheng.signage.models import RectificationTask
from jianzheng.signage.rules import default_rule_set

from .conftest import photo

FOURTH = {
    "position": "door_side",
    "orientation": "vertical",
    "text": "社区矫正工作站",
    "width_cm": "60",
    "height_cm": "240",
    "material": "铝合金",
    "erected_by": "永宁县司法局",
    "approval_reference": "",
}


def test_a_clerk_records_a_fourth_plaque_sees_its_clause_and_puts_it_right(
    client, venue, yanghe_clerk, yanghe_officer
):
    client.force_login(yanghe_clerk)
    page = f"/staff/signage/venues/{venue.pk}/"
    assert "本活动场所挂牌和上墙符合规定" in client.get(page).content.decode()
    made = client.post(f"{page}plaques/", FOURTH)
    assert made.status_code == 302
    text = client.get(page).content.decode()
    assert "三(三)二" in text and "社区矫正工作站" in text and "请摘除" in text
    task = RectificationTask.objects.get()
    missing = client.post(f"/staff/signage/tasks/{task.pk}/rectify/", {"note": "已摘除"})
    assert missing.status_code == 422 and "整改后照片" in missing.content.decode()
    done = client.post(
        f"/staff/signage/tasks/{task.pk}/rectify/", {"note": "已摘除", "after_photo": photo()}
    )
    assert done.status_code == 302
    text = client.get(page).content.decode()
    assert "本活动场所挂牌和上墙符合规定" in text and "已整改，待乡镇确认" in text
    overview = client.get("/staff/signage/").content.decode()
    assert "全部合规" in overview
    client.force_login(yanghe_officer)
    assert client.post(f"/staff/signage/tasks/{task.pk}/sign-off/").status_code == 302
    task.refresh_from_db()
    assert task.state == "signed_off"
    after = task.photos.get()
    answer = client.get(f"/staff/signage/photos/{after.pk}")
    assert answer.status_code == 200 and answer["X-Content-Type-Options"] == "nosniff"


def test_a_bad_plaque_form_is_sent_back_naming_the_field(client, venue, yanghe_clerk):
    client.force_login(yanghe_clerk)
    answer = client.post(f"/staff/signage/venues/{venue.pk}/plaques/", {**FOURTH, "width_cm": "宽"})
    assert answer.status_code == 422 and "id_width_cm" in answer.content.decode()


def test_another_community_is_not_found_and_a_department_is_refused(
    client, venue, lijun_clerk, police_officer
):
    client.force_login(lijun_clerk)
    assert client.get(f"/staff/signage/venues/{venue.pk}/").status_code == 404
    assert client.get("/staff/signage/communities/640121100001/guide-board.pdf").status_code == 404
    client.force_login(police_officer)
    assert client.get("/staff/signage/").status_code == 403


def test_the_county_loads_its_own_rules_on_its_page(client, venue, civil_affairs_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(civil_affairs_admin)
    data = json.loads(json.dumps(default_rule_set().raw))
    data["name"] = "本县四块牌子"
    data["rules"][0]["max_count"] = 4
    upload = SimpleUploadedFile("rules.json", json.dumps(data).encode(), "application/json")
    assert client.post("/staff/signage/rules/", {"file": upload}).status_code == 302
    assert "本县四块牌子" in client.get("/staff/signage/rules/").content.decode()
    broken = SimpleUploadedFile("rules.json", b"{nope", "application/json")
    answer = client.post("/staff/signage/rules/", {"file": broken})
    assert answer.status_code == 422 and "不是有效的 JSON" in answer.content.decode()


def test_the_census_downloads_for_the_township(client, venue, yanghe_officer):
    client.force_login(yanghe_officer)
    xlsx = client.get("/staff/signage/census.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    assert client.get("/staff/signage/census.pdf").status_code == 200


def test_the_demo_shows_a_fourth_door_plaque_as_a_violation(
    calendar, data_dir, yanghe_clerk, client
):
    from jianzheng.signage.demo import load_demo_signage
    from jianzheng.signage.models import Venue

    assert "待整改" in load_demo_signage(demo=True)
    assert load_demo_signage(demo=True) == "已有演示社区挂牌"
    venue = Venue.objects.get()
    client.force_login(yanghe_clerk)
    text = client.get(f"/staff/signage/venues/{venue.pk}/").content.decode()
    assert "老年人协会" in text and "三(三)二" in text and "三(三)三" in text


def test_every_input_on_the_venue_page_has_one_id_its_label_points_at(client, venue, yanghe_clerk):
    from jianzheng.signage.services import record_award, record_posting
    from tests.html_page import Page

    record_posting(actor=yanghe_clerk, venue=venue, title="工作职责", kind="internal")
    record_award(actor=yanghe_clerk, venue=venue, title="示范社区", where="wall")
    client.force_login(yanghe_clerk)
    page = Page(client.get(f"/staff/signage/venues/{venue.pk}/").content.decode())
    ids = [attrs["id"] for _, attrs in page.elements if attrs.get("id")]
    assert len(ids) == len(set(ids))
    labels = [attrs["for"] for tag, attrs in page.elements if tag == "label" and attrs.get("for")]
    assert set(labels) <= set(ids)


def test_the_task_shows_the_photo_taken_when_recorded_as_before_and_the_after_photo(
    client, venue, yanghe_clerk
):
    from .conftest import png

    client.force_login(yanghe_clerk)
    page = f"/staff/signage/venues/{venue.pk}/"
    client.post(f"{page}plaques/", {**FOURTH, "photo": png()})
    task = RectificationTask.objects.get()
    client.post(f"/staff/signage/tasks/{task.pk}/rectify/", {"after_photo": photo()})
    tasks = client.get(page).content.decode().split('id="tasks"')[1].split("</table>")[0]
    assert "整改前" in tasks and "整改后" in tasks


def test_a_clerk_takes_down_a_plaque_no_longer_needed_saying_why(client, venue, yanghe_clerk):
    from jianzheng.signage import selectors

    client.force_login(yanghe_clerk)
    page = f"/staff/signage/venues/{venue.pk}/"
    station = next(p for p in selectors.plaques(venue) if p.text.endswith("服务站"))
    removal = f"/staff/signage/plaques/{station.pk}/removal/"
    silent = client.post(removal, {"note": ""})
    assert silent.status_code == 422
    assert f'href="#removal_note_{station.pk}"' in silent.content.decode()
    assert client.post(removal, {"note": "服务站并入党群服务中心"}).status_code == 302
    text = client.get(page).content.decode()
    assert "已撤除“永宁县杨和镇杨和第一社区服务站”" in text
    assert station not in selectors.plaques(venue)
    client.post(f"{page}plaques/", FOURTH)
    assert "见整改任务" in client.get(page).content.decode()  # comes down with an after-photo
