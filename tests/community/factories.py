from django.contrib.auth import get_user_model

import factory

from community.models import ContactPerson, Profile, Topic


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    display_name = factory.Faker("name", locale="nl_NL")
    role = factory.Faker("job", locale="nl_NL")
    organisation = factory.Faker("company", locale="nl_NL")


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    name = factory.Faker("name", locale="nl_NL")
    organisation = factory.Faker("company", locale="nl_NL")
    email = factory.Faker("email")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"onderwerp {n}")


PASSWORD = "correct horse battery staple"


def verified_member(email="sanne@example.org", display_name="Sanne de Vries", **profile_fields):
    """A member as sign-up leaves them once the e-mail is verified: user, address, profile."""
    from allauth.account.models import EmailAddress

    user = UserFactory(username=email.split("@")[0], email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    ProfileFactory(user=user, display_name=display_name, **profile_fields)
    return user
