from jianzheng.accounts.services import create_api_token
from jianzheng.campaign.models import ProgressReport
from tests.openapi_contract import at_length, max_lengths


def test_a_progress_summary_is_taken_as_long_as_the_document_says_and_not_one_character_more(
    client, plan, october, civil_affairs_admin
):
    """The document gave a progress summary no maxLength while the service refused it past
    2000 characters. One character over is refused naming it; at 2000 the report is made."""
    token = create_api_token(actor=None, user=civil_affairs_admin)[1]
    headers = {"authorization": f"Bearer {token}"}
    task = plan.tasks.get(number=1)
    path = f"/api/v1/tasks/{task.pk}/progress"
    limit = max_lengths("ProgressIn")["summary"]
    assert limit == 2000
    body = {"state": "under_way", "summary": at_length("正在摸底", limit)}
    over = client.post(
        path, {**body, "summary": body["summary"] + "。"}, "application/json", headers=headers
    )
    assert over.status_code == 422, over.content
    assert set(over.json()["error"]["fields"]) == {"summary"}
    assert not ProgressReport.objects.exists()
    made = client.post(path, body, "application/json", headers=headers)
    assert made.status_code == 201, made.content
    assert made.json()["summary"] == body["summary"]
