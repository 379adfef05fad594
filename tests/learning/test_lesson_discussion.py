"""Each lesson's conversation is started once, by its first visitor, in the programme community."""

from __future__ import annotations

from convene.discussions.models import Post
from convene.learning import services
from convene.learning.models import Lesson
from tests.conftest import client_for


def test_the_first_learner_starts_the_discussion_and_the_next_is_taken_to_it(people, curriculum):
    lesson = curriculum["domain"]
    first = client_for(people.member).post(f"{lesson.get_absolute_url()}discussion/")
    post = Post.objects.get()
    assert first.status_code == 302 and first["Location"] == post.get_absolute_url()
    assert post.title == "Lesson: Domain, community and practice"
    assert post.body == lesson.reflection and post.community.slug == "introductory-programme"
    second = client_for(people.outsider).post(f"{lesson.get_absolute_url()}discussion/")
    assert second["Location"] == post.get_absolute_url()
    assert Post.objects.count() == 1
    assert Lesson.objects.get(pk=lesson.pk).discussion == post


def test_once_started_the_lesson_page_links_straight_to_the_discussion(
    people, curriculum, as_member
):
    lesson = curriculum["domain"]
    post = services.open_discussion(actor=people.convenor, lesson=lesson)
    page = as_member.get(lesson.get_absolute_url()).content.decode()
    assert f'href="{post.get_absolute_url()}"' in page


def test_a_deleted_discussion_is_started_afresh(people, curriculum):
    from convene.discussions.services import delete_post

    lesson = curriculum["domain"]
    post = services.open_discussion(actor=people.member, lesson=lesson)
    delete_post(actor=people.member, post=post)
    lesson.refresh_from_db()
    assert services.open_discussion(actor=people.convenor, lesson=lesson).pk != post.pk
