"""The budget's concerns beyond its figures of record (../agency_budget.py):
the estimate by role (rates, cost and margin, the proposal from the
work-back schedule, hours spent by role) and the quotation made from it,
with its revisions."""
from . import estimate
from . import quotation
