from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import format_list

# Read by every record the client may see: identity, and what the record
# rules, the company rule and archiving filter on.
ALWAYS_READABLE = frozenset({"id", "display_name", "company_id", "active"})


class AgencyClientReadableMixin(models.AbstractModel):
    """What a client (a portal user) may read of an agency record.

    Portal users read the accounts of their own company, its requests, the
    briefs shared with them and the published status updates: access
    rights and the record rules of ``security/agency_portal_rules.xml``
    choose the records, whatever the way in (the portal pages, JSON-RPC).
    This mixin chooses the fields: a portal user reads only the fields the
    model names in ``_agency_client_fields``, the ones its portal page
    shows. Any other field (internal notes, root causes, risks, health,
    costs) is refused when named, left out when no field is named, and
    cannot be searched on. The same pattern as Odoo's tasks for portal
    users (``project.task.SELF_READABLE_FIELDS``).
    """

    _name = "agency.client.readable.mixin"
    _description = "Fields a Client Reads from the Portal"

    # Each model sets the fields its portal page shows.
    _agency_client_fields = frozenset()

    def _agency_client_restricted(self):
        # Group membership is cached per user: no query on every read.
        return not self.env.su and not self.env.user._is_internal()

    @api.model
    def _agency_client_readable(self):
        return self._agency_client_fields | ALWAYS_READABLE

    @api.model
    def check_field_access_rights(self, operation, field_names):
        if not self._agency_client_restricted():
            return super().check_field_access_rights(operation, field_names)
        readable = self._agency_client_readable()
        if not field_names:
            return [name for name in super().check_field_access_rights(operation, field_names) if name in readable]
        refused = sorted(name for name in field_names if name in self._fields and (
            operation != "read" or name not in readable))
        if refused:
            raise AccessError(self.env._(
                "You cannot see %(fields)s of %(model)s.",
                fields=format_list(self.env, [self._fields[name]._description_string(self.env) for name in refused]),
                model=self._description,
            ))
        return super().check_field_access_rights(operation, field_names)

    def _determine_fields_to_fetch(self, field_names, ignore_when_in_cache=False):
        # Prefetching reads the other fields of a record along with the one
        # asked for: for a client, only the fields they may read.
        if self._agency_client_restricted():
            readable = self._agency_client_readable()
            field_names = [name for name in field_names if name in readable]
        return super()._determine_fields_to_fetch(field_names, ignore_when_in_cache)
