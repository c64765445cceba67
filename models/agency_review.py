from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from .agency_promotion_criterion import TARGET_LEVELS
from .const import GROUP_DIRECTOR, LADDER
from .labels import store_display_name


class AgencyReview(models.Model):
    """A career review of one person for a period, opened from their
    scorecard by their team leader or a director: strengths, goals and the
    decision. A promotion, decided by a director, changes the person's
    ladder group from its effective date, through the review."""

    _name = "agency.review"
    _description = "Career Review"
    _inherit = ["agency.system.fields.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one("res.users", string="Person", required=True, index=True, tracking=True,
                              domain="[('share', '=', False)]")
    team_id = fields.Many2one(related="user_id.sale_team_id", string="Team", store=True, index=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    reviewer_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user, tracking=True)
    scorecard_id = fields.Many2one("agency.scorecard", domain="[('user_id', '=', user_id)]")
    date = fields.Date(required=True, default=fields.Date.context_today)
    strengths = fields.Html()
    goals = fields.Html()
    decision = fields.Selection(
        [("stay", "Stay at the Level"), ("promote", "Promote"), ("improve", "Improvement Plan")],
        tracking=True)
    target_level = fields.Selection(TARGET_LEVELS, string="Promote To", tracking=True)
    date_effective = fields.Date(string="Effective On", tracking=True)
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft", required=True,
                             tracking=True, readonly=True, copy=False, agency_system=True)

    @api.depends("user_id.name", "date")
    def _compute_name(self):
        store_display_name(self)

    @api.depends("user_id.name", "date")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for review in self:
            review.display_name = self.env._("Review of %(person)s, %(date)s", person=review.user_id.name or "",
                                             date=format_date(self.env, review.date) if review.date else "")

    @api.onchange("decision", "user_id")
    def _onchange_decision(self):
        if self.decision == "promote" and self.user_id and not self.target_level:
            self.target_level = self.env["agency.promotion.readiness"]._next_level(self.user_id)
            self.date_effective = self.date_effective or self.date

    def write(self, vals):
        if any(review.state == "done" for review in self) and not self.env.su \
                and set(vals) - {"message_main_attachment_id"}:
            raise UserError(self.env._("A review that is done is part of the person's history."))
        return super().write(vals)

    def action_done(self):
        """Record the decision; a promotion changes the person's ladder
        group (directors only)."""
        for review in self:
            if not review.decision:
                raise UserError(self.env._("Record the decision of the review first."))
            if review.user_id == self.env.user:
                raise AccessError(self.env._("Nobody completes their own review."))
            if review.decision == "promote":
                review._promote()
        self.sudo().write({"state": "done"})
        return True

    def _promote(self):
        self.ensure_one()
        if not self.env.user.has_group(GROUP_DIRECTOR):
            raise AccessError(self.env._("Only an Account Director decides a promotion."))
        level = self.user_id._agency_level()
        current = LADDER.index(level) if level else -1
        if not self.target_level or LADDER.index(self.target_level) <= current:
            raise UserError(self.env._("%(person)s is already at that level or above: choose a higher level.",
                                       person=self.user_id.name))
        expected = self.user_id._agency_next_level(level)
        if self.target_level != expected:
            raise UserError(self.env._(
                "The ladder is climbed one step at a time: the next level of %(person)s is %(level)s.",
                person=self.user_id.name, level=self.env.ref(expected).sudo().name))
        group = self.env.ref(self.target_level)
        self.user_id.sudo().write({"groups_id": [(4, group.id)],
                                   "agency_level_since": self.date_effective or self.date})
        self.message_post(body=self.env._("%(person)s promoted to %(level)s from %(date)s.",
                                          person=self.user_id.name, level=group.name,
                                          date=format_date(self.env, self.date_effective or self.date)))
