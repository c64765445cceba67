"""Record rules moved from one file to one file per area, with one shape per
level, and became noupdate (an administrator's change now survives
upgrades). A noupdate record that already exists is not rewritten by an
upgrade, so this migration loads the new rule files once over the old
rules and marks them noupdate. Rules of the former shape that the new files
no longer hold are removed by Odoo at the end of the upgrade.

The client portal arrives with this version: the contacts of clients who
already had portal access (for quotations or invoices) are allowed in every
company that holds an account of their company, as a new grant does."""
from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.modules.module import get_manifest
from odoo.tools import SQL, convert_file, file_open

MODULE = "agency_account_manager"


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    names = []
    rule_files = [path for path in get_manifest(MODULE)["data"]
                  if path.startswith("security/") and path.endswith("_rules.xml")]
    for path in rule_files:
        # mode "init": write the records even though their block is noupdate.
        convert_file(env, MODULE, path, {}, mode="init", noupdate=True, kind="data")
        with file_open(f"{MODULE}/{path}", "rb") as rules:
            names += etree.parse(rules).xpath("//record[@model='ir.rule']/@id")
    cr.execute(SQL(
        "UPDATE ir_model_data SET noupdate = TRUE WHERE module = %s AND model = 'ir.rule' AND name = ANY(%s)",
        MODULE, names,
    ))
    env["res.users"].with_context(active_test=False).search([("share", "=", True)])._agency_allow_client_companies()
