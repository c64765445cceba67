# Run by odoo-bin shell, which provides env.
# pylint: disable=undefined-variable,print-used
"""Run by .ci/test through `odoo-bin shell`, before and after `-u`:
what an administrator changed (a job's schedule, a service level, a
playbook, a department) must survive an upgrade of the addon.
Phase from the AGENCY_UPGRADE_PHASE environment variable: set | check."""
import os
import sys

CHANGES = [
    ("agency_account_manager.ir_cron_agency_escalate_breaches", {"interval_number": 7, "active": False}),
    ("agency_account_manager.sla_key_1", {"ack_hours": 3.0, "resolve_hours": 11.0}),
    ("agency_account_manager.playbook_recovery_call", {"summary": "Call the CEO within a day"}),
    ("agency_account_manager.department_creative", {"name": "Creative Studio"}),
]
phase = os.environ.get("AGENCY_UPGRADE_PHASE")
failures = []
for xmlid, values in CHANGES:
    record = env.ref(xmlid).with_context(active_test=False)
    if phase == "set":
        record.write(values)
    else:
        for field, value in values.items():
            if record[field] != value:
                failures.append(f"{xmlid}.{field}: {record[field]!r} after the upgrade, the administrator set {value!r}")
if phase == "set":
    env.cr.commit()
    print("upgrade check: administrator changes made")
elif failures:
    print("upgrade check FAILED:\n" + "\n".join(failures))
    sys.exit(1)
else:
    print(f"upgrade check: {len(CHANGES)} administrator changes survived the upgrade")
