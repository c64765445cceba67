from odoo import fields, models


class AgencyServiceTag(models.Model):
    """A service the agency sells (branding, media buying, ...), used to tag
    what each client account has bought."""

    _name = "agency.service.tag"
    _description = "Agency Service"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique (name)", "A service with this name already exists."),
    ]
