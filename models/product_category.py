from odoo import fields, models

from .agency_budget import BUDGET_CATEGORIES


class ProductCategory(models.Model):
    """Which budget category the vendor bills of these products count in,
    and which agency service selling them is (onboarding reads it)."""

    _inherit = "product.category"

    agency_budget_category = fields.Selection(
        BUDGET_CATEGORIES,
        help="Vendor bills for products of this category count in this budget category; "
             "otherwise they count as external partners.",
    )
    agency_service_tag_id = fields.Many2one(
        "agency.service.tag", string="Agency Service",
        help="Selling products of this category is selling this service: onboarding tags accounts with it.",
    )
