"""What the area apps plug into the project: reference data for `jianzheng setup` and entries
for the staff menu. Each area registers in its AppConfig.ready():

    # catalogue/apps.py
    def ready(self):
        register_reference_data("catalogue", order=20, title="证明事项清单", load=load_catalogue)
        register_menu("catalogue", order=20, links=menu.staff_links)

core never imports the areas; the commands and pages on top walk what was registered.
(Document kinds register the same way, in `documents.kinds`.)

Case actions: what a resident may do next with a case a lower page just showed them (the
verification page a certificate's QR code opens, a complaint's tracking page). The area above
registers `register_case_action("rate-certificate", kind="certificate", link=fn)`; the page calls
`case_actions(kind, number)` and shows the links, so it never imports the area."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ReferenceData:
    """One step of `jianzheng setup`: `load(demo=…)` adds only what is missing and returns the
    one line that says what is there now. Steps run by `order`, lowest first: regions (10) come
    before everything that links a unit."""

    name: str
    order: int
    title: str
    load: Callable[..., str]
    demo_only: bool = False


@dataclass(frozen=True)
class Link:
    """A staff menu entry: a card on the dashboard and, when `primary`, a link in the header.
    `group` and `section` let an area's own sub-navigation pick its links. `count`, when given,
    is the work waiting behind the card ("今日出具 3"), named by `count_label`: a function, so
    the query runs only on the dashboard, never for the header of every staff page (templates
    call it)."""

    group: str
    section: str
    href: str
    label: str
    hint: str
    primary: bool = False
    count: Callable[[], int] | None = None
    count_label: str = ""


@dataclass(frozen=True)
class Menu:
    name: str
    order: int
    links: Callable[[object], list[Link]]


@dataclass(frozen=True)
class CaseAction:
    name: str
    kind: str
    # link(kind, number) -> (label, href), or None when the action does not apply to this case.
    link: Callable[[str, str], tuple[str, str] | None]


_REFERENCE_DATA: dict[str, ReferenceData] = {}
_MENUS: dict[str, Menu] = {}
_CASE_ACTIONS: dict[str, CaseAction] = {}


def register_reference_data(
    name: str, *, order: int, title: str, load: Callable[..., str], demo_only: bool = False
) -> None:
    """Registering a name again replaces it (tests, autoreload)."""
    _REFERENCE_DATA[name] = ReferenceData(name, order, title, load, demo_only)


def reference_data(*, demo: bool) -> list[ReferenceData]:
    """The steps to run, in order; demo-only steps only with `demo`."""
    steps = sorted(_REFERENCE_DATA.values(), key=lambda step: (step.order, step.name))
    return [step for step in steps if demo or not step.demo_only]


def register_menu(name: str, *, order: int, links: Callable[[object], list[Link]]) -> None:
    """`links(user)` returns the entries this user may use, asking the area's permissions."""
    _MENUS[name] = Menu(name, order, links)


def menu_links(user) -> list[Link]:
    """Every area's entries for this user, areas by `order`, each area's in its own order."""
    menus = sorted(_MENUS.values(), key=lambda menu: (menu.order, menu.name))
    return [link for menu in menus for link in menu.links(user)]


def register_case_action(
    name: str, *, kind: str, link: Callable[[str, str], tuple[str, str] | None]
) -> None:
    """Registering a name again replaces it (tests, autoreload)."""
    _CASE_ACTIONS[name] = CaseAction(name, kind, link)


def case_actions(kind: str, number: str) -> list[tuple[str, str]]:
    """(label, href) of every action registered for this kind of case, by name. A broken link()
    never takes the page that asks down with it: the action is left out."""
    found = []
    for action in sorted(_CASE_ACTIONS.values(), key=lambda a: a.name):
        if action.kind != kind:
            continue
        try:
            made = action.link(kind, number)
        except Exception:  # noqa: BLE001 - the lower page must keep working
            import logging

            logging.getLogger(__name__).exception("case action %s failed", action.name)
            continue
        if made:
            found.append(made)
    return found
