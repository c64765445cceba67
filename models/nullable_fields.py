"""Number fields that stay empty when there is nothing to measure.

Odoo stores an empty Integer or Float as 0, and 0 is a real score: an
account without enough data would show 0 and drag every average down. These
fields store NULL instead, which SQL averages (and so pivots, graphs and
list totals) leave out, and read back as False, which the web client, the
report and the workbook show as empty."""
from odoo import fields


def _empty(value):
    return value is None or value is False


class _Nullable:
    """Store NULL for no value, read it back as False."""

    def convert_to_column(self, value, record, values=None, validate=True):
        return None if _empty(value) else super().convert_to_column(value, record, values, validate)

    def convert_to_cache(self, value, record, validate=True):
        return None if _empty(value) else super().convert_to_cache(value, record, validate)

    def convert_to_record(self, value, record):
        return False if value is None else value

    def convert_to_read(self, value, record, use_display_name=True):
        return False if value is None else super().convert_to_read(value, record, use_display_name)

    def convert_to_export(self, value, record):
        return "" if _empty(value) else super().convert_to_export(value, record)


class NullableInteger(_Nullable, fields.Integer):
    pass


class NullableFloat(_Nullable, fields.Float):
    pass
