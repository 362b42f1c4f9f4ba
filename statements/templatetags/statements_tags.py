"""The rows of the statements' tables, written in Python: the index's table has a row per municipality that ever
endorsed and a cell per year (400 cells on the large site), a statement's page a row per endorsement (up to a hundred
a page), and Django's template engine spent a third of those pages' render on the rows' tags and lookups. The markup
is the templates', whitespace included, and every value escaped as `{{ value }}` escapes it."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail.contrib.routable_page.templatetags.wagtailroutablepage_tags import routablepageurl

from home import formatting
from home.markup import text_escape as text

register = template.Library()

ROW_INDENT = " " * 12


@register.simple_tag
def endorsement_rows(table, endorsed_label, not_endorsed_label):
    """`{% endorsement_rows endorsement_table endorsed_label not_endorsed_label %}`: the table's rows (statements/
    views.py `index_context`), each municipality linked to its profile and each year marked endorsed or not."""
    endorsed = f'<td><span aria-hidden="true">✔</span><span class="visually-hidden">{text(endorsed_label)}</span></td>'
    not_endorsed = (
        f'<td><span aria-hidden="true">–</span><span class="visually-hidden">{text(not_endorsed_label)}</span></td>'
    )
    rows = []
    for row in table:
        cells = "".join(endorsed if year else not_endorsed for year in row.years)
        rows.append(
            f'\n{ROW_INDENT}<tr><th scope="row"><a href="{text(row.url)}">'
            f"{text(row.name)}</a></th>{cells}</tr>\n{ROW_INDENT}"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value in it is escaped above


@register.simple_tag(takes_context=True)
def endorsement_list_rows(context, endorsements):
    """`{% endorsement_list_rows endorsements %}`: a statement page's rows (statements/views.py `statement_context`):
    the municipality linked to its profile, the body that adopted the endorsement with a link to its verified
    document if there is one (as `{% routablepageurl page 'document' pk %}` writes it), and the date."""
    document = text(gettext("document"))
    rows = []
    for endorsement in endorsements:
        name = text(endorsement.municipality.name)
        link = ""
        if endorsement.document_id:
            address = text(routablepageurl(context, context["page"], "document", endorsement.pk))
            link = f' · <a href="{address}">{document}<span class="visually-hidden"> ({name}, PDF)</span></a>'
        date, profile = endorsement.adoption_date, text(endorsement.municipality.get_absolute_url())
        rows.append(
            f"\n{ROW_INDENT}<tr>\n"
            f'{ROW_INDENT}    <th scope="row"><a href="{profile}">{name}</a></th>\n'
            f"{ROW_INDENT}    <td>{text(endorsement.adopting_body_label)}{link}</td>\n"
            f'{ROW_INDENT}    <td><time datetime="{text(formatting.iso_date(date))}">{text(formatting.long_date(date))}'
            "</time></td>\n"
            f"{ROW_INDENT}</tr>\n        "
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value in it is escaped above
