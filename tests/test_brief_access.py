from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AgencyCase

# Every class here runs at the frozen moment of FrozenClockMixin.freeze_time
# (tests/common.py): the literal dates below are written against it.


@tagged("post_install", "-at_install")
class TestAgencyBriefAccess(AgencyCase):
    """Briefs and their allocations follow the career ladder of their account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_departments()
        Account = cls.env["agency.account"]
        cls.acc_exec = Account.create({
            "partner_id": cls.client.id, "user_id": cls.executive.id, "team_id": cls.team.id,
            "member_ids": [(6, 0, cls.intern.ids)],
        })
        cls.acc_team = Account.create({
            "partner_id": cls._client("Harbor Bank").id, "user_id": cls.manager.id, "team_id": cls.team.id,
        })
        cls.acc_other = Account.create({
            "partner_id": cls.client_other.id, "user_id": cls.executive_other.id, "team_id": cls.team_other.id,
        })
        cls.acc_company_b = Account.create({
            "partner_id": cls.client.id, "company_id": cls.company_b.id, "user_id": cls.director_b.id,
        })

    def _brief(self, account, user=None):
        Brief = self.env["agency.brief"].with_user(user) if user else self.env["agency.brief"]
        brief = Brief.create({
            "title": "Launch", "account_id": account.id, "objectives": "<p>Launch well</p>",
            "date_start": "2026-09-01", "date_deadline": "2026-10-31",
        })
        self.env["agency.brief.allocation"].with_user(user or self.env.user).create({
            "brief_id": brief.id, "name": "Key visual", "partner_id": self.vendor.id,
            "date_due": "2026-09-15",
        })
        return brief.with_user(self.env.user)

    def _denied(self, user, func, *records):
        with self.assertRaises(AccessError, msg=f"{user.login} must be denied"):
            with self.env.cr.savepoint():
                func(*[r.with_user(user) for r in records])

    def test_intern_drafts_but_does_not_approve(self):
        brief = self._brief(self.acc_exec, user=self.intern)
        brief.with_user(self.intern).write({"key_message": "Brighter"})
        brief.with_user(self.intern).action_submit()
        self.assertEqual(brief.state, "submitted")
        self._denied(self.intern, lambda b: b.action_approve(), brief)
        self._denied(self.intern, lambda b: b.write({"state": "approved"}), brief)
        self._denied(self.intern, lambda b: b.action_cancel(), brief)
        self._denied(self.intern, lambda b: b.unlink(), brief)
        self.assertEqual(brief.state, "submitted")
        self.assertFalse(brief.project_id)
        other = self._brief(self.acc_team)
        self._denied(self.intern, lambda b: b.read(["title"]), other)
        self._denied(self.intern, lambda b: b.allocation_ids.read(["name"]), other)
        with self.assertRaises(AccessError):
            with self.env.cr.savepoint():
                self._brief(self.acc_team, user=self.intern)

    def test_executive_approves_on_their_accounts_only(self):
        brief = self._brief(self.acc_exec, user=self.executive)
        brief.with_user(self.executive).action_approve()
        self.assertEqual(brief.state, "approved")
        self.assertTrue(brief.allocation_ids.task_id)
        team_brief = self._brief(self.acc_team)
        self._denied(self.executive, lambda b: b.action_approve(), team_brief)
        self._denied(self.executive, lambda b: b.read(["title"]), team_brief)
        self.assertEqual(team_brief.state, "draft")

    def test_manager_approves_on_the_teams_they_lead(self):
        team_brief = self._brief(self.acc_exec)
        team_brief.with_user(self.manager).action_approve()
        self.assertEqual(team_brief.state, "approved")
        other = self._brief(self.acc_other)
        self._denied(self.manager, lambda b: b.action_approve(), other)
        self.assertEqual(other.state, "draft")

    def test_director_approves_everywhere_in_their_company(self):
        other = self._brief(self.acc_other)
        other.with_user(self.director).action_approve()
        self.assertEqual(other.state, "approved")
        brief_b = self._brief(self.acc_company_b)
        self._denied(self.director, lambda b: b.read(["title"]), brief_b)
        self.assertEqual(self.env["agency.brief"].with_user(self.director_b).search([]), brief_b)

    def test_finance_reads_briefs_without_editing_them(self):
        brief = self._brief(self.acc_exec)
        self.assertEqual(brief.with_user(self.finance).title, "Launch")
        self.assertEqual(brief.allocation_ids.with_user(self.finance).name, "Key visual")
        self._denied(self.finance, lambda b: b.write({"title": "Changed"}), brief)
        self._denied(self.finance, lambda b: b.allocation_ids.write({"name": "Changed"}), brief)
        self._denied(self.employee, lambda b: b.read(["title"]), brief)
        self.assertEqual(brief.title, "Launch")
