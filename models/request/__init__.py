"""The client request's concerns, each in a file of its own (the model,
its fields of record and its state machine are in ../agency_request.py)."""
from . import service_level
from . import mail_gateway
from . import scope
from . import pushback
