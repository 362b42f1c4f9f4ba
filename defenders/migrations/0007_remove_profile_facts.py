# The facts now live on the person (0006 moved them there): the profile pages' own copies go.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('defenders', '0006_move_facts_to_person'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='defenderpage',
            name='consent_date',
        ),
        migrations.RemoveField(
            model_name='defenderpage',
            name='consent_recorded_by',
        ),
        migrations.RemoveField(
            model_name='defenderpage',
            name='consent_review_date',
        ),
        migrations.RemoveField(
            model_name='defenderpage',
            name='consent_scope',
        ),
        migrations.RemoveField(
            model_name='defenderpage',
            name='country',
        ),
        migrations.RemoveField(
            model_name='defenderpage',
            name='display_name',
        ),
        migrations.RemoveField(
            model_name='defenderpage',
            name='legal_name',
        ),
        migrations.RemoveField(
            model_name='defenderpage',
            name='organisation',
        ),
        migrations.RemoveField(
            model_name='defenderpage',
            name='portrait',
        ),
        migrations.RemoveField(
            model_name='defenderpage',
            name='portrait_alt',
        ),
        migrations.RemoveField(
            model_name='defenderpage',
            name='portrait_caption',
        ),
        migrations.RemoveField(
            model_name='defenderpage',
            name='portrait_credit',
        ),
        migrations.RemoveField(
            model_name='defenderpage',
            name='portrait_licence',
        ),
        migrations.RemoveField(
            model_name='defenderpage',
            name='region',
        ),
        migrations.RemoveField(
            model_name='defenderpage',
            name='safety_level',
        ),
    ]
