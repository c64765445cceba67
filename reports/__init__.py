# SQL reports read the tables of the models (imported before this package).
from . import agency_sql_report_mixin
from . import agency_manager_load
from . import agency_whitespace
from . import agency_department_load
from . import agency_account_report
from . import agency_portfolio_xlsx
from . import agency_retainer_usage
from . import agency_scorecard_xlsx
