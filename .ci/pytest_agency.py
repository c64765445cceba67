"""pytest plugin for the addon's test run; .ci/test loads it with -p.

Odoo logs an ERROR when its test framework is imported outside test mode,
and pytest-odoo imports it while reading its options, before it switches test
mode on for the tests. So .ci/test passes --odoo-extra=test-enable; but test
mode must be off while pytest-odoo then loads the registry, or Odoo would
run every installed module's own tests at that point. Switch it off once the
tests are collected: pytest-odoo switches it on again around each test module."""
import odoo


def pytest_collection_finish(session):
    odoo.tools.config["test_enable"] = False
