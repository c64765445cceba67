from . import agency_brief_cancel
from . import agency_request_pushback
