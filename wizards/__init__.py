from . import agency_brief_cancel
