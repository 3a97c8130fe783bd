"""axe-core in the browser tests: run it on a page and report what it finds, readably."""

from axe_playwright_python.sync_playwright import Axe

# The WCAG 2.1 AA conformance target, as axe-core tags its rules.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]

_axe = Axe()


def axe_violations(page, context=None):
    """Run axe-core's WCAG 2.1 A/AA rules on the page as it is now; return the violations.

    ``context`` narrows the scan (a CSS selector or axe context object), e.g. to a dialog.
    """
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return _axe.run(page, context=context, options=options).response["violations"]


def describe_violations(violations):
    """One line per offending element: rule, impact, help text and selector, for assertions."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            lines.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} "
                f"at {' '.join(node['target'])}"
            )
    return "\n".join(lines)


def assert_no_axe_violations(page, context=None):
    """Fail with a readable list when axe-core finds any WCAG 2.1 A/AA violation."""
    violations = axe_violations(page, context)
    assert violations == [], "axe-core found violations:\n" + describe_violations(violations)
