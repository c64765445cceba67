from odoo import api, models
from odoo.exceptions import UserError


class AgencySystemFieldsMixin(models.AbstractModel):
    """Fields the addon computes or records are the system's.

    A field declared with ``agency_system=True`` (survey answers, health
    score and band, service-level deadlines, breach and escalation flags,
    allocation state, alert bookkeeping, approval stamps, frozen figures) is
    set only by the addon's own code paths, which check the user's right to
    the action first and then write as the system (``sudo()``). Every other
    caller, whatever the way in (form, JSON-RPC, import, another module), is
    refused with a clear message in ``create`` and ``write``. A context key
    would not do: JSON-RPC callers choose their context.
    """

    _name = "agency.system.fields.mixin"
    _description = "Fields Maintained by the Agency Addon"

    def _valid_field_parameter(self, field, name):
        return name == "agency_system" or super()._valid_field_parameter(field, name)

    @api.model
    def _agency_system_fields(self):
        return [name for name, field in self._fields.items() if getattr(field, "agency_system", False)]

    def _check_agency_system_fields(self, vals_list):
        if self.env.su:
            return
        system = set(self._agency_system_fields())
        touched = sorted({name for vals in vals_list for name in vals if name in system})
        if touched:
            labels = ", ".join(self._fields[name]._description_string(self.env) for name in touched)
            raise UserError(self.env._(
                "%(fields)s of %(model)s are recorded by the system and cannot be set by hand.",
                fields=labels, model=self._description,
            ))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # Who may not create at all hears that first.
            self.check_access("create")
            self._check_agency_system_fields(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if self.env.su:
            return super().write(vals)
        self.check_access("write")
        self._check_agency_system_fields([vals])
        res = super().write(vals)
        # Record rules are checked on the records as they were: a user may
        # not move a record out of what they may change (a request to an
        # account they do not work on, a brief to another client...).
        self.check_access("write")
        return res
