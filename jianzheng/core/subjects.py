"""Keyed hashes of a person's ID number: a table of them cannot be searched by number without the
deployment's secret (SECRET_KEY), yet the same person always gets the same key. Sharing keys its
transparency page by number and name; the credit records of false commitments key the person by
number alone (a name typed differently must not escape a block)."""

from django.utils.crypto import salted_hmac


def subject_key(id_number: str, name: str | None = None, *, namespace: str) -> str:
    value = id_number if name is None else f"{id_number}\n{name}"
    return salted_hmac(namespace, value, algorithm="sha256").hexdigest()
