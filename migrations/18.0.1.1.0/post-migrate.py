"""Health scores of accounts without enough data were stored as 0, which
counted in every average: they become empty (NULL), as new ones are."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("UPDATE agency_account SET health_score = NULL WHERE health_band = 'none' OR health_band IS NULL")
    cr.execute("UPDATE agency_account_health SET score = NULL WHERE band = 'none' OR band IS NULL")
    cr.execute("UPDATE agency_account_update SET health_score = NULL WHERE health_band = 'none' OR health_band IS NULL")
