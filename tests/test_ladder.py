"""The ladder's five steps, Senior Account Manager between Manager and
Director: one choice on the user form, its own discount limit (for every
caller), portfolio capacity and promotion criteria, promotion one step at
a time, and the migration that brings the step to an existing database."""
import importlib.util
from contextlib import contextmanager
from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import Form, tagged

from ..models.const import GROUP_DIRECTOR, GROUP_MANAGER, GROUP_SENIOR, LADDER
from .common import AgencyAccountingCase

# Every class here runs at the frozen moment of FrozenClockMixin.freeze_time
# (tests/common.py): the literal dates below are written against it.


@tagged("post_install", "-at_install")
class TestAgencyLadder(AgencyAccountingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_departments()
        # The senior manager leads the team of the account.
        cls.team.user_id = cls.senior
        cls.account = cls._account(cls.client, user_id=cls.executive.id, team_id=cls.team.id)
        brief = cls.env["agency.brief"].create({"title": "Launch", "account_id": cls.account.id})
        cls.budget = cls.env["agency.budget"].create({
            "brief_id": brief.id, "client_budget": 1000,
            "line_ids": [Command.create({"category": "agency_hours", "name": "Design", "amount": 1000,
                                         "planned_hours": 10})],
        })

    @contextmanager
    def _refused(self, pattern):
        """The call raises a UserError matching `pattern`, and whatever it
        wrote is rolled back (unittest's assertRaisesRegex keeps it)."""
        with self.assertRaisesRegex(UserError, pattern), self.env.cr.savepoint():
            yield
        self.env.invalidate_all()

    def _agree(self, amount, **vals):
        return self.env["agency.budget.negotiation"].create(dict(
            {"budget_id": self.budget.id, "agreed_amount": amount, "outcome": "price_changed"}, **vals))

    def test_five_steps_in_order_as_one_choice_on_the_user_form(self):
        steps = [self.env.ref(xmlid) for xmlid in LADDER]
        self.assertEqual([group.name for group in steps], [
            "Account Intern", "Account Executive", "Account Manager", "Senior Account Manager", "Account Director"])
        for lower, higher in zip(steps, steps[1:]):
            self.assertIn(lower, higher.trans_implied_ids, f"{higher.name} implies {lower.name}")
        category = self.env.ref("agency_account_manager.module_category_agency")
        kind, groups = next((kind, groups) for app, kind, groups, _name
                            in self.env["res.groups"].get_groups_by_application() if app == category)
        self.assertEqual(kind, "selection", "the ladder is one choice on the user form, not checkboxes")
        self.assertEqual(groups.ids, [group.id for group in steps])
        self.assertEqual(self.senior._agency_level(), GROUP_SENIOR)
        self.assertEqual(self.manager._agency_level(), GROUP_MANAGER)
        self.assertEqual(self.director._agency_level(), GROUP_DIRECTOR)
        self.assertTrue(self.senior.has_group(GROUP_MANAGER), "every check that names Manager holds for Senior")
        self.assertEqual(self.senior.with_context(agency_user_level=True).display_name,
                         f"{self.senior.name} (aa_senior, Senior Account Manager)")

    def test_senior_discount_limit_holds_for_form_rpc_and_import(self):
        self.assertEqual(self.company.agency_discount_limit_senior, 20.0)
        self._agree(820)  # 18 % below the estimate
        self.team.user_id = self.manager  # a manager leading the team may not grant it
        with self.assertRaisesRegex(UserError, "beyond your approval limit of 15.0%"):
            self.budget.with_user(self.manager).action_approve()
        self.team.user_id = self.senior
        self.budget.with_user(self.senior).action_approve()
        self.assertEqual((self.budget.state, self.budget.approved_by_id), ("approved", self.senior))
        # On the approved budget, a round beyond 20 % is refused however it comes.
        Negotiation = self.env["agency.budget.negotiation"].with_user(self.senior)
        with self._refused("20.0%"):
            Negotiation.create({"budget_id": self.budget.id, "agreed_amount": 750, "outcome": "price_changed"})
        round_ = self.budget.negotiation_ids
        with self._refused("20.0%"):
            round_.with_user(self.senior).write({"agreed_amount": 700})
        result = Negotiation.load(["budget_id/.id", "agreed_amount", "outcome"],
                                  [[str(self.budget.id), "700", "price_changed"]])
        self.assertFalse(result["ids"], "the import is refused")
        self.assertIn("20.0%", result["messages"][0]["message"])
        self.assertEqual(self.budget.agreed_amount, 820, "nothing was written")
        # Through the form: the same limit.
        with self._refused("20.0%"):
            with Form(round_.with_user(self.senior)) as form:
                form.agreed_amount = 750
        self.assertEqual(self.budget.agreed_amount, 820)
        # A director has no limit.
        round_.with_user(self.director).write({"agreed_amount": 700})
        self.assertEqual(self.budget.agreed_amount, 700)

    def test_settings_capacity_and_load_of_the_senior_step(self):
        settings = self.env["agency.settings"].with_user(self.director).create({
            "agency_discount_limit_senior": 22.5, "agency_capacity_senior": 3})
        settings.action_save()
        self.assertEqual((self.company.agency_discount_limit_senior, self.company.agency_capacity_senior), (22.5, 3))
        self.assertEqual(self.senior._agency_discount_limit(self.company), 22.5)
        self.assertEqual(self.manager._agency_discount_limit(self.company), 15.0)
        self.assertIsNone(self.director._agency_discount_limit(self.company))
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
            with self.env.cr.savepoint():
                self.company.agency_discount_limit_senior = 120
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                self.company.agency_capacity_senior = -1
        Account = self.env["agency.account"]
        self.assertEqual(Account._capacities(self.senior | self.manager | self.director | self.intern), {
            self.senior.id: 3, self.manager.id: 12, self.director.id: 20, self.intern.id: 0})
        strategic = self._account(self.client_other, tier="strategic")  # 4 weighted accounts
        self.assertIn("4 weighted accounts, beyond the 3", strategic._capacity_warning(self.senior))
        self.assertFalse(strategic._capacity_warning(self.manager), "a manager's 12 hold it")
        strategic.user_id = self.senior
        load = self.env["agency.manager.load"].with_user(self.director).search([("user_id", "=", self.senior.id)])
        self.assertEqual((load.weighted_accounts, load.capacity), (4, 3))

    def test_promotion_one_step_at_a_time_with_readiness_for_each_step(self):
        Criterion = self.env["agency.promotion.criterion"]
        to_senior, to_director = Criterion.create([
            {"target_level": GROUP_SENIOR, "kind": "months_at_level", "value": 24},
            {"target_level": GROUP_DIRECTOR, "kind": "months_at_level", "value": 36},
        ])
        self.manager.sudo().agency_level_since = date(2024, 9, 1)   # 26 months ago
        self.senior.sudo().agency_level_since = date(2025, 11, 1)   # 12 months ago
        rows = self.env["agency.promotion.readiness"]._refresh(self.manager | self.senior, self.company)
        mine = {row.user_id: row for row in rows}
        self.assertEqual(len(rows), 2, "one criterion of each person's next step")
        self.assertEqual((mine[self.manager].criterion_id, mine[self.manager].target_level), (to_senior, GROUP_SENIOR))
        self.assertEqual((mine[self.manager].value, mine[self.manager].threshold, mine[self.manager].met),
                         (26, 24, True))
        self.assertEqual((mine[self.senior].criterion_id, mine[self.senior].value, mine[self.senior].met),
                         (to_director, 12, False))
        self.assertIn("11/01/2025", mine[self.senior].evidence)
        # A manager is promoted to Senior, not straight to Director.
        Review = self.env["agency.review"].with_user(self.director)
        jump = Review.create({"user_id": self.manager.id, "decision": "promote", "target_level": GROUP_DIRECTOR})
        with self.assertRaisesRegex(UserError, "the next level of Aa Manager is Senior Account Manager"):
            jump.action_done()
        self.assertEqual(self.manager._agency_level(), GROUP_MANAGER)
        with Form(Review) as form:
            form.user_id = self.manager
            form.decision = "promote"
            self.assertEqual(form.target_level, GROUP_SENIOR, "the form proposes the next step")
            form.date_effective = date(2026, 12, 1)
        form.record.action_done()
        self.assertEqual(self.manager._agency_level(), GROUP_SENIOR)
        self.assertEqual(self.manager.agency_level_since, date(2026, 12, 1))
        scorecard = self.env["agency.scorecard"]._compute_scorecards(self.manager, "month", date(2026, 11, 27))
        self.assertEqual(scorecard.level_id, self.env.ref(GROUP_SENIOR))
        # And a senior manager to Director.
        Review.create({"user_id": self.senior.id, "decision": "promote",
                       "target_level": GROUP_DIRECTOR}).action_done()
        self.assertEqual(self.senior._agency_level(), GROUP_DIRECTOR)


@tagged("post_install", "-at_install")
class TestAgencyLadderMigration(AgencyAccountingCase):
    """The 18.0.1.4.0 migration, run on a database as the previous version
    left it: criteria for Director and none for Senior, a manager's open
    review promoting them to Director."""

    def _migrate(self):
        path = f"{get_module_path('agency_account_manager')}/migrations/18.0.1.4.0/post-migrate.py"
        spec = importlib.util.spec_from_file_location("agency_senior_step_migration", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "18.0.1.3.0")

    def _levels(self):
        users = self.env["res.users"].with_context(active_test=False).search([("share", "=", False)])
        return users._agency_levels()

    def test_levels_kept_and_the_next_step_of_managers_is_senior(self):
        Criterion = self.env["agency.promotion.criterion"]
        Criterion.search([("company_id", "in", (self.company | self.company_b).ids)]).unlink()
        old = Criterion.create([
            {"target_level": GROUP_DIRECTOR, "kind": "months_at_level", "value": 24},
            {"target_level": GROUP_DIRECTOR, "kind": "retention", "value": 90, "quarters": 3},
        ])
        set_by_hand = Criterion.create([
            {"company_id": self.company_b.id, "target_level": GROUP_DIRECTOR, "kind": "nps", "value": 40},
            {"company_id": self.company_b.id, "target_level": GROUP_SENIOR, "kind": "nps", "value": 20},
        ])
        Review = self.env["agency.review"].with_user(self.director)
        open_review = Review.create({"user_id": self.manager.id, "decision": "promote",
                                     "target_level": GROUP_DIRECTOR})
        done = Review.create({"user_id": self.intern.id, "decision": "stay"})
        done.action_done()
        before = self._levels()

        self._migrate()

        self.assertEqual(self._levels(), before, "nobody changes level")
        copied = Criterion.search([("company_id", "=", self.company.id), ("target_level", "=", GROUP_SENIOR)])
        self.assertEqual(sorted((c.kind, c.value, c.quarters) for c in copied),
                         sorted((c.kind, c.value, c.quarters) for c in old),
                         "managers are measured as they were, now for their next step")
        self.assertEqual(Criterion.search([("company_id", "=", self.company_b.id)]), set_by_hand,
                         "a company that set the Senior step keeps its own")
        self.assertEqual(open_review.target_level, GROUP_SENIOR)
        self.assertIn("Senior Account Manager", open_review.message_ids[0].body)
        self.assertEqual((done.state, done.target_level), ("done", False))
        open_review.action_done()
        self.assertEqual(self.manager._agency_level(), GROUP_SENIOR)
        # Run twice: nothing more.
        self._migrate()
        self.assertEqual(len(Criterion.search([("company_id", "=", self.company.id)])), 4)
