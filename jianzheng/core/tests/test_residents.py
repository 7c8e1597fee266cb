from django.contrib.sessions.backends.db import SessionStore

from jianzheng.core import residents


def test_a_secret_matches_its_hash_and_nothing_else():
    secret = residents.new_secret()
    stored = residents.hash_secret(secret)
    assert secret not in stored
    assert residents.matches(secret, stored)
    assert not residents.matches(residents.new_secret(), stored)
    assert not residents.matches("", stored)


def test_two_hashes_of_one_secret_differ_by_their_salt():
    secret = residents.new_secret()
    assert residents.hash_secret(secret) != residents.hash_secret(secret)


def test_a_secret_is_read_back_leniently():
    secret = residents.new_secret()
    stored = residents.hash_secret(secret)
    typed = " " + secret.lower().replace("-", " ") + " "
    assert residents.matches(typed, stored)
    assert residents.matches(secret.replace("0", "O").replace("1", "I"), stored)


def test_no_stored_hash_matches_nothing_not_even_an_empty_secret():
    assert not residents.matches("", "")
    assert not residents.matches("ABCD-EFGH", None)
    assert not residents.matches("ABCD", "garbage")


def test_numbers_carry_prefix_and_year_and_are_not_counters():
    numbers = {residents.new_number("JB", 2026) for _ in range(50)}
    assert len(numbers) == 50
    assert all(n.startswith("JB2026-") and len(n) == 15 for n in numbers)


def test_a_session_remembers_only_the_numbers_it_opened(db):
    session = SessionStore()
    residents.grant(session, "complaints", "JB2026-AAAA")
    assert residents.granted(session, "complaints", "JB2026-AAAA")
    assert not residents.granted(session, "complaints", "JB2026-BBBB")
    assert not residents.granted(session, "ratings", "JB2026-AAAA")
