"""Composed texts are rendered when read, in the reader's language.

- A scorecard's level was stored as the group's name in the language of
  whoever computed it; it is now the group itself (level_id). The old
  column is matched against the ladder's group names in every language.
- Health facts are stored as data, no longer as English sentences: every
  account is scored again by the next daily job (its facts stay readable,
  as they were written, until then)."""
from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

LADDER = ("group_agency_intern", "group_agency_executive", "group_agency_manager", "group_agency_director")


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute(SQL("SELECT 1 FROM information_schema.columns "
                   "WHERE table_name = 'agency_scorecard' AND column_name = 'level'"))
    if cr.fetchone():
        groups = [env.ref(f"agency_account_manager.{xmlid}").id for xmlid in LADDER]
        cr.execute(SQL("""
            UPDATE agency_scorecard AS card
               SET level_id = g.id
              FROM res_groups AS g
             WHERE g.id = ANY(%s) AND card.level_id IS NULL AND card.level IS NOT NULL
               AND card.level IN (SELECT value FROM jsonb_each_text(g.name))
        """, groups))
    cr.execute(SQL("UPDATE agency_account SET health_date = NULL"))
    langs = [code for code, _name in env["res.lang"].get_installed() if code != "en_US"]
    if langs:
        env["ir.module.module"]._load_module_terms(["agency_account_manager"], langs, overwrite=True)
