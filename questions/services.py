"""Moderation of member replies: the state changes editors make from the admin."""

from .models import Reply


def _rows(replies):
    """The given replies (a queryset or any iterable of them) as one update-able queryset."""
    return Reply.objects.filter(pk__in=[reply.pk for reply in replies])


def publish_replies(replies):
    """Make the replies visible on their question. Returns how many changed."""
    return (
        _rows(replies).exclude(status=Reply.Status.PUBLISHED).update(status=Reply.Status.PUBLISHED)
    )


def hide_replies(replies):
    """Take the replies off their question and drop any featuring, so publishing one again
    later never silently puts it back at the top of the thread. Returns how many changed."""
    return (
        _rows(replies)
        .exclude(status=Reply.Status.HIDDEN, is_featured=False)
        .update(status=Reply.Status.HIDDEN, is_featured=False)
    )


def feature_replies(replies):
    """Show the replies first on their question. Featuring is an endorsement of what visitors
    read, so a pending or hidden reply is published with it. Returns how many changed."""
    return (
        _rows(replies)
        .exclude(status=Reply.Status.PUBLISHED, is_featured=True)
        .update(status=Reply.Status.PUBLISHED, is_featured=True)
    )


def unfeature_replies(replies):
    """Put the replies back in date order among the others. Returns how many changed."""
    return _rows(replies).filter(is_featured=True).update(is_featured=False)
