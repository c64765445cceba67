"""Who may do what, for every agency model and every kind of user, through
the ORM (what JSON-RPC, imports and other modules call), compared with one
expected matrix kept in this file.

For each model and role the matrix says which of read (r), write (w),
create (c) and unlink (u) the role may do on a record of an account where
every role has its natural place (the intern works on it, the executive
manages it, the manager leads its team, the department head's department
does work on it). Then, for each role that may read:
- every field a role may read is readable, and every cost field
  (groups = COST_READERS) is refused to those who read no cost;
- every public ``action_*`` that changes something is refused to a role
  that may not write, and leaves the record as it was.
A last test walks every field of the addon and fails when a figure of cost,
margin, burn, discount, hourly cost or budget is readable by a group that
is not on the cost side of the ladder.
"""
import inspect
import itertools
import re
from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..models.const import COST_READERS
from .common import AgencySampleCase

# Every class here runs at the frozen moment of FrozenClockMixin.freeze_time
# (tests/common.py): the literal dates below are written against it.

ROLES = ("intern", "executive", "manager", "director", "finance", "dept_head", "employee", "portal")
COST_ROLES = {"executive", "manager", "director", "finance"}

# model: {role: operations allowed}. A role not named may do nothing.
EXPECTED = {
    "agency.account": dict(intern="r", executive="rwc", manager="rwcu", director="rwcu", finance="r"),
    "agency.brief": dict(intern="rwc", executive="rwcu", manager="rwcu", director="rwcu", finance="r"),
    "agency.brief.allocation": dict(intern="rwcu", executive="rwcu", manager="rwcu", director="rwcu", finance="r",
                                    dept_head="r"),
    "agency.request": dict(intern="rwc", executive="rwc", manager="rwcu", director="rwcu", dept_head="r"),
    "agency.budget": dict(executive="rwc", manager="rwcu", director="rwcu", finance="r"),
    "agency.budget.line": dict(executive="rwcu", manager="rwcu", director="rwcu", finance="r"),
    "agency.budget.negotiation": dict(executive="rwcu", manager="rwcu", director="rwcu", finance="r"),
    "agency.rate.card.line": dict(executive="rwcu", manager="rwcu", director="rwcu", finance="r"),
    "agency.budget.period": dict(executive="r", manager="r", director="r", finance="r"),
    "agency.retainer": dict(executive="rwc", manager="rwcu", director="rwcu", finance="r"),
    "agency.retainer.line": dict(executive="rwcu", manager="rwcu", director="rwcu", finance="r"),
    "agency.retainer.period": dict(executive="rw", manager="rw", director="rw", finance="r"),
    "agency.retainer.usage": dict(executive="r", manager="r", director="r", finance="r"),
    # About people, not clients: the sample is the executive's own (their team leader and directors read it).
    "agency.scorecard": dict(executive="r", manager="r", director="r"),
    "agency.promotion.readiness": dict(executive="r", manager="r", director="r"),
    "agency.review": dict(executive="r", manager="rwc", director="rwcu"),
    "agency.promotion.criterion": dict(intern="r", executive="r", manager="r", director="rwcu"),
    "agency.survey": dict(intern="r", executive="rwc", manager="rwc", director="rwcu", finance="r"),
    "agency.account.health": dict(intern="r", executive="r", manager="r", director="r", finance="r"),
    "agency.account.update": dict(intern="r", executive="rwc", manager="rwcu", director="rwcu", finance="r"),
    "agency.account.plan": dict(intern="r", executive="rwc", manager="rwcu", director="rwcu", finance="r"),
    "agency.account.plan.objective": dict(intern="r", executive="rwcu", manager="rwcu", director="rwcu", finance="r"),
    "agency.competitor": dict(intern="r", executive="rwc", manager="rwc", director="rwcu", finance="r"),
    "agency.account.competitor": dict(intern="r", executive="rwcu", manager="rwcu", director="rwcu", finance="r"),
    "agency.market.note": dict(intern="r", executive="rwc", manager="rwc", director="rwcu", finance="r"),
    "agency.service.tag": dict(intern="r", executive="r", manager="r", director="rwcu", finance="r"),
    "agency.sla.policy": dict(intern="r", executive="r", manager="r", director="rwcu", dept_head="r"),
    "agency.playbook": dict(intern="r", executive="r", manager="r", director="rwcu"),
    "agency.whitespace": dict(intern="r", executive="r", manager="r", director="r"),
    "agency.manager.load": dict(manager="r", director="r"),
    "agency.department.load": dict(executive="r", manager="r", director="r"),
}
# Actions that only open something (no change): every reader may call them.
NAVIGATION = re.compile(r"^action_(view_|print_|export_|open_budget$)")
# Actions a role without write access is meant to run: the department head
# pushes back on a client date (the action records it as the system).
# Executives and up draft upsell opportunities from the whitespace report,
# which nobody writes (it is a view of the data).
ALLOWED_WITHOUT_WRITE = {
    ("agency.request", "dept_head"): {"action_open_pushback"},
    **{("agency.whitespace", role): {"action_create_upsell"} for role in ("executive", "manager", "director")},
    # Scorecards are recorded by the system: team leaders and directors recompute them and open reviews.
    **{("agency.scorecard", role): {"action_compute_current", "action_open_review"}
       for role in ("manager", "director")},
}
# Money fields that are revenue, not cost: interns read them in the account
# report too.
REVENUE_FIELDS = {
    ("agency.account", "change_order_amount"),
    ("agency.account.update", "pipeline_value"),
    ("agency.account.update", "invoiced_revenue"),
    ("agency.scorecard", "revenue"),
    ("agency.scorecard", "revenue_previous"),
    ("agency.scorecard", "upsell_revenue"),
}
# Numbers whose name sounds like cost but are settings of another kind.
NOT_COST_FIELDS = {
    ("res.company", "agency_health_weight_budget"),
    ("agency.settings", "agency_health_weight_budget"),
}
COST_NAME = re.compile(r"cost|margin|burn|discount|hourly|budget|actual|committed|forecast|estimate|agreed")


