"""Who may do what with endorsements: the municipal editor acts for its own council only, the consortium moderator
acts on all. Every admin view calls these; hiding a button is never the check."""

from home.models import Municipality

VERIFY_PERMISSION = "statements.verify_endorsement"
WITHDRAW_PERMISSION = "statements.withdraw_endorsement"
ADD_PERMISSION = "statements.add_endorsement"


def is_moderator(user):
    return user.is_active and (user.is_superuser or user.has_perm(VERIFY_PERMISSION))


def municipalities_of(user):
    """The councils whose editors group the user belongs to."""
    if not user.is_authenticated:
        return Municipality.objects.none()
    return Municipality.objects.filter(editors_group__in=user.groups.all())


def can_see(user, endorsement):
    return is_moderator(user) or municipalities_of(user).filter(pk=endorsement.municipality_id).exists()


def can_submit(user):
    return user.has_perm(ADD_PERMISSION) and (is_moderator(user) or municipalities_of(user).exists())


def can_withdraw(user, endorsement):
    """Before verification only, by its own council (or a moderator)."""
    if endorsement.status != endorsement.Status.SUBMITTED:
        return False
    if is_moderator(user):
        return True
    return user.has_perm(WITHDRAW_PERMISSION) and can_see(user, endorsement)


def can_verify(user, endorsement):
    return is_moderator(user) and endorsement.status == endorsement.Status.SUBMITTED
