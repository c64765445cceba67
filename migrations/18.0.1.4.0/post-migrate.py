"""The ladder gets a Senior Account Manager step between Manager and
Director (security/agency_groups.xml: Senior implies Manager, Director
implies Senior).

- Nobody changes level. Loading the groups puts every director in the new
  group too (Director implies it); managers stay managers. This script
  checks it and says so in the log.
- Promotion is one step at a time, so a manager's next level is now Senior.
  Where a company set what it takes to become Director and nothing yet for
  Senior, the Director criteria are copied for Senior: managers are measured
  as they were until a director sets the Senior step apart.
- A review still open that promotes a manager to Director now promotes
  them to Senior (the chatter says so); a done review is history and stays.
- Requests and briefs get their portal token now (new ones have it from
  the start), so that the client's pages only read.
- Labels renamed with estimates by role (a budget line's amount is its
  Price): the addon's terms are loaded again over the previous ones."""
import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

MANAGER = "agency_account_manager.group_agency_manager"
SENIOR = "agency_account_manager.group_agency_senior_manager"
DIRECTOR = "agency_account_manager.group_agency_director"


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    director, senior = env.ref(DIRECTOR), env.ref(SENIOR)
    users = env["res.users"].with_context(active_test=False)
    seniors = users.search([("groups_id", "in", senior.id)])
    not_directors = seniors.filtered(lambda user: director not in user.groups_id)
    if not_directors:
        # Cannot come from this upgrade: somebody put people in the group by hand.
        _logger.warning("Senior Account Manager step: %s already senior without being directors",
                        ", ".join(not_directors.mapped("login")))
    _logger.info("Senior Account Manager step: every level kept (%s directors, now also in the Senior group)",
                 len(seniors - not_directors))

    Criterion = env["agency.promotion.criterion"].with_context(active_test=False)
    for company in env["res.company"].search([]):
        mine = Criterion.search([("company_id", "=", company.id)])
        to_director = mine.filtered(lambda c: c.target_level == DIRECTOR)
        if to_director and not mine.filtered(lambda c: c.target_level == SENIOR):
            to_director.copy({"target_level": SENIOR})
            _logger.info("Senior Account Manager step: %s criteria of Director copied for Senior in %s",
                         len(to_director), company.name)

    for table in ("agency_request", "agency_brief"):
        cr.execute(SQL("UPDATE %s SET access_token = gen_random_uuid()::text WHERE access_token IS NULL",
                       SQL.identifier(table)))
    langs = [code for code, _name in env["res.lang"].get_installed() if code != "en_US"]
    if langs:
        env["ir.module.module"]._load_module_terms(["agency_account_manager"], langs, overwrite=True)

    reviews = env["agency.review"].search([
        ("state", "=", "draft"), ("decision", "=", "promote"), ("target_level", "=", DIRECTOR)])
    for review in reviews.filtered(lambda r: r.user_id._agency_level() == MANAGER):
        review.target_level = SENIOR
        review.message_post(body=env._(
            "The ladder now has a Senior Account Manager step: this promotion is to %(level)s, the next step.",
            level=senior.name))
