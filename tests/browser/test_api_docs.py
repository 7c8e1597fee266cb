"""The API's documentation page works under the Content Security Policy, with its own assets."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_integrator_reads_the_api_docs(live_server, page, catalogue):
    page.goto(live_server.url + "/api/v1/docs")
    operation = page.get_by_text("核验文书核验码").first
    expect(operation).to_be_visible()
    operation.click()
    expect(page.get_by_text("Request body").first).to_be_visible()
