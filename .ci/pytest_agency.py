"""pytest plugin for the addon's test run; .ci/test loads it with -p.

1. Odoo logs an ERROR when its test framework is imported outside test mode,
   and pytest-odoo imports it while reading its options, before it switches
   test mode on for the tests. So .ci/test passes --odoo-extra=test-enable;
   but test mode must be off while pytest-odoo then loads the registry, or
   Odoo would run every installed module's own tests at that point. Switch it
   off once the tests are collected: pytest-odoo switches it on again around
   each test module.
2. Odoo skips a browser test when Chromium does not open its DevTools port
   within 10 s, which happens on a busy 2-core machine. Give it 60 s.
3. A skipped test is a test that did not run: with AGENCY_FAIL_ON_SKIP set
   (as .ci/test does) a skip is reported as a failure."""
import os

import pytest

import odoo


def pytest_collection_finish(session):
    odoo.tools.config["test_enable"] = False
    from odoo.tests import common  # pylint: disable=import-outside-toplevel
    common.CHECK_BROWSER_ITERATIONS = max(common.CHECK_BROWSER_ITERATIONS, int(60 / common.CHECK_BROWSER_SLEEP))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("AGENCY_FAIL_ON_SKIP"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"Skipped, which counts as a failure here: {reason}"
