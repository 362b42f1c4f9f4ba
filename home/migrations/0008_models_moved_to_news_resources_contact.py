from django.db import migrations

from home.model_moves import forget_content_types


class Migration(migrations.Migration):
    """News, teaching resources and the contact page moved to apps of their own (their migrations 0001 rename the
    tables and content types): `home` forgets them, in the state only."""

    dependencies = [
        ('home', '0007_contact_message'),
        ('news', '0001_move_from_home'),
        ('resources', '0001_move_from_home'),
        ('contact', '0001_move_from_home'),
        ('contenttypes', '0002_remove_content_type_name'),
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
        forget_content_types('home', [
            'contactmessage', 'contactpage', 'newspage', 'newsindexpage', 'resourcepage', 'resourceindexpage',
        ]),
    ]
