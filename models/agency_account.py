from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .const import COST_READERS

TIERS = [
    ("strategic", "Strategic"),
    ("key", "Key"),
    ("growth", "Growth"),
    ("standard", "Standard"),
]
STAGES = [
    ("prospect", "Prospect"),
    ("onboarding", "Onboarding"),
    ("active", "Active"),
    ("at_risk", "At Risk"),
    ("lost", "Lost"),
]


class AgencyAccount(models.Model):
    """A client account: the agency's relationship with one client company,
    in one Odoo company, owned by an account manager and worked on by an
    account team (a CRM sales team)."""

    _name = "agency.account"
    _description = "Client Account"
    _inherit = ["agency.system.fields.mixin", "agency.client.readable.mixin", "agency.cron.mixin", "mail.thread",
                "mail.activity.mixin"]
    # What the client reads of their account from the portal (agency.client.readable.mixin).
    _agency_client_fields = frozenset({"name", "partner_id", "user_id"})
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, precompute=True, required=True,
        tracking=True, help="Defaults to the client's name.",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, index=True,
        tracking=True, ondelete="restrict", check_company=True,
        domain="[('is_company', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users", string="Account Manager", index=True, tracking=True,
        default=lambda self: self.env.user, check_company=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one(
        "crm.team", string="Account Team", index=True, tracking=True,
        compute="_compute_team_id", store=True, readonly=False, precompute=True,
        check_company=True,
        help="The sales team that works this account; its leader is the "
             "managing Account Manager.",
    )
    team_leader_id = fields.Many2one(
        related="team_id.user_id", string="Managing Account Manager",
    )
    member_ids = fields.Many2many(
        "res.users", "agency_account_member_rel", "account_id", "user_id",
        string="Team Members", check_company=True,
        domain="[('share', '=', False)]",
        help="Executives and interns working on this account.",
    )
    tier = fields.Selection(
        TIERS, required=True, default="standard", tracking=True,
    )
    stage = fields.Selection(
        STAGES, required=True, default="prospect", tracking=True,
        group_expand=True, copy=False,
    )
    industry_id = fields.Many2one(
        "res.partner.industry", compute="_compute_industry_id", store=True,
        readonly=False, precompute=True,
    )
    service_tag_ids = fields.Many2many(
        "agency.service.tag", string="Services Bought",
    )
    date_start = fields.Date(
        string="Start Date", default=fields.Date.context_today, tracking=True,
    )
    date_renewal = fields.Date(
        string="Renewal Date", compute="_compute_date_renewal", store=True,
        readonly=False, precompute=True, tracking=True,
        help="Defaults to one year after the start date.",
    )
    budget_annual = fields.Monetary(
        string="Annual Client Budget", currency_field="currency_id", groups=COST_READERS,
        tracking=True, help="What the client plans to spend with the agency in a year.",
    )
    note = fields.Html(string="Notes")
    active = fields.Boolean(default=True, tracking=True)
    date_lost = fields.Date(string="Lost On", readonly=True, copy=False, agency_system=True,
                            help="When the account moved to Lost (retention reads it).")
    color = fields.Integer()

    project_id = fields.Many2one(
        "project.project", string="Account Project", check_company=True, copy=False,
        help="Receives the tasks of this account's briefs when the company works "
             "with one project per client account.",
    )
    brief_ids = fields.One2many("agency.brief", "account_id", string="Briefs")
    brief_count = fields.Integer(compute="_compute_brief_count")
    request_count = fields.Integer(compute="_compute_request_stats")
    change_order_count = fields.Integer(compute="_compute_request_stats")
    change_order_amount = fields.Monetary(
        compute="_compute_request_stats", currency_field="currency_id",
        help="Untaxed value of the change orders the client accepted.",
    )
    opportunity_count = fields.Integer(compute="_compute_document_counts")
    sale_order_count = fields.Integer(compute="_compute_document_counts")
    project_count = fields.Integer(compute="_compute_document_counts")
    invoice_count = fields.Integer(compute="_compute_document_counts")

    @api.depends("partner_id")
    def _compute_name(self):
        for account in self:
            if account.partner_id:
                account.name = account.partner_id.name

    @api.depends("user_id")
    def _compute_team_id(self):
        users = self.user_id
        # One search for every manager's teams, not one per account.
        teams = self.env["crm.team"].search([
            "|", ("user_id", "in", users.ids), ("member_ids", "in", users.ids),
        ]) if users else self.env["crm.team"]
        for account in self:
            user = account.user_id
            if not user or (account.team_id and user in (account.team_id.user_id | account.team_id.member_ids)):
                continue
            team = teams.filtered(lambda t: t.company_id in (account.company_id, self.env["res.company"])
                                  and (t.user_id == user or user in t.member_ids))[:1]
            if team:
                account.team_id = team

    @api.depends("partner_id")
    def _compute_industry_id(self):
        for account in self:
            if account.partner_id.industry_id:
                account.industry_id = account.partner_id.industry_id

    @api.depends("date_start")
    def _compute_date_renewal(self):
        for account in self:
            if account.date_start:
                account.date_renewal = account.date_start + relativedelta(years=1)

    def _compute_brief_count(self):
        counts = dict(self.env["agency.brief"]._read_group(
            [("account_id", "in", self.ids)], ["account_id"], ["__count"],
        ))
        for account in self:
            account.brief_count = counts.get(account, 0)

    def _compute_request_stats(self):
        Request = self.env["agency.request"]
        domain = [("account_id", "in", self.ids)]
        request_counts = dict(Request._read_group(domain, ["account_id"], ["__count"]))
        orders = {}
        if self.env["sale.order"].has_access("read"):
            orders = {
                account: (count, amount)
                for account, count, amount in self.env["sale.order"]._read_group(
                    [("agency_account_id", "in", self.ids), ("state", "=", "sale")],
                    ["agency_account_id"], ["__count", "amount_untaxed:sum"],
                )
            }
        for account in self:
            account.request_count = request_counts.get(account, 0)
            account.change_order_count, account.change_order_amount = orders.get(account, (0, 0.0))

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_document_counts(self):
        """Count the client's documents already in Odoo, for the smart buttons.

        One grouped query per document model for all accounts, not one per
        account; documents of the client's contacts count for the client."""
        counts = {
            name: defaultdict(int)
            for name in ("opportunity_count", "sale_order_count", "project_count", "invoice_count")
        }
        clients = self.partner_id
        if clients:
            partner_ids = self.env["res.partner"].with_context(active_test=False)._search(
                [("id", "child_of", clients.ids)]
            )
            companies = self.company_id.ids
            sources = [
                ("opportunity_count", "crm.lead", "partner_id",
                 [("type", "=", "opportunity")]),
                ("sale_order_count", "sale.order", "partner_id",
                 [("state", "!=", "cancel")]),
                ("project_count", "project.project", "partner_id", []),
                ("invoice_count", "account.move", "commercial_partner_id",
                 [("move_type", "in", ("out_invoice", "out_refund")), ("state", "!=", "cancel")]),
            ]
            for count_field, model, partner_field, domain in sources:
                Model = self.env[model]
                if not Model.has_access("read"):
                    continue
                groups = Model._read_group(
                    domain + [(partner_field, "in", partner_ids), ("company_id", "in", companies + [False])],
                    [partner_field, "company_id"], ["__count"],
                )
                for partner, company, count in groups:
                    counts[count_field][partner.commercial_partner_id.id, company.id] += count
        for account in self:
            client = account.partner_id.commercial_partner_id.id
            for count_field, values in counts.items():
                # Documents with no company belong to every company.
                account[count_field] = values[client, account.company_id.id] + values[client, False]

    _sql_constraints = [
        # The Python check below explains; this one holds when two users
        # create the same account at the same moment.
        ("partner_company_uniq", "unique (partner_id, company_id)",
         "A client has one account per company (it may be archived: reactivate it)."),
    ]

    @api.constrains("user_id", "member_ids")
    def _check_internal_people(self):
        for account in self:
            outsiders = (account.user_id | account.member_ids).filtered("share")
            if outsiders:
                raise ValidationError(self.env._(
                    "%(people)s cannot work on %(account)s: only internal users manage or work on client accounts.",
                    people=", ".join(outsiders.mapped("name")), account=account.display_name,
                ))

    @api.constrains("partner_id")
    def _check_partner_is_company(self):
        for account in self:
            if not account.partner_id.is_company:
                raise ValidationError(self.env._(
                    "The client of an account must be a company: %(partner)s is an individual contact. "
                    "Choose the company they work for, or mark it as a company.",
                    partner=account.partner_id.display_name,
                ))

    @api.model
    def _check_one_account_per_client(self, pairs, exclude=()):
        """Refuse a second account for a (client, company): checked before
        writing, for a clear message; the unique index behind it holds when
        two users create the same account at the same moment."""
        Partner, Company = self.env["res.partner"], self.env["res.company"]
        existing = {(partner.id, company.id) for partner, company in self.sudo().with_context(
            active_test=False)._read_group([
                ("partner_id", "in", [p for p, _c in pairs]), ("company_id", "in", [c for _p, c in pairs]),
                ("id", "not in", list(exclude)),
            ], ["partner_id", "company_id"])}
        seen = set()
        for partner_id, company_id in pairs:
            duplicate = (partner_id, company_id) in seen or (partner_id, company_id) in existing
            seen.add((partner_id, company_id))
            if duplicate:
                raise ValidationError(self.env._(
                    "%(client)s already has a client account in %(company)s "
                    "(it may be archived). A client has one account per company.",
                    client=Partner.browse(partner_id).display_name, company=Company.browse(company_id).display_name,
                ))

    @api.constrains("date_start", "date_renewal")
    def _check_dates(self):
        for account in self:
            if account.date_start and account.date_renewal and account.date_renewal < account.date_start:
                raise ValidationError(self.env._(
                    "The renewal date of %(account)s cannot be before its start date.",
                    account=account.display_name,
                ))

    @api.constrains("budget_annual")
    def _check_budget_annual(self):
        for account in self:
            if account.budget_annual < 0:
                raise ValidationError(self.env._(
                    "The annual client budget of %(account)s cannot be negative.",
                    account=account.display_name,
                ))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_one_account_per_client([
            (vals.get("partner_id"), vals.get("company_id") or self.env.company.id) for vals in vals_list])
        accounts = super().create(vals_list)
        for account in accounts:
            if account.member_ids:
                account.message_subscribe(partner_ids=account.member_ids.partner_id.ids)
        accounts._agency_allow_client_portal_users()
        return accounts

    def write(self, vals):
        if "partner_id" in vals or "company_id" in vals:
            self._check_one_account_per_client([
                (vals.get("partner_id", account.partner_id.id), vals.get("company_id", account.company_id.id))
                for account in self], exclude=self.ids)
        res = super().write(vals)
        if "stage" in vals:
            lost = self.filtered(lambda a: a.stage == "lost" and not a.date_lost)
            lost.sudo().write({"date_lost": fields.Date.context_today(self)})
            self.filtered(lambda a: a.stage != "lost" and a.date_lost).sudo().write({"date_lost": False})
        if vals.get("member_ids"):
            for account in self:
                account.message_subscribe(partner_ids=account.member_ids.partner_id.ids)
        if "partner_id" in vals or "company_id" in vals:
            self._agency_allow_client_portal_users()
        return res

    def _agency_allow_client_portal_users(self):
        """The client's contacts who have portal access see these accounts
        in their portal, whichever of the agency's companies holds them."""
        portal_users = self.env["res.users"].sudo().search([
            ("share", "=", True), ("partner_id.commercial_partner_id", "in", self.partner_id.commercial_partner_id.ids),
        ])
        portal_users._agency_allow_client_companies()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        """An account with briefs, requests, surveys or status updates is the
        client's history: archive it instead."""
        for model, label in (("agency.brief", self.env._("briefs")), ("agency.request", self.env._("requests")),
                             ("agency.survey", self.env._("surveys")),
                             ("agency.account.update", self.env._("status updates"))):
            used = self.env[model].sudo().with_context(active_test=False).search(
                [("account_id", "in", self.ids)], limit=1)
            if used:
                raise UserError(self.env._(
                    "%(account)s has %(what)s: it is the client's history and cannot be deleted. Archive it instead.",
                    account=used.account_id.display_name, what=label,
                ))

    def _check_active_for_new_work(self):
        """New work is not logged on an archived account."""
        for account in self:
            if not account.active:
                raise ValidationError(self.env._(
                    "%(account)s is archived: reactivate it before logging new work on it.",
                    account=account.display_name,
                ))

    def _get_or_create_project(self):
        """The account's own project, created on first use."""
        self.ensure_one()
        if not self.project_id:
            # Created on approving a brief, by users who may not create projects.
            self.project_id = self.env["project.project"].sudo().create({
                "name": self.name,
                "partner_id": self.partner_id.id,
                "user_id": self.user_id.id,
                "company_id": self.company_id.id,
            })
        return self.project_id

    def _action_open(self, xml_id, domain, context=None, client_documents=False):
        """The action `xml_id` (a smart button's) on the records of `domain`,
        with `context` for what is created from it; for the client's own
        documents (opportunities, orders, projects, invoices), only those of
        the account's company or shared between companies."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xml_id)
        if client_documents:
            domain = domain + [("company_id", "in", [self.company_id.id, False])]
            context = dict(context or {}, create=True)
        action["domain"] = domain
        action["context"] = context or {}
        return action

    def action_view_briefs(self):
        return self._action_open("agency_account_manager.agency_brief_action", [("account_id", "=", self.id)],
                                 {"default_account_id": self.id})

    def action_view_requests(self):
        return self._action_open("agency_account_manager.agency_request_action", [("account_id", "=", self.id)],
                                 {"default_account_id": self.id})

    def action_view_change_orders(self):
        return self._action_open("sale.action_quotations_with_onboarding", [("agency_account_id", "=", self.id)],
                                 client_documents=True)

    def action_view_opportunities(self):
        return self._action_open(
            "crm.crm_lead_opportunities",
            [("type", "=", "opportunity"), ("partner_id", "child_of", self.partner_id.id)],
            {"default_type": "opportunity", "default_partner_id": self.partner_id.id,
             "default_user_id": self.user_id.id, "default_team_id": self.team_id.id}, client_documents=True)

    def action_view_sale_orders(self):
        return self._action_open(
            "sale.action_quotations_with_onboarding", [("partner_id", "child_of", self.partner_id.id)],
            {"default_partner_id": self.partner_id.id, "default_user_id": self.user_id.id,
             "default_team_id": self.team_id.id}, client_documents=True)

    def action_view_projects(self):
        return self._action_open("project.open_view_project_all", [("partner_id", "child_of", self.partner_id.id)],
                                 {"default_partner_id": self.partner_id.id}, client_documents=True)

    def action_view_invoices(self):
        return self._action_open(
            "account.action_move_out_invoice_type",
            [("commercial_partner_id", "=", self.partner_id.commercial_partner_id.id),
             ("move_type", "in", ("out_invoice", "out_refund"))],
            {"default_move_type": "out_invoice", "default_partner_id": self.partner_id.id}, client_documents=True)

    def action_grant_portal_access(self):
        """Odoo's portal access wizard for the client's contacts: they then
        see this account in their portal (/my/accounts)."""
        self.ensure_one()
        self.check_access("write")
        client = self.partner_id.commercial_partner_id
        contacts = client | client.child_ids.filtered(lambda p: p.type == "contact")
        # As Odoo's own action_open_wizard(): the wizard's lines must exist
        # for their Grant buttons to work, so it is created, then opened.
        wizard = self.env["portal.wizard"].create({"partner_ids": [Command.set(contacts.ids)]})
        return wizard._action_open_modal()
