"""Labels read in the reader's language.

A selection's labels are translated like any other term of the addon, but
only when read through the field (``_description_selection``): a module
constant such as ``dict(TIERS)`` gives the English source whoever reads it.
Every label a person reads (reports, workbooks, emails, messages, errors)
comes from here, in the language of the environment it is given.
"""


def selection_labels(model, fname):
    """{value: label} of selection field `fname` of `model`, in the
    language of `model`'s environment."""
    return dict(model._fields[fname]._description_selection(model.env))


def selection_label(model, fname, value):
    """The label of `value` in selection field `fname` of `model` ('' for
    no value), in the language of `model`'s environment."""
    return selection_labels(model, fname).get(value, "") if value else ""


def env_for(records, reader):
    """`records`' environment in the language of `reader` (a user or a
    partner): for a text the system composes and stores for one person to
    read (an activity, an alert, a quotation line for a client)."""
    return records.with_context(lang=reader.lang or records.env.lang).env


def store_display_name(records):
    """Set the stored `name` of `records` to their display name, for search:
    in the language of whoever saved them. What people read is display_name,
    computed in their own language (`@api.depends_context("lang")`)."""
    records._compute_display_name()
    for record in records:
        record.name = record.display_name
