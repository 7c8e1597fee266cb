"""A page parsed with the standard library, for tests that check ids, links and attributes."""

from html.parser import HTMLParser


class Page(HTMLParser):
    """Every element's attributes, and the text of each link by its href."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.links: dict[str, str] = {}
        self._href: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if tag == "a":
            self._href = attrs.get("href")
            self.links.setdefault(self._href, "")

    def handle_endtag(self, tag):
        if tag == "a":
            self._href = None

    def handle_data(self, data):
        if self._href is not None:
            self.links[self._href] += data

    def ids(self) -> set[str]:
        return {attrs["id"] for _, attrs in self.elements if attrs.get("id")}

    def first(self, css_class: str) -> dict | None:
        for _, attrs in self.elements:
            if css_class in (attrs.get("class") or "").split():
                return attrs
        return None
