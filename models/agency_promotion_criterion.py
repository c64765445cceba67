from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import formatLang

from .const import GROUP_DIRECTOR, GROUP_EXECUTIVE, GROUP_MANAGER, GROUP_SENIOR
from .labels import selection_labels

# kind: (scorecard field averaged over the quarters, unit); months_at_level reads the user.
CRITERIA = [
    ("months_at_level", "Months at the current level"),
    ("load", "Weighted portfolio load at least"),
    ("revenue", "Invoiced revenue per quarter at least"),
    ("margin_pct", "Margin (%) at least"),
    ("nps", "NPS at least"),
    ("csat", "CSAT at least"),
    ("sla_compliance", "Service levels met (%) at least"),
    ("on_time", "Delivered on time (%) at least"),
    ("retention", "Retention (%) at least"),
]
# Every step of the ladder above the first (const.LADDER), in its order.
TARGET_LEVELS = [
    (GROUP_EXECUTIVE, "Account Executive"),
    (GROUP_MANAGER, "Account Manager"),
    (GROUP_SENIOR, "Senior Account Manager"),
    (GROUP_DIRECTOR, "Account Director"),
]


class AgencyPromotionCriterion(models.Model):
    """What it takes to reach a level of the ladder, set by directors per
    company: e.g. to become Account Manager, 18 months as Executive, a load
    of at least 10, NPS at least 30 and a margin of 25 % over the last two
    quarters. Readiness (agency.promotion.readiness) checks them."""

    _name = "agency.promotion.criterion"
    _description = "Promotion Criterion"
    _order = "target_level, sequence, id"

    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    target_level = fields.Selection(TARGET_LEVELS, string="To Become", required=True)
    kind = fields.Selection(CRITERIA, string="Criterion", required=True)
    value = fields.Float(string="Threshold", required=True)
    quarters = fields.Integer(string="Over the Last Quarters", default=2,
                              help="Scorecard figures are averaged over this many closed quarters.")
    active = fields.Boolean(default=True)

    @api.constrains("quarters", "value", "kind")
    def _check_values(self):
        for criterion in self:
            if criterion.quarters < 1 or criterion.quarters > 8:
                raise ValidationError(self.env._("Average a criterion over 1 to 8 quarters."))
            if criterion.kind in ("months_at_level", "load", "revenue") and criterion.value < 0:
                raise ValidationError(self.env._("This threshold cannot be negative."))

    @api.depends("target_level", "kind", "value")
    @api.depends_context("lang")
    def _compute_display_name(self):
        kinds, levels = selection_labels(self, "kind"), selection_labels(self, "target_level")
        for criterion in self:
            criterion.display_name = f"{levels.get(criterion.target_level, '')}: {kinds.get(criterion.kind, '')} " \
                                     f"{formatLang(self.env, criterion.value, digits=0 if criterion.value.is_integer() else 2)}"
