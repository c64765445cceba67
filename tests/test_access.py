from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AgencyCase


@tagged("post_install", "-at_install")
class TestAgencyAccess(AgencyCase):
    """The career ladder on client accounts and their configuration."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Account = cls.env["agency.account"]
        # Managed by the executive; the intern works on it.
        cls.acc_exec = Account.create({
            "partner_id": cls.client.id, "user_id": cls.executive.id, "team_id": cls.team.id,
            "member_ids": [(6, 0, cls.intern.ids)],
        })
        # In the manager's team, neither the executive's nor the intern's.
        cls.acc_team = Account.create({
            "partner_id": cls._client("Harbor Bank").id, "user_id": cls.manager.id,
            "team_id": cls.team.id,
        })
        # The other team's account, with nobody of the first team on it.
        cls.acc_other = Account.create({
            "partner_id": cls.client_other.id, "user_id": cls.executive_other.id,
            "team_id": cls.team_other.id,
        })
        cls.acc_company_b = Account.create({
            "partner_id": cls.client.id, "company_id": cls.company_b.id,
            "user_id": cls.director_b.id,
        })
        cls.all_a = cls.acc_exec | cls.acc_team | cls.acc_other
        cls.tag = cls.env["agency.service.tag"].create({"name": "Experiential"})

    def _visible(self, user):
        return self.env["agency.account"].with_user(user).search([("id", "in", self.all_a.ids)])

    def _assert_denied(self, user, operation, records=None, vals=None, fields=("name",)):
        """Assert the operation raises AccessError for user and changed nothing."""
        records = (records or self.env["agency.account"]).with_user(user)
        with self.assertRaises(AccessError, msg=f"{user.login} must not {operation}"):
            with self.env.cr.savepoint():
                if operation == "read":
                    records.read(list(fields))
                elif operation == "write":
                    records.write(vals or {"tier": "strategic"})
                elif operation == "create":
                    records.create(vals)
                elif operation == "unlink":
                    records.unlink()

    def _new_vals(self, name, **vals):
        return dict(vals, partner_id=self._client(name).id)

    def test_intern_reads_only_the_accounts_they_work_on(self):
        self.assertEqual(self._visible(self.intern), self.acc_exec)
        self.acc_exec.with_user(self.intern).read(["name", "tier"])
        self._assert_denied(self.intern, "read", self.acc_exec, fields=["budget_annual"])
        self._assert_denied(self.intern, "read", self.acc_team)
        self._assert_denied(self.intern, "write", self.acc_exec)
        self._assert_denied(self.intern, "create", vals=self._new_vals("Intern Co", user_id=self.intern.id))
        self._assert_denied(self.intern, "unlink", self.acc_exec)
        self.assertEqual(self.acc_exec.tier, "standard")

    def test_executive_edits_the_accounts_they_manage_or_work_on(self):
        self.assertEqual(self._visible(self.executive), self.acc_exec)
        self.acc_exec.with_user(self.executive).write({"tier": "key", "stage": "active"})
        self.assertEqual(self.acc_exec.tier, "key")
        created = self.env["agency.account"].with_user(self.executive).create(self._new_vals("Exec Co"))
        self.assertEqual(created.user_id, self.executive)
        self._assert_denied(self.executive, "read", self.acc_team)
        self._assert_denied(self.executive, "write", self.acc_team)
        self._assert_denied(self.executive, "unlink", self.acc_exec)
        # Creating an account for somebody else to manage is beyond their level.
        self._assert_denied(self.executive, "create",
                            vals=self._new_vals("Not Mine Co", user_id=self.manager_other.id))

    def test_manager_edits_every_account_of_the_teams_they_lead(self):
        self.assertEqual(self._visible(self.manager), self.acc_exec | self.acc_team)
        (self.acc_exec | self.acc_team).with_user(self.manager).write({"tier": "growth"})
        self.assertEqual(self.acc_team.tier, "growth")
        self._assert_denied(self.manager, "read", self.acc_other)
        self._assert_denied(self.manager, "write", self.acc_other)
        self.acc_team.with_user(self.manager).unlink()
        self.assertFalse(self.acc_team.exists())

    def test_director_sees_and_edits_everything_in_their_companies(self):
        self.assertEqual(self._visible(self.director), self.all_a)
        self.all_a.with_user(self.director).write({"stage": "active"})
        self.acc_other.with_user(self.director).unlink()
        self.assertFalse(self.acc_other.exists())

    def test_finance_reads_every_account_but_changes_none(self):
        self.assertEqual(self._visible(self.finance), self.all_a)
        self._assert_denied(self.finance, "write", self.acc_exec)
        self._assert_denied(self.finance, "create", vals=self._new_vals("Finance Co"))
        self._assert_denied(self.finance, "unlink", self.acc_exec)

    def test_employee_outside_the_ladder_sees_nothing(self):
        self._assert_denied(self.employee, "read", self.acc_exec)
        self._assert_denied(self.employee, "create", vals=self._new_vals("Employee Co"))

    def test_companies_are_isolated(self):
        Account_b = self.env["agency.account"].with_user(self.director_b)
        self.assertEqual(Account_b.search([]), self.acc_company_b)
        self._assert_denied(self.director_b, "read", self.acc_exec)
        self._assert_denied(self.director_b, "write", self.acc_exec)
        # And the other way round: company A's director does not see company B.
        self.assertNotIn(self.acc_company_b, self.env["agency.account"].with_user(self.director).search([]))

    def test_only_directors_configure_services(self):
        Tag = self.env["agency.service.tag"]
        for user in (self.intern, self.executive, self.manager, self.finance):
            self.assertEqual(Tag.with_user(user).search([("id", "=", self.tag.id)]), self.tag)
            for operation, vals in (("write", {"name": "X"}), ("unlink", None), ("create", {"name": "New"})):
                with self.assertRaises(AccessError, msg=f"{user.login} must not {operation} services"):
                    with self.env.cr.savepoint():
                        records = Tag.with_user(user) if operation == "create" else self.tag.with_user(user)
                        getattr(records, operation)(*([vals] if vals else []))
        tag = Tag.with_user(self.director).create({"name": "Podcasts"})
        tag.write({"name": "Podcasts & Audio"})
        tag.unlink()
        self.assertEqual(self.tag.name, "Experiential")
