"""French typography in the interface (the catalogue, the dates, the counts), never in what
members write."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from .conftest import NBSP, NNBSP, make_article, make_comment

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
# What is not text: tags and their attributes, placeholders.
NOT_TEXT = re.compile(r"<[^>]*>|%\([^)]*\)[sd]|\{[^}]*\}")


def _translations():
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete:
            continue
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for form in forms:
            yield entry, form


def test_the_catalogue_is_complete():
    catalogue = polib.pofile(str(CATALOGUE))
    assert not [e.msgid for e in catalogue.untranslated_entries()]
    assert not [e.msgid for e in catalogue.fuzzy_entries()]


def test_every_french_string_follows_french_typography():
    wrong = []
    for entry, form in _translations():
        text = NOT_TEXT.sub("", form)
        if "'" in text:
            wrong.append((entry.msgid, "apostrophe: \u2019"))
        if re.search(r"(?<!\u202f)[?!;:](?=\s|$)", text) and re.search(r"\w[?!;:]", text):
            wrong.append((entry.msgid, "no space before ? ! ; :"))
        if re.search(r"[ \u00a0][?!;:]", text):
            wrong.append((entry.msgid, "a narrow no-break space (U+202F) before ? ! ; :"))
        if re.search(r"«(?!\u202f)|(?<!\u202f)»", text):
            wrong.append((entry.msgid, "narrow no-break spaces inside « »"))
        if "(s)" in text:
            wrong.append((entry.msgid, "a plural with ngettext, not (s)"))
    # The admin's own action messages are the admin's, outside this interface.
    wrong = [w for w in wrong if not w[0].startswith(("%(title)s: %(count)d", "%d member(s)"))]
    assert not wrong, wrong


def test_every_count_has_its_plural_forms():
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.msgid_plural and entry.msgid != entry.msgid_plural:
            assert entry.msgstr_plural[0] != entry.msgstr_plural[1], entry.msgid


@pytest.mark.django_db
def test_counts_and_dates_read_as_french(client, editor, camille):
    from datetime import datetime

    from django.utils import timezone

    when = timezone.make_aware(datetime(2025, 6, 14, 15, 24))
    none = make_article(editor, "sans-avis", title="Sans avis", published_at=when)
    one = make_article(editor, "un-avis", title="Un avis")
    two = make_article(editor, "deux-avis", title="Deux avis")
    make_comment(one, camille)
    make_comment(two, camille)
    make_comment(two, camille, "Encore")
    home = client.get(reverse("articles:home")).text
    assert "aucun commentaire" in home
    assert f"1{NBSP}commentaire<" in home and f"2{NBSP}commentaires<" in home
    assert f"Le{NBSP}14/06/2025 à{NBSP}15:24" in home
    assert "Aucun commentaire</h2>" in client.get(none.get_absolute_url()).text
    page = client.get(two.get_absolute_url()).text
    assert f">2{NBSP}commentaires</h2>" in page
    assert f"Mot de passe oublié{NNBSP}?" in page
    assert "Je m\u2019inscris" in page


@pytest.mark.django_db
def test_members_text_is_left_as_they_typed_it(client, article, camille):
    typed = "C'est vrai : 3 fois ? « Oui » ! Et l'an 2030 ; voilà."
    make_comment(article, camille, typed)
    page = client.get(article.get_absolute_url()).text
    assert f"<p>{typed}</p>" in page  # as typed: no space, no apostrophe changed
