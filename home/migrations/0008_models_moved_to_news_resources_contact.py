from django.db import migrations


class Migration(migrations.Migration):
    """News, teaching resources and the contact page moved to apps of their own (their migrations 0001 rename the
    tables and content types): `home` forgets them, in the state only."""

    dependencies = [
        ('home', '0007_contact_message'),
        ('news', '0001_move_from_home'),
        ('resources', '0001_move_from_home'),
        ('contact', '0001_move_from_home'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.DeleteModel(name='ContactMessage'),
            migrations.DeleteModel(name='ContactPage'),
            migrations.DeleteModel(name='NewsPage'),
            migrations.DeleteModel(name='NewsIndexPage'),
            migrations.DeleteModel(name='ResourcePage'),
            migrations.DeleteModel(name='ResourceIndexPage'),
        ]),
    ]
