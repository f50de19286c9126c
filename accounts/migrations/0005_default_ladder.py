from django.db import migrations

# name, messages needed, reputation needed, what it allows
LADDER = [
    ("Nouveau membre", 0, 0, "Participer aux discussions, voter et signaler ; les liens viennent après quelques jours et quelques messages acceptés."),
    ("Membre du Club", 5, 0, ""),
    ("Membre averti", 20, 5, ""),
    ("Membre éclairé", 50, 15, ""),
    ("Membre expérimenté", 100, 40, ""),
    ("Membre chevronné", 200, 80, ""),
    ("Membre émérite", 400, 150, ""),
    ("Membre extrêmement actif", 800, 250, ""),
    ("Expert confirmé", 1000, 500, ""),
    ("Expert éminent", 1500, 1000, ""),
    ("Expert éminent sénior", 2500, 2000, ""),
]
STAFF = [
    ("Rédacteur", "Écrire et publier les actualités."),
    ("Modérateur", "Masquer et rétablir des messages, traiter les signalements, suspendre des comptes."),
    ("Responsable", "Administrer le site."),
]


def forwards(apps, schema_editor):
    Rank = apps.get_model("accounts", "Rank")
    Member = apps.get_model("accounts", "Member")
    ranks = []
    for position, (name, messages, reputation, privileges) in enumerate(LADDER):
        rank, _ = Rank.objects.get_or_create(
            name=name,
            defaults={"position": position, "min_messages": messages,
                      "min_reputation": reputation, "privileges": privileges},
        )
        ranks.append(rank)
    for position, (name, privileges) in enumerate(STAFF):
        Rank.objects.get_or_create(
            name=name, defaults={"position": position, "is_staff_rank": True, "privileges": privileges}
        )
    for member in Member.objects.filter(rank_override__isnull=True):
        earned = [r for r in ranks if member.message_count >= r.min_messages and member.reputation >= r.min_reputation]
        Member.objects.filter(pk=member.pk).update(rank=earned[-1] if earned else None)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_ranks_reputation_profiles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
