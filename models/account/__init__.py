"""The client account's concerns, each in a file of its own (the model and
its fields of record are in ../agency_account.py): the figures layer,
health scoring, reporting, growth, retainers, onboarding, attention and
the rate card."""
from . import figures
from . import health
from . import reporting
from . import growth
from . import attention
from . import retainer
from . import onboarding
from . import rate_card
