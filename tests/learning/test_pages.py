"""The programme overview, a lesson page, marking complete, the check form and its result."""

from __future__ import annotations

from convene.learning import services
from convene.learning.models import CheckAttempt, LessonProgress
from tests.learning.test_knowledge_check import answers_for


def test_the_overview_lists_modules_lessons_minutes_and_progress(people, curriculum, as_member):
    services.complete_lesson(actor=people.member, lesson=curriculum["domain"])
    page = as_member.get("/learning/").content.decode()
    assert "First steps" in page and "Leading together" in page
    assert "Learning from the edge" in page and "22 minutes" in page
    assert "1 of 2 lessons" in page and "1 of 3 lessons completed" in page
    assert "Continue" in page


def test_a_lesson_page_shows_the_text_check_reflection_and_neighbours(
    people, curriculum, as_member
):
    lesson = curriculum["periphery"]
    page = as_member.get(lesson.get_absolute_url()).content.decode()
    assert "Lave and Wenger" in page and lesson.reflection in page
    assert "Mark as complete" in page and "Discuss this lesson" in page
    assert curriculum["domain"].get_absolute_url() in page  # previous
    assert curriculum["plural"].get_absolute_url() in page  # next, across modules
    assert "/journal/?prompt=Where%20are%20you" in page
    assert LessonProgress.objects.filter(person=people.member, lesson=lesson).exists()


def test_mark_as_complete_completes_and_moves_on(people, curriculum, as_member):
    lesson = curriculum["domain"]
    response = as_member.post(f"{lesson.get_absolute_url()}complete/")
    assert response["Location"] == curriculum["periphery"].get_absolute_url()
    assert LessonProgress.objects.get(person=people.member, lesson=lesson).completed_at


def test_the_check_form_then_shows_every_explanation_and_my_choice(people, curriculum, as_member):
    lesson = curriculum["domain"]
    form = as_member.get(lesson.get_absolute_url()).content.decode()
    assert "Submit my answers" in form and "That is membership" not in form
    data = {f"question_{q}": o for q, o in answers_for(lesson, right=False).items()}
    response = as_member.post(f"{lesson.get_absolute_url()}check/", data)
    assert response.status_code == 302
    page = as_member.get(lesson.get_absolute_url()).content.decode()
    assert "You answered 0 of 2 correctly" in page
    assert "That is membership, not practice." in page and "Yes: practice is what" in page
    assert page.count("Your answer") == 2 and "Submit my answers" not in page


def test_an_incomplete_check_form_gets_an_error_and_saves_nothing(curriculum, as_member):
    lesson = curriculum["domain"]
    response = as_member.post(f"{lesson.get_absolute_url()}check/", {})
    assert response.status_code == 400 and "Choose one answer." in response.content.decode()
    assert not CheckAttempt.objects.exists()


def test_a_second_submission_of_the_form_is_refused_with_a_message(people, curriculum, as_member):
    lesson = curriculum["domain"]
    data = {f"question_{q}": o for q, o in answers_for(lesson).items()}
    as_member.post(f"{lesson.get_absolute_url()}check/", data)
    response = as_member.post(f"{lesson.get_absolute_url()}check/", data, follow=True)
    assert "already answered this knowledge check" in response.content.decode()
    assert CheckAttempt.objects.count() == 1


def test_an_unknown_lesson_is_404(curriculum, as_member):
    assert as_member.get("/learning/first-steps/nothing/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, curriculum):
    assert client.get("/learning/").status_code == 302


def test_finishing_the_programme_suggests_first_steps_in_my_communities(
    people, curriculum, as_member
):
    for lesson in curriculum.values():
        services.complete_lesson(actor=people.member, lesson=lesson)
    page = as_member.get("/learning/").content.decode()
    assert "a first stretch step" in page
    assert "/goals/?title=Put+one+idea" in page
    assert "/communities/open-circle/posts/new/" in page
    assert "introductory-programme/posts/new" not in page


def test_a_convenor_who_finishes_is_offered_to_form_triads(people, curriculum, as_convenor):
    for lesson in curriculum.values():
        services.complete_lesson(actor=people.convenor, lesson=lesson)
    page = as_convenor.get("/learning/").content.decode()
    assert "/peer-groups/rounds/new/?community=open-circle" in page
    assert "Ask who will facilitate in Open Circle" in page


def test_the_suggested_goal_title_is_filled_in_on_the_goals_page(as_member):
    page = as_member.get("/goals/?title=Try+one+idea").content.decode()
    assert 'value="Try one idea"' in page


def test_the_profile_shows_when_the_programme_was_completed(people, curriculum, as_outsider):
    profile = people.member.get_absolute_url()
    assert "Completed the introductory programme" not in as_outsider.get(profile).content.decode()
    for lesson in curriculum.values():
        services.complete_lesson(actor=people.member, lesson=lesson)
    assert "Completed the introductory programme" in as_outsider.get(profile).content.decode()


def test_the_home_page_points_to_the_programme(as_member):
    assert 'href="/learning/"' in as_member.get("/").content.decode()
