from odoo import fields, models

from .agency_budget import BUDGET_CATEGORIES


class ProductCategory(models.Model):
    """Which budget category the vendor bills of these products count in."""

    _inherit = "product.category"

    agency_budget_category = fields.Selection(
        BUDGET_CATEGORIES,
        help="Vendor bills for products of this category count in this budget category; "
             "otherwise they count as external partners.",
    )
