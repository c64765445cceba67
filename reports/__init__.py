from . import agency_portfolio_xlsx
