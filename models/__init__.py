from . import agency_service_tag
from . import agency_account
from . import res_partner
