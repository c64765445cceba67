# Run by odoo-bin shell, which provides env.
# pylint: disable=undefined-variable,print-used
"""Run by .ci/test through `odoo-bin shell`, before and after `-u`:
what an administrator changed (a job's schedule, a service level, a
playbook, a department, a record rule) must survive an upgrade of the addon.
Phase from the AGENCY_UPGRADE_PHASE environment variable: set | check.
The check puts the original values back, as the tests expect them."""
import json
import os
import sys

CHANGES = [
    ("agency_account_manager.ir_cron_agency_escalate_breaches", {"interval_number": 7, "active": False}),
    ("agency_account_manager.sla_key_1", {"ack_hours": 3.0, "resolve_hours": 11.0}),
    ("agency_account_manager.playbook_recovery_call", {"summary": "Call the CEO within a day"}),
    ("agency_account_manager.department_creative", {"name": "Creative Studio"}),
    ("agency_account_manager.agency_request_rule_department_lead", {"active": False}),
]
KEY = "agency_account_manager.upgrade_check_originals"
phase = os.environ.get("AGENCY_UPGRADE_PHASE")
params = env["ir.config_parameter"].sudo()
records = {xmlid: env.ref(xmlid).with_context(active_test=False) for xmlid, _values in CHANGES}
failures = []
if phase == "set":
    originals = {xmlid: {field: records[xmlid][field] for field in values} for xmlid, values in CHANGES}
    params.set_param(KEY, json.dumps(originals))
    for xmlid, values in CHANGES:
        records[xmlid].write(values)
    print("upgrade check: administrator changes made")
else:
    for xmlid, values in CHANGES:
        for field, value in values.items():
            if records[xmlid][field] != value:
                failures.append(f"{xmlid}.{field}: {records[xmlid][field]!r} after the upgrade, "
                                f"the administrator set {value!r}")
    for xmlid, values in json.loads(params.get_param(KEY) or "{}").items():
        records[xmlid].write(values)
    params.set_param(KEY, False)
env.cr.commit()
if failures:
    print("upgrade check FAILED:\n" + "\n".join(failures))
    sys.exit(1)
if phase != "set":
    print(f"upgrade check: {len(CHANGES)} administrator changes survived the upgrade")
