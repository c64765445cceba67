from . import agency_brief_cancel
from . import agency_request_pushback
from . import agency_account_reassign
from . import agency_settings
from . import agency_onboarding
from . import agency_onboarding_line
from . import portal_wizard_user
