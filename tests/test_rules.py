"""Each business rule holds whatever the way in: these tests go through a
path other than the rule's button (a direct write, a child record created,
changed or deleted, an unlink), as the JSON-RPC API or an import would, and
check both the clear refusal and that nothing changed in the database."""
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import AgencyCase

# Every class here runs at the frozen moment of FrozenClockMixin.freeze_time
# (tests/common.py): the literal dates below are written against it.

REFUSED = (AccessError, UserError, ValidationError)


@tagged("post_install", "-at_install")
class TestAgencyRules(AgencyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_departments()
        cls.accountant = new_test_user(
            cls.env, login="aa_accountant_rules", groups="base.group_user,account.group_account_manager",
            company_id=cls.company.id, company_ids=[Command.set(cls.company.ids)])
        cls.account = cls._account(cls.client, user_id=cls.executive.id, team_id=cls.team.id,
                                   member_ids=[Command.set(cls.intern.ids)])
        cls.account_other = cls._account(cls.client_other, user_id=cls.executive_other.id,
                                         team_id=cls.team_other.id)
        cls.brief = cls.env["agency.brief"].create({
            "title": "Launch", "account_id": cls.account.id,
            "date_start": "2026-09-01", "date_deadline": "2026-12-31",
        })
        cls.allocation = cls.env["agency.brief.allocation"].create({
            "brief_id": cls.brief.id, "name": "Key visual", "department_id": cls.dept_design.id,
            "date_due": "2026-10-01", "planned_hours": 10,
        })

    def _budget(self, estimate=1000.0, rounds=()):
        brief = self.env["agency.brief"].create({"title": "Budgeted", "account_id": self.account.id})
        return self.env["agency.budget"].create({
            "brief_id": brief.id,
            "line_ids": [Command.create({"category": "production", "amount": estimate})],
            "negotiation_ids": [Command.create(dict(vals, outcome="accepted")) for vals in rounds],
        })

    def assertRefused(self, func, exception=REFUSED, regex=None):
        """func is refused with `exception` (and a message matching `regex`);
        whatever it wrote before the refusal is rolled back."""
        try:
            with self.env.cr.savepoint():
                func()
        except exception as error:
            if regex:
                self.assertRegex(str(error), regex)
        else:
            self.fail(f"not refused: {func}")
        finally:
            self.env.invalidate_all()

    # ------------------------------------------------------------ discounts

    def test_deal_below_the_limit_after_approval_is_refused(self):
        budget = self._budget()
        budget.with_user(self.executive).action_approve()
        Round = self.env["agency.budget.negotiation"].with_user(self.executive)
        for agreed in (700.0, 100.0):  # 30 %, 90 % below the estimate
            self.assertRefused(lambda a=agreed: Round.create({
                "budget_id": budget.id, "agreed_amount": a, "outcome": "accepted"}), UserError, "approval limit")
        self.assertEqual(budget.agreed_amount, 1000.0)
        self.assertEqual(budget.state, "approved")
        self.assertFalse(budget.negotiation_ids)
        # Within the executive's 5 % the deal stands on the approved budget.
        Round.create({"budget_id": budget.id, "agreed_amount": 960.0, "outcome": "accepted"})
        self.assertAlmostEqual(budget.discount_pct, 4.0)

    def test_writing_approved_state_meets_the_limit(self):
        budget = self._budget(rounds=[{"agreed_amount": 700.0}])
        self.assertRefused(lambda: budget.with_user(self.executive).write({"state": "approved"}),
                           UserError, "beyond your approval limit of 5.0%")
        self.assertEqual(budget.state, "draft")
        self.assertFalse(budget.approved_by_id)
        self.assertRefused(lambda: budget.with_user(self.intern).write({"state": "approved"}), AccessError)
        budget.with_user(self.director).write({"state": "approved"})
        self.assertEqual(budget.approved_by_id, self.director, "approving by write stamps who approved")

    def test_changing_or_deleting_rounds_or_lines_of_an_approved_budget(self):
        budget = self._budget(rounds=[{"agreed_amount": 960.0, "date": "2026-01-01"},
                                      {"agreed_amount": 990.0, "date": "2026-02-01"}])
        budget.with_user(self.executive).action_approve()
        first, latest = budget.negotiation_ids.sorted("date")
        self.assertRefused(lambda: latest.with_user(self.executive).write({"agreed_amount": 500.0}),
                           UserError, "approval limit")
        # The manager (15 %) may take it to 10 %; the executive may not undo it to more.
        latest.with_user(self.manager).write({"agreed_amount": 900.0})
        self.assertAlmostEqual(budget.discount_pct, 10.0)
        # Raising the estimate raises the discount too.
        self.assertRefused(lambda: budget.line_ids.with_user(self.manager).write({"amount": 2000.0}),
                           UserError, "approval limit")
        self.assertEqual(budget.estimate_total, 1000.0)
        latest.with_user(self.director).write({"agreed_amount": 990.0})
        first.with_user(self.director).write({"agreed_amount": 900.0})
        # Deleting the latest round falls back to the earlier deal: 10 %, beyond 5 %.
        self.assertRefused(lambda: latest.with_user(self.executive).unlink(), UserError, "approval limit")
        self.assertTrue(latest.exists())
        self.assertAlmostEqual(budget.agreed_amount, 990.0)
        # A change that does not raise the discount passes.
        budget.line_ids.with_user(self.executive).write({"name": "Print run"})

    # ------------------------------------------------------------ locks

    def _locked_budget(self):
        budget = self._budget(rounds=[{"agreed_amount": 980.0}])
        budget.action_approve()
        period = self.env["agency.budget.period"].with_user(self.accountant).create({
            "budget_id": budget.id, "date_from": "2026-06-01", "date_to": "2026-06-30"})
        period.action_reconcile()
        self.assertTrue(budget.is_locked)
        return budget, period

    def test_locked_budget_and_everything_under_it_stay_as_reconciled(self):
        budget, period = self._locked_budget()
        deal = budget.negotiation_ids
        self.assertRefused(lambda: budget.with_user(self.manager).unlink(), UserError, "cannot be deleted")
        self.assertRefused(lambda: deal.with_user(self.manager).unlink(), UserError, "locked")
        self.assertRefused(lambda: budget.line_ids.with_user(self.director).unlink(), UserError, "locked")
        self.assertRefused(lambda: budget.with_user(self.director).write({"client_budget": 1}), UserError, "locked")
        self.assertRefused(lambda: self.env["agency.budget.line"].with_user(self.director).create(
            {"budget_id": budget.id, "amount": 5}), UserError, "locked")
        # Finance too: it reopens the period to change anything.
        self.assertRefused(lambda: budget.line_ids.with_user(self.accountant).write({"amount": 1}))
        self.assertRefused(lambda: period.with_user(self.accountant).unlink(), UserError, "reopen it first")
        self.assertRefused(lambda: period.with_user(self.accountant).write({"date_to": "2026-06-15"}),
                           UserError, "reconciled")
        self.assertRefused(lambda: period.with_user(self.accountant).write({"actual_total": 1}))
        budget.brief_id.write({"state": "cancelled"})
        self.assertRefused(lambda: budget.brief_id.with_user(self.director).unlink(), UserError, "Finance")
        self.assertTrue(budget.exists() and deal.exists() and period.exists())
        self.assertEqual(budget.agreed_amount, 980.0)
        self.assertEqual(budget.estimate_total, 1000.0)
        # Reopening unlocks: then the account people can work on it again.
        period.with_user(self.accountant).action_reopen()
        self.assertFalse(budget.is_locked)
        deal.with_user(self.director).write({"agreed_amount": 970.0})
        self.assertEqual(budget.agreed_amount, 970.0)

    def test_only_accountants_reconcile_and_reopen(self):
        _budget, period = self._locked_budget()
        for user in (self.finance, self.director, self.executive):
            self.assertRefused(lambda u=user: period.with_user(u).action_reopen())
            self.assertRefused(lambda u=user: period.with_user(u).write({"state": "open"}))
        self.assertEqual(period.state, "reconciled")
        self.assertEqual(period.reconciled_by_id, self.accountant)

    # ------------------------------------------------------------ requests

    def test_complaint_cannot_be_closed_without_resolution_whatever_writes_it(self):
        complaint = self.env["agency.request"].create({
            "name": "Wrong logo", "request_type": "complaint", "account_id": self.account.id})
        Mine = complaint.with_user(self.executive)
        self.assertRefused(lambda: Mine.write({"state": "resolved"}), ValidationError, "without a resolution")
        # A state may only be reached from the states its buttons allow (kanban drag, RPC).
        self.assertRefused(lambda: Mine.write({"state": "closed"}), UserError, "cannot go to Closed")
        self.assertEqual(complaint.state, "new")
        self.assertFalse(complaint.date_resolved)
        Mine.write({"state": "resolved", "resolution": "<p>Reprinted at our cost</p>"})
        self.assertTrue(complaint.date_resolved)

    def test_requests_only_on_accounts_the_user_works_on(self):
        for user in (self.intern, self.executive):
            self.assertRefused(lambda u=user: self.env["agency.request"].with_user(u).create({
                "name": "Not mine", "account_id": self.account_other.id, "user_id": u.id,
                "request_type": "complaint"}), AccessError)
            mine = self.env["agency.request"].with_user(user).create(
                {"name": "Mine", "account_id": self.account.id})
            self.assertRefused(lambda m=mine: m.write({"account_id": self.account_other.id}), AccessError)
        self.assertFalse(self.env["agency.request"].search([("account_id", "=", self.account_other.id)]))

    def test_department_head_pushes_back_but_edits_nothing_else(self):
        request = self.env["agency.request"].create({
            "name": "Rush", "account_id": self.account.id, "request_type": "change",
            "department_id": self.dept_creative.id})
        self.assertRefused(lambda: request.with_user(self.creative_lead).write({"state": "resolved"}), AccessError)
        self.assertRefused(lambda: request.with_user(self.creative_lead).write({"priority": "3"}), AccessError)
        self.assertRefused(lambda: request.with_user(self.executive).action_open_pushback(), AccessError)
        self.assertTrue(request.with_user(self.creative_lead).can_push_back)
        self.assertFalse(request.with_user(self.executive).can_push_back)

    # ------------------------------------------------------------ system fields

    def test_fields_the_system_records_cannot_be_set_by_users(self):
        survey = self.env["agency.survey"].create({
            "survey_type": "nps", "account_id": self.account.id, "partner_id": self.client.id})
        request = self.env["agency.request"].create({"name": "Late", "account_id": self.account.id})
        request.sudo().write({"sla_breached": True})
        attempts = [
            (self.executive, survey, {"score": 10}),
            (self.executive, survey, {"state": "answered"}),
            (self.director, survey, {"comment": "Great"}),
            (self.executive, self.account, {"health_score": 99}),
            (self.director, self.account, {"health_band": "green"}),
            (self.intern, request, {"sla_breached": False}),
            (self.intern, request, {"escalated": True}),
            (self.intern, request, {"date_resolve_deadline": "2099-01-01 00:00:00"}),
            (self.intern, self.allocation, {"state": "done"}),
            (self.intern, self.allocation, {"late_notified": True}),
            (self.director, self.brief, {"approved_by_id": self.director.id}),
        ]
        for user, record, vals in attempts:
            before = record.read(list(vals))[0]
            self.assertRefused(lambda: record.with_user(user).write(vals), UserError, "recorded by the system")
            self.assertEqual(record.read(list(vals))[0], before, f"{user.login} changed {vals}")
        self.assertRefused(lambda: self.env["agency.survey"].with_user(self.executive).create({
            "survey_type": "nps", "account_id": self.account.id, "partner_id": self.client.id,
            "state": "answered", "score": 10}), UserError, "recorded by the system")
        self.assertRefused(lambda: self.env["agency.account.update"].with_user(self.executive).create({
            "account_id": self.account.id, "status": "on_track", "summary": "<p>x</p>", "health_score": 100}),
            UserError, "recorded by the system")
        self.assertRefused(lambda: self.env["agency.brief"].with_user(self.executive).create({
            "title": "Mine", "account_id": self.account.id, "name": "BRF/FAKE"}), UserError, "sequence")
        self.brief.action_approve()
        task = self.allocation.task_id
        other = self.env["agency.brief.allocation"].create({
            "brief_id": self.brief.id, "name": "Other", "partner_id": self.vendor.id, "date_due": "2026-10-02"})
        self.assertRefused(lambda: task.with_user(self.executive).write({"agency_allocation_id": other.id}),
                           UserError, "set when the brief is approved")
        self.assertEqual(task.agency_allocation_id, self.allocation)
        self.assertEqual(survey.state, "sent")
        # The answer page records the answer.
        self.assertTrue(survey._record_answer(0))
        self.assertEqual((survey.state, survey.score, survey.nps_category), ("answered", 0, "detractor"))

    def test_brief_states_through_write_follow_the_workflow(self):
        Mine = self.brief.with_user(self.executive)
        self.assertRefused(lambda: Mine.write({"state": "closed"}), UserError, "cannot become Closed")
        self.assertRefused(lambda: self.brief.with_user(self.intern).write({"state": "approved"}), AccessError)
        # Approving by write does what the button does: project and tasks.
        Mine.write({"state": "approved"})
        self.assertTrue(self.brief.project_id)
        self.assertTrue(self.allocation.task_id)
        self.assertEqual(self.brief.approved_by_id, self.executive)
        self.assertRefused(lambda: Mine.write({"state": "delivered"}), UserError, "while work is open")
        self.assertEqual(self.brief.state, "approved")
        self.assertRefused(lambda: self.env["agency.brief"].with_user(self.executive).create({
            "title": "Straight to approved", "account_id": self.account.id, "state": "approved"}), UserError)

    # ------------------------------------------------------------ visibility

    def test_no_cost_figure_reaches_those_who_read_no_cost(self):
        self.brief.action_approve()
        self.env["agency.budget"].create({
            "brief_id": self.brief.id, "line_ids": [Command.create({"category": "production", "amount": 100})],
        }).action_approve()
        update = self.env["agency.account.update"].create({
            "account_id": self.account.id, "status": "on_track", "summary": "<p>Fine</p>"})
        self.account._recompute_health()
        for record, name in ((update, "budget_burn"), (self.account, "health_details"),
                             (self.account, "budget_annual"), (self.brief, "budget_indication"),
                             (self.account.health_snapshot_ids[:1], "budget")):
            self.assertRefused(lambda r=record, n=name: r.with_user(self.intern).read([n]), AccessError)
            record.with_user(self.executive).read([name])
        html = self.account.with_user(self.intern).health_details_html or ""
        self.assertNotIn("over budget", html)
        self.assertIn("over budget", self.account.with_user(self.executive).health_details_html)
        portal = new_test_user(self.env, login="aa_portal_rules", groups="base.group_portal")
        for user in (self.intern, self.employee, portal, self.creative_lead):
            for name in ("agency_default_hourly_cost", "agency_discount_limit_executive",
                         "agency_discount_limit_manager"):
                self.assertRefused(lambda u=user, n=name: self.company.with_user(u).read([n]), AccessError)

    def test_finance_is_one_group_of_the_ladder(self):
        finance = self.env.ref("agency_account_manager.group_agency_finance")
        self.assertIn(finance, self.finance.groups_id, "Accounting read-only brings it")
        self.assertIn(finance, self.accountant.groups_id, "Accounting administration brings it")
        self.assertTrue(self.finance._agency_is_finance())
        self.assertFalse(self.director._agency_is_finance())
        self.assertFalse(self.finance._agency_can_reconcile())
        self.assertTrue(self.accountant._agency_can_reconcile())

    def test_directors_own_the_settings_without_being_administrators(self):
        self.assertFalse(self.director.has_group("base.group_system"))
        Settings = self.env["agency.settings"].with_user(self.director)
        settings = Settings.create({"agency_discount_limit_executive": 7.5, "agency_capacity_manager": 9})
        settings.action_save()
        self.assertEqual(self.company.agency_discount_limit_executive, 7.5)
        self.assertEqual(self.company.agency_capacity_manager, 9)
        for user in (self.manager, self.executive, self.finance):
            self.assertRefused(lambda u=user: self.env["agency.settings"].with_user(u).create(
                {"agency_discount_limit_executive": 90}), AccessError)
        self.assertRefused(lambda: Settings.create({"company_id": self.company_b.id,
                                                    "agency_discount_limit_manager": 99}), AccessError)
        self.assertEqual(self.company.agency_discount_limit_executive, 7.5)
        self.assertEqual(self.company_b.agency_discount_limit_manager, 15.0)

    def test_every_allocation_is_someones(self):
        other_user = new_test_user(self.env, login="aa_producer", groups="agency_account_manager.group_agency_executive")
        brief = self.env["agency.brief"].create({
            "title": "Shoot", "account_id": self.account.id, "date_start": "2026-09-01"})
        by_partner, named = self.env["agency.brief.allocation"].create([
            {"brief_id": brief.id, "name": "Film", "partner_id": self.vendor.id, "date_due": "2026-09-20"},
            {"brief_id": brief.id, "name": "Print", "partner_id": self.vendor.id, "date_due": "2026-09-21",
             "user_id": other_user.id},
        ])
        brief.action_approve()
        self.assertEqual(by_partner.user_id, self.executive, "the account manager coordinates the partner")
        self.assertEqual(by_partner.task_id.user_ids, self.executive)
        self.assertEqual(named.task_id.user_ids, other_user)
        self.assertIn(self.vendor, by_partner.task_id.message_partner_ids, "the partner is on the task")

    # ------------------------------------------------------------ rule shape

    def test_every_record_of_an_account_is_ruled_like_its_account(self):
        """Each model of a client account's records has the same rules, level
        by level, all reading its own account_id; all are noupdate."""
        shape = {
            "intern": "['|', ('account_id.user_id', '=', user.id), ('account_id.member_ids', 'in', user.id)]",
            "manager": "['|', '|', ('account_id.team_id.user_id', '=', user.id), "
                       "('account_id.user_id', '=', user.id), ('account_id.member_ids', 'in', user.id)]",
            "director": "[(1, '=', 1)]",
            "finance": "[(1, '=', 1)]",
        }
        children = [name for name, model in self.env.registry.items()
                    if "agency.account.child.mixin" in model._inherit and not model._abstract]
        self.assertGreaterEqual(len(children), 12)
        for name in children:
            rules = self.env["ir.rule"].search([("model_id.model", "=", name)])
            by_group = {level: rule for rule in rules for group in rule.groups for level in shape
                        if group == self.env.ref(f"agency_account_manager.group_agency_{level}")}
            for level, domain in shape.items():
                self.assertIn(level, by_group, f"{name} has no {level} rule")
                self.assertEqual(by_group[level].domain_force, domain, f"{name}, {level}")
            self.assertFalse(by_group["finance"].perm_write, f"{name}: finance only reads")
            self.assertTrue(rules.filtered("global"), f"{name} has no company rule")
        data = self.env["ir.model.data"].search([("module", "=", "agency_account_manager"), ("model", "=", "ir.rule")])
        self.assertTrue(data and all(data.mapped("noupdate")), "an administrator's change to a rule survives upgrades")

    def test_finance_who_also_works_accounts_changes_only_their_own(self):
        """Reading every budget as finance gives no right to change it:
        an executive who also reads the accounting edits only their accounts'."""
        both = new_test_user(
            self.env, login="aa_exec_finance", groups="agency_account_manager.group_agency_executive,"
            "account.group_account_readonly", company_id=self.company.id, company_ids=[Command.set(self.company.ids)])
        self.account.member_ids = [Command.link(both.id)]
        mine = self._budget()
        theirs = self.env["agency.budget"].create({
            "brief_id": self.env["agency.brief"].create({"title": "Other", "account_id": self.account_other.id}).id,
            "line_ids": [Command.create({"category": "production", "amount": 500})],
        })
        self.assertEqual(theirs.with_user(both).read(["estimate_total"])[0]["estimate_total"], 500.0)
        mine.with_user(both).write({"client_budget": 1200})
        self.assertRefused(lambda: theirs.with_user(both).write({"client_budget": 1}), AccessError)
        self.assertRefused(lambda: theirs.line_ids.with_user(both).write({"amount": 1}), AccessError)
        self.assertRefused(lambda: self.account_other.with_user(both).write({"tier": "key"}), AccessError)
        self.assertEqual(theirs.line_ids.amount, 500.0)
