import datetime

import factory
import wagtail_factories

from questions.models import (
    Follow,
    HelpfulMark,
    QuestionIndexPage,
    QuestionPage,
    QuestionRelatedResource,
    Reply,
    ReplyFlag,
    Resource,
)
from tests.community.factories import ProfileFactory


class QuestionIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = QuestionIndexPage

    title = "Vragen"
    slug = factory.Sequence(lambda n: f"vragen-{n}")


class QuestionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = QuestionPage
        # The topics hook saves the page itself, and only when it changed something.
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Wat zijn jouw ervaringen met vraag {n}?")
    slug = factory.Sequence(lambda n: f"vraag-{n}")
    author = factory.SubFactory(ProfileFactory)
    published_on = datetime.date(2022, 8, 31)
    explanation = "<p>We krijgen signalen dat professionals worstelen met hun rol.</p>"

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        """``topics=[topic, …]`` tags the page with existing Topic rows."""
        if extracted:
            self.topics.add(*extracted)
            if create:
                self.save()


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    title = "Van polarisatie naar verbinding in buurten"
    publisher = "VNG"
    url = "https://vng.nl/publicaties/van-polarisatie-naar-verbinding-in-buurten"
    year = 2021
    summary = "Handreiking van het Kennisplatform Integratie en Samenleving."


class QuestionRelatedResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionRelatedResource

    page = factory.SubFactory(QuestionPageFactory)
    resource = factory.SubFactory(ResourceFactory)


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reply

    question = factory.SubFactory(QuestionPageFactory)
    author = factory.SubFactory(ProfileFactory)
    body = factory.Faker("paragraph", locale="nl_NL")
    status = Reply.Status.PUBLISHED


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Follow

    profile = factory.SubFactory(ProfileFactory)
    question = factory.SubFactory(QuestionPageFactory)


class HelpfulMarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HelpfulMark

    reply = factory.SubFactory(ReplyFactory)
    profile = factory.SubFactory(ProfileFactory)


class ReplyFlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReplyFlag

    reply = factory.SubFactory(ReplyFactory)
    flagged_by = factory.SubFactory(ProfileFactory)
    reason = ReplyFlag.Reason.PERSONAL_DATA
