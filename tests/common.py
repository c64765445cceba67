from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import TransactionCase, new_test_user

GROUP = "agency_account_manager.group_agency_%s"


class AgencyMixin:
    """An agency of two companies: in the main one, a director, two account
    teams each led by a manager with an executive and an intern, a finance
    user and a plain employee; in the second company, its own director."""

    @classmethod
    def _setup_agency(cls):
        cls.company = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Agency Overseas Ltd"})

        def user(login, groups, **kw):
            kw.setdefault("company_id", cls.company.id)
            kw.setdefault("company_ids", [(6, 0, cls.company.ids)])
            return new_test_user(
                cls.env, login=login, groups=groups, name=login.replace("_", " ").title(),
                email=f"{login}@example.com", **kw,
            )

        cls.director = user("aa_director", GROUP % "director")
        cls.manager = user("aa_manager", GROUP % "manager")
        cls.manager_other = user("aa_manager_other", GROUP % "manager")
        cls.executive = user("aa_executive", GROUP % "executive")
        cls.executive_other = user("aa_executive_other", GROUP % "executive")
        cls.intern = user("aa_intern", GROUP % "intern")
        cls.finance = user("aa_finance", "base.group_user,account.group_account_readonly")
        cls.employee = user("aa_employee", "base.group_user")
        cls.director_b = user(
            "aa_director_b", GROUP % "director",
            company_id=cls.company_b.id, company_ids=[(6, 0, cls.company_b.ids)],
        )

        Team = cls.env["crm.team"].with_context(tracking_disable=True)
        cls.team = Team.create({
            "company_id": cls.company.id,
            "name": "Brand Accounts", "user_id": cls.manager.id,
            "member_ids": [(6, 0, (cls.executive | cls.intern).ids)],
        })
        cls.team_other = Team.create({
            "company_id": cls.company.id,
            "name": "Performance Accounts", "user_id": cls.manager_other.id,
            "member_ids": [(6, 0, cls.executive_other.ids)],
        })
        cls.industry = cls.env["res.partner.industry"].create({"name": "Beverages"})
        cls.client = cls._client("Northwind Beverages", industry_id=cls.industry.id)
        cls.client_other = cls._client("Lumen Telecom")

    @classmethod
    def _setup_departments(cls):
        Department = cls.env["hr.department"]
        cls.creative_lead = new_test_user(cls.env, login="aa_creative_lead", groups="base.group_user",
                                          name="Carla Creative")
        employee = cls.env["hr.employee"].create({"name": "Carla Creative", "user_id": cls.creative_lead.id})
        cls.dept_creative = Department.create({
            "name": "Test Creative", "agency_delivers_client_work": True, "manager_id": employee.id,
        })
        cls.dept_design = Department.create({"name": "Test Design", "agency_delivers_client_work": True})
        cls.vendor = cls.env["res.partner"].create({"name": "Reel Films", "is_company": True})

    @classmethod
    def _client(cls, name, **vals):
        return cls.env["res.partner"].create(dict(vals, name=name, is_company=True))

    @classmethod
    def _account(cls, client, **vals):
        return cls.env["agency.account"].create(dict(vals, partner_id=client.id))

    def flush_tracking(self):
        """Tracking values are written when the transaction commits, and a
        record is not tracked in the transaction that created it: end the
        "request" here, as the web client would."""
        self.env.flush_all()
        self.env.cr.precommit.run()


class AgencyCase(AgencyMixin, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_agency()


class AgencyAccountingCase(AccountTestInvoicingCommon, AgencyMixin):
    """The agency on a company with a real chart of accounts, for tests that
    post invoices, bills and expenses. The test user is made a director so
    that it may create the agency's records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id += cls.env.ref("agency_account_manager.group_agency_director")
        cls._setup_agency()