class _Rollback(Exception):
    pass


@tagged("post_install", "-at_install")
class TestAgencyAccessMatrix(AgencySampleCase):

    # ------------------------------------------------------------ per model

    def _cases(self):
        """model: (sample record, write vals, create vals, spare record to delete)"""
        env = self.env
        draft = env["agency.brief"].create({"title": "Spare", "account_id": self.account.id})
        spare_budget = env["agency.budget"].create({"brief_id": draft.id})
        another = env["agency.brief"].create({"title": "Another", "account_id": self.account.id})
        Whitespace = env["agency.whitespace"]
        retainer_vals = {"account_id": self.account.id, "fee": 100,
                         "line_ids": [Command.create({"department_id": self.dept_design.id, "hours": 5})]}
        retainer = env["agency.retainer"].create(dict(retainer_vals))
        running = env["agency.retainer"].create(dict(retainer_vals, date_start=fields.Date.today().replace(day=1)))
        running.sudo().write({"state": "active"})
        scorecard = env["agency.scorecard"]._compute_scorecards(self.executive, "quarter", fields.Date.today())
        criterion = env["agency.promotion.criterion"].create({
            "target_level": "agency_account_manager.group_agency_manager", "kind": "nps", "value": 10})
        readiness = env["agency.promotion.readiness"]._refresh(self.executive, env.company)
        review = env["agency.review"].create({"user_id": self.executive.id, "reviewer_id": self.manager.id})
        months = (date(2027, 1, 1) + timedelta(days=i) for i in itertools.count())
        counter = itertools.count()

        def role():
            return env["project.role"].create({"name": f"Role {next(counter)}", "agency_standard_rate": 100}).id
        rate_line = env["agency.rate.card.line"].create({"account_id": self.account.id, "role_id": role(), "rate": 99})
        return {
            "agency.account": (
                self.account, {"note": "<p>Edited</p>"},
                lambda user: {"partner_id": self._client(f"New {user.login}").id, "user_id": user.id},
                lambda: self._account(self._client("Spare Co"), user_id=self.executive.id, team_id=self.team.id,
                                      member_ids=[Command.set(self.intern.ids)])),
            "agency.brief": (
                self.brief, {"key_message": "Brighter"},
                lambda user: {"title": "New", "account_id": self.account.id},
                lambda: env["agency.brief"].create({"title": "Spare", "account_id": self.account.id})),
            "agency.brief.allocation": (
                self.allocation, {"description": "More versions"},
                lambda user: {"brief_id": draft.id, "name": "Copy", "department_id": self.dept_design.id,
                              "date_due": fields.Date.today()},
                lambda: env["agency.brief.allocation"].create({
                    "brief_id": draft.id, "name": "Spare", "partner_id": self.vendor.id,
                    "date_due": fields.Date.today()})),
            "agency.request": (
                self.request, {"channel": "meeting"},
                lambda user: {"name": "Question", "account_id": self.account.id},
                lambda: env["agency.request"].create({"name": "Spare", "account_id": self.account.id})),
            "agency.budget": (
                self.budget, {"client_budget": 1200},
                lambda user: {"brief_id": another.id},
                lambda: spare_budget),
            "agency.budget.line": (
                self.budget.line_ids, {"name": "Design"},
                lambda user: {"budget_id": self.budget.id, "category": "media", "amount": 10},
                lambda: env["agency.budget.line"].create({"budget_id": self.budget.id, "amount": 1})),
            "agency.budget.negotiation": (
                self.budget.negotiation_ids, {"notes": "Call back"},
                lambda user: {"budget_id": self.budget.id, "our_proposal": 800},
                lambda: env["agency.budget.negotiation"].create({"budget_id": self.budget.id})),
            "agency.rate.card.line": (
                rate_line, {"rate": 95},
                lambda user: {"account_id": self.account.id, "role_id": role(), "rate": 90},
                lambda: env["agency.rate.card.line"].create({"account_id": self.account.id, "role_id": role(),
                                                             "rate": 80})),
            "agency.budget.period": (
                self.period, {"date_to": "2026-09-29"},
                lambda user: {"budget_id": self.budget.id, "date_from": "2026-10-01", "date_to": "2026-10-31"},
                lambda: env["agency.budget.period"].create({
                    "budget_id": self.budget.id, "date_from": next(months), "date_to": "2030-12-31"})),
            "agency.survey": (
                self.survey, {"date_expiry": "2099-01-01 00:00:00"},
                lambda user: {"survey_type": "csat", "account_id": self.account.id, "partner_id": self.client.id},
                lambda: env["agency.survey"].create({
                    "survey_type": "csat", "account_id": self.account.id, "partner_id": self.client.id})),
            "agency.account.health": (
                self.account.health_snapshot_ids[:1], {"score": 99},
                lambda user: {"account_id": self.account.id, "date": "2020-01-01"},
                lambda: self.account.health_snapshot_ids[:1]),
            "agency.account.update": (
                self.update, {"next_steps": "<p>Workshop</p>"},
                lambda user: {"account_id": self.account.id, "status": "at_risk", "summary": "<p>Slow</p>"},
                lambda: env["agency.account.update"].create({
                    "account_id": self.account.id, "status": "on_track", "summary": "<p>Spare</p>"})),
            "agency.account.plan": (
                self.plan, {"strategy": "<p>Focus</p>"},
                lambda user: {"account_id": self.account.id, "year": 2031},
                lambda: env["agency.account.plan"].create({"account_id": self.account.id, "year": 2032})),
            "agency.account.plan.objective": (
                self.objective, {"target": 2000},
                lambda user: {"plan_id": self.plan.id, "name": "More", "kind": "revenue", "target": 5},
                lambda: env["agency.account.plan.objective"].create({
                    "plan_id": self.plan.id, "name": "Spare", "kind": "revenue", "target": 1})),
            "agency.competitor": (
                self.competitor, {"name": "Rival Agency Group"},
                lambda user: {"name": f"Rival of {user.login}"},
                lambda: env["agency.competitor"].create({"name": "Spare rival"})),
            "agency.account.competitor": (
                self.account_competitor, {"share_pct": 25},
                lambda user: {"account_id": self.account.id, "competitor_id": env["agency.competitor"].create(
                    {"name": f"Other of {user.login}"}).id},
                lambda: env["agency.account.competitor"].create({
                    "account_id": self.account.id,
                    "competitor_id": env["agency.competitor"].create({"name": "Spare"}).id})),
            "agency.market.note": (
                self.note, {"name": "Sugar tax 2027"},
                lambda user: {"name": "New note", "industry_id": self.industry.id},
                lambda: env["agency.market.note"].create({"name": "Spare", "industry_id": self.industry.id})),
            "agency.service.tag": (
                self.tag, {"name": "Podcasts & Audio"},
                lambda user: {"name": f"Service of {user.login}"},
                lambda: env["agency.service.tag"].create({"name": f"Spare service {next(counter)}"})),
            "agency.sla.policy": (
                self.policy, {"ack_hours": 2},
                lambda user: {"tier": False, "priority": "3", "ack_hours": 1, "resolve_hours": 2},
                lambda: env["agency.sla.policy"].create({"tier": False, "priority": "0",
                                                         "ack_hours": 1, "resolve_hours": 2})),
            "agency.playbook": (
                self.playbook, {"summary": "Visit the client"},
                lambda user: {"name": "New", "summary": "Do it"},
                lambda: env["agency.playbook"].create({"name": "Spare", "summary": "Spare"})),
            "agency.retainer": (
                retainer, {"note": "<p>Social only</p>"},
                lambda user: {"account_id": self.account.id, "fee": 200},
                lambda: env["agency.retainer"].create({"account_id": self.account.id, "fee": 1})),
            "agency.retainer.line": (
                retainer.line_ids, {"hours": 6},
                lambda user: {"retainer_id": retainer.id, "department_id": self.dept_creative.id, "hours": 2},
                lambda: env["agency.retainer.line"].create({
                    "retainer_id": retainer.id, "department_id": self.dept_creative.id, "hours": 1})),
            "agency.retainer.period": (
                running.period_ids[:1], {"overage_approved": True},
                lambda user: {"retainer_id": running.id, "date_from": "2031-01-01", "date_to": "2031-01-31"},
                lambda: running.period_ids[:1]),
            "agency.retainer.usage": (
                env["agency.retainer.usage"].search([("account_id", "=", self.account.id)], limit=1), {},
                lambda user: {}, lambda: env["agency.retainer.usage"].search([], limit=1)),
            "agency.scorecard": (scorecard, {"nps": 99}, lambda user: {}, lambda: scorecard),
            "agency.promotion.readiness": (readiness, {"met": True}, lambda user: {}, lambda: readiness),
            "agency.review": (
                review, {"goals": "<p>Lead a key account</p>"},
                lambda user: {"user_id": self.executive.id},
                lambda: env["agency.review"].create({"user_id": self.executive.id})),
            "agency.promotion.criterion": (
                criterion, {"value": 20},
                lambda user: {"target_level": "agency_account_manager.group_agency_director", "kind": "nps",
                              "value": 40},
                lambda: env["agency.promotion.criterion"].create({
                    "target_level": "agency_account_manager.group_agency_director", "kind": "csat", "value": 4})),
            "agency.whitespace": (
                Whitespace.search([("account_id", "=", self.account.id)], limit=1), {},
                lambda user: {}, lambda: Whitespace.search([("account_id", "=", self.account.id)], limit=1)),
            "agency.manager.load": (
                env["agency.manager.load"].search([("user_id", "=", self.executive.id)], limit=1), {},
                lambda user: {}, lambda: env["agency.manager.load"].search([], limit=1)),
            "agency.department.load": (
                env["agency.department.load"].search([("department_id", "=", self.dept_creative.id)], limit=1), {},
                lambda user: {}, lambda: env["agency.department.load"].search([], limit=1)),
        }

    def _allowed(self, func):
        """Whether func runs without a refusal; whatever it did is undone."""
        try:
            with self.env.cr.savepoint():
                func()
                raise _Rollback()
        except _Rollback:
            return True
        except (AccessError, UserError, ValidationError):
            return False
        finally:
            self.env.invalidate_all()

    # ------------------------------------------------------------ tests

    def test_every_model_every_role_matches_the_matrix(self):
        cases = self._cases()
        self.assertEqual(set(cases), set(EXPECTED), "every model has a case and an expected row")
        agency_models = {name for name in self.env.registry.models
                         if name.startswith("agency.") and not self.env[name]._transient
                         and not self.env[name]._abstract}
        self.assertEqual(agency_models, set(EXPECTED), "a new agency model needs its row in EXPECTED")
        mismatches = []
        for model, case in cases.items():
            self.assertTrue(case[0], f"{model}: the test data has a sample record")
            for role in ROLES:
                expected = EXPECTED[model].get(role, "")
                actual = self._operations(model, case, self.users[role])
                if actual != expected:
                    mismatches.append(f"{model} as {role}: expected {expected!r}, got {actual!r}")
        self.assertFalse(mismatches, "\n".join(mismatches))

    def test_a_senior_manager_has_a_managers_rights_on_the_teams_they_lead(self):
        """The Senior step implies Manager: leading the account's team, a
        senior manager may do exactly what a manager may, model by model,
        and reads the same cost fields."""
        self.team.user_id = self.senior
        cases = self._cases()
        mismatches = [
            f"{model} as senior: expected {EXPECTED[model].get('manager', '')!r}, got {actual!r}"
            for model, case in cases.items()
            if (actual := self._operations(model, case, self.senior)) != EXPECTED[model].get("manager", "")]
        self.assertFalse(mismatches, "\n".join(mismatches))
        self.assertIn(self.account, self.env["agency.account"].with_user(self.senior).search([]))
        self.assertNotIn(self.account, self.env["agency.account"].with_user(self.manager).search([]),
                         "the manager no longer leads the team")
        budget = self.budget.with_user(self.senior)
        self.assertEqual(budget.discount_pct, self.budget.discount_pct, "a cost field the senior reads")

    def _operations(self, model, case, user):
        """Which of read, write, create and unlink `user` may do on the
        model's sample (each tried in a savepoint and undone)."""
        record, write_vals, create_vals, spare = case
        Model = self.env[model].with_user(user)
        actual = ""
        if self._allowed(lambda: record.with_user(user).read(["display_name"])):
            actual += "r"
        if write_vals and self._allowed(lambda: record.with_user(user).write(write_vals)):
            actual += "w"
        vals = create_vals(user)
        if vals and self._allowed(lambda: Model.create(vals)):
            actual += "c"
        target = spare()
        if self._allowed(lambda: target.with_user(user).unlink()):
            actual += "u"
        return actual

    def test_fields_readable_by_level_and_cost_fields_refused(self):
        cases = self._cases()
        problems = []
        for model, (record, *_rest) in cases.items():
            Model = self.env[model]
            cost_fields = [name for name, field in Model._fields.items() if field.groups == COST_READERS]
            plain_fields = [name for name, field in Model._fields.items() if not field.groups]
            for role, operations in EXPECTED[model].items():
                if "r" not in operations:
                    continue
                user = self.users[role]
                mine = record.with_user(user)
                try:
                    mine.read(plain_fields)
                except AccessError as error:
                    problems.append(f"{model} as {role}: cannot read its fields: {error.args[0][:160]}")
                finally:
                    self.env.invalidate_all()
                for name in cost_fields:
                    readable = self._allowed(lambda: mine.read([name]))
                    if readable != (role in COST_ROLES):
                        problems.append(f"{model}.{name} as {role}: {'read' if readable else 'refused'}")
        self.assertFalse(problems, "\n".join(problems))

    def test_roles_that_may_not_write_run_no_changing_action(self):
        cases = self._cases()
        problems = []
        for model, (record, *_rest) in cases.items():
            Model = self.env[model]
            actions = sorted(
                name for name, member in inspect.getmembers(type(Model), inspect.isfunction)
                if name.startswith("action_") and not NAVIGATION.match(name)
                and member.__module__.startswith("odoo.addons.agency_account_manager")
            )
            for role in ROLES:
                if "w" in EXPECTED[model].get(role, ""):
                    continue
                exempt = ALLOWED_WITHOUT_WRITE.get((model, role), set())
                user = self.users[role]
                for name in actions:
                    if name in exempt:
                        continue
                    method = getattr(record.with_user(user), name)
                    required = [p for p in inspect.signature(method).parameters.values()
                                if p.default is inspect.Parameter.empty]
                    # Whatever the transaction still has to do at commit (e.g. health
                    # refreshed after the test data) is done first, not blamed on the action.
                    self.env.cr.flush()
                    before = record.sudo().read([f for f, fd in Model._fields.items() if fd.store])[0]
                    if self._allowed(lambda: method(*["Testing" for _p in required])):
                        problems.append(f"{model}.{name} ran for {role}, who may not change it")
                    after = record.sudo().read(list(before))[0]
                    if after != before:
                        changed = sorted(key for key in before if before[key] != after[key])
                        problems.append(f"{model}.{name} as {role} changed {changed}")
        self.assertFalse(problems, "\n".join(problems))

    def test_every_cost_field_has_a_cost_group(self):
        """Fails when a cost, margin, burn, discount, hourly cost or budget
        figure is added without groups=COST_READERS (unless the whole model
        is readable only by the cost side of the ladder)."""
        finance = self.env.ref("agency_account_manager.group_agency_finance")
        executive = self.env.ref("agency_account_manager.group_agency_executive")

        def cost_side(group):
            return group in (finance | executive) or (finance | executive) & group.trans_implied_ids

        def readers(model):
            return self.env["ir.model.access"].sudo().search([
                ("model_id.model", "=", model), ("perm_read", "=", True)]).group_id

        cost_models = {"agency.budget", "agency.budget.line", "agency.budget.negotiation", "agency.budget.period"}
        problems = []
        for model_name in sorted(self.env.registry.models):
            Model = self.env[model_name]
            for name, field in Model._fields.items():
                if not (model_name.startswith("agency.") or name.startswith("agency_")):
                    continue
                if (model_name, name) in REVENUE_FIELDS | NOT_COST_FIELDS:
                    continue
                is_cost = field.type == "monetary" or (
                    field.type in ("float", "integer") and COST_NAME.search(name)
                ) or (field.relational and field.comodel_name in cost_models)
                if not is_cost:
                    continue
                if field.groups:
                    groups = self.env["res.groups"].browse(
                        [self.env.ref(xmlid).id for xmlid in field.groups.split(",")])
                else:
                    groups = readers(model_name)
                    if not groups:
                        continue  # nobody reads the model: nothing leaks
                open_to = groups.filtered(lambda g: not cost_side(g))
                if open_to:
                    problems.append(f"{model_name}.{name} is readable by {', '.join(open_to.mapped('full_name'))}")
        self.assertFalse(problems, "Cost fields without a cost group:\n" + "\n".join(problems))
