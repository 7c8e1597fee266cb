import ipaddress

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from jianzheng.core.clientaddr import client_address
from jianzheng.settings import env_networks

PROXY = "10.0.0.2"


@pytest.fixture
def behind_proxies(settings):
    settings.TRUSTED_PROXIES = (ipaddress.ip_network("10.0.0.0/8"),)


def address(remote: str, forwarded: str | None = None) -> str:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


def test_without_trusted_proxies_the_peer_is_the_client(settings):
    settings.TRUSTED_PROXIES = ()
    assert address("203.0.113.7", "198.51.100.1") == "203.0.113.7"


def test_an_untrusted_peer_cannot_name_another_client(behind_proxies):
    assert address("203.0.113.7", "198.51.100.1") == "203.0.113.7"


def test_the_client_is_the_rightmost_address_that_is_not_our_proxy(behind_proxies):
    assert address(PROXY, "198.51.100.1, 10.0.0.3") == "198.51.100.1"


def test_what_a_client_writes_left_of_its_own_address_is_never_read(behind_proxies):
    assert address(PROXY, "1.1.1.1, 10.0.0.9, 198.51.100.1") == "198.51.100.1"
    assert address(PROXY, "not an address, 198.51.100.1") == "198.51.100.1"


@pytest.mark.parametrize("forwarded", ["", "  ", "not an address", "198.51.100.1:4431", "[::1]"])
def test_a_malformed_forwarded_for_falls_back_to_the_proxy(behind_proxies, forwarded):
    assert address(PROXY, forwarded) == PROXY


def test_a_request_from_inside_our_network_is_its_leftmost_proxy(behind_proxies):
    assert address(PROXY, "10.0.0.5, 10.0.0.3") == "10.0.0.5"


def test_an_ipv4_client_written_as_ipv6_is_the_ipv4_client(settings):
    settings.TRUSTED_PROXIES = ()
    assert address("::ffff:203.0.113.7") == "203.0.113.7"


def test_trusted_proxies_are_read_strictly(monkeypatch):
    monkeypatch.setenv("JIANZHENG_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.1,2001:db8::/32")
    assert [str(n) for n in env_networks("JIANZHENG_TRUSTED_PROXIES")] == [
        "10.0.0.0/8",
        "192.0.2.1/32",
        "2001:db8::/32",
    ]
    monkeypatch.setenv("JIANZHENG_TRUSTED_PROXIES", "")
    assert env_networks("JIANZHENG_TRUSTED_PROXIES") == ()
    for wrong in ["10.0.0.1/8", "proxy.internal", "10.0.0.1:80", "10.0.0.1,"]:
        monkeypatch.setenv("JIANZHENG_TRUSTED_PROXIES", wrong)
        with pytest.raises(ImproperlyConfigured):
            env_networks("JIANZHENG_TRUSTED_PROXIES")
