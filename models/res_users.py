from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .const import GROUP_DIRECTOR, GROUP_EXECUTIVE, GROUP_FINANCE, GROUP_INTERN, GROUPS_RECONCILE, LADDER, LEVEL_KEYS


class ResUsers(models.Model):
    """The one place the addon asks where a user stands on the ladder."""

    _inherit = "res.users"

    agency_my_day_email = fields.Boolean(
        string="My Day by Email",
        help="Every morning, the items of My Day for my accounts by email, when there are any.",
    )
    agency_my_day_sent = fields.Date(string="My Day Last Sent", readonly=True, copy=False)
    agency_level_since = fields.Date(
        string="At the Level Since", readonly=True, copy=False,
        help="Set by the review that promoted the person (else their creation date).")

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["agency_my_day_email"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + ["agency_my_day_email"]

    def write(self, vals):
        if {"agency_my_day_sent", "agency_level_since"} & set(vals) and not self.env.su:
            self.check_access("write")  # Odoo's own refusal comes first
            raise UserError(self.env._("When My Day was last sent and since when a person is at their level "
                                       "are recorded by the system."))
        return super().write(vals)

    @api.depends_context("agency_user_level")
    def _compute_display_name(self):
        """With `agency_user_level` in the context (pickers that assign
        accounts), a person shows with their login and level, so that two
        people with similar names are never mistaken for each other."""
        super()._compute_display_name()
        if not self.env.context.get("agency_user_level"):
            return
        for user in self:
            user.display_name = f"{user.name} ({user.login}, {user._agency_level_label()})"

    def _agency_level(self):
        """The xml id of the highest step of the ladder this user holds
        (None: not on the ladder)."""
        self.ensure_one()
        return next((xmlid for xmlid in reversed(LADDER) if self.has_group(xmlid)), None)

    def _agency_levels(self):
        """{user id: xml id of their highest step} for many users at once
        (one read of their groups); users off the ladder are left out."""
        steps = [(xmlid, self.env.ref(xmlid).id) for xmlid in reversed(LADDER)]
        levels = {}
        for user in self.sudo():
            held = set(user.groups_id.ids)
            level = next((xmlid for xmlid, group_id in steps if group_id in held), None)
            if level:
                levels[user.id] = level
        return levels

    @api.model
    def _agency_next_level(self, level):
        """The step above `level` (an xml id of LADDER; None: off the ladder,
        whose next step is the first), or None at the top."""
        if level is None:
            return LADDER[0]
        index = LADDER.index(level)
        return LADDER[index + 1] if index + 1 < len(LADDER) else None

    def _agency_level_label(self):
        self.ensure_one()
        level = self._agency_level()
        return self.env.ref(level).sudo().name if level else self.env._("not on the ladder")

    def _agency_is_finance(self):
        self.ensure_one()
        return self.has_group(GROUP_FINANCE)

    def _agency_can_reconcile(self):
        self.ensure_one()
        return any(self.has_group(group) for group in GROUPS_RECONCILE)

    def _agency_reads_accounts(self):
        """Client accounts and briefs: the ladder and finance (a department
        head reads only the requests and work of their department)."""
        self.ensure_one()
        return self.has_group(GROUP_INTERN) or self._agency_is_finance()

    def _agency_sees_costs(self):
        """Cost, margin, burn and budget figures: executives and up, finance."""
        self.ensure_one()
        return self.has_group(GROUP_EXECUTIVE) or self._agency_is_finance()

    def _agency_discount_limit(self, company):
        """The largest discount below the estimate this user may grant in
        `company`, in % (None: no limit)."""
        self.ensure_one()
        level = self._agency_level()
        if level == GROUP_DIRECTOR:
            return None
        if level in (None, GROUP_INTERN):
            return 0.0
        return company.sudo()[f"agency_discount_limit_{LEVEL_KEYS[level]}"]

    def _agency_allow_client_companies(self):
        """A client's portal user is allowed in every company that holds an
        account of their company (the portal, like the rest of Odoo, shows
        the records of the user's allowed companies): granted with portal
        access and kept when an account is opened in another company."""
        accounts = self.env["agency.account"].sudo().with_context(active_test=False).search([
            ("partner_id", "in", self.filtered("share").partner_id.commercial_partner_id.ids)])
        for user in self.filtered("share"):
            companies = accounts.filtered(
                lambda a, u=user: a.partner_id == u.partner_id.commercial_partner_id).company_id
            missing = companies - user.company_ids
            if missing:
                user.sudo().company_ids = [Command.link(company.id) for company in missing]

