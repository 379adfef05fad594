import datetime

from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from convene.api.types import Text
from convene.lib.forms import error_summary
from convene.lib.http import AuthenticatedRequest
from convene.people.access import get_person_for_user
from convene.people.forms import DirectoryFilterForm
from convene.people.models import User

router = Router(tags=["people"])


class PersonRef(Schema):
    handle: str
    full_name: str
    url: str

    @staticmethod
    def resolve_url(person: User) -> str:
        return person.get_absolute_url()


class PersonOut(PersonRef):
    job_title: str
    level: str
    function: str | None
    org_unit: str | None
    site: str | None
    started_on: datetime.date | None
    expertise: list[str]

    @staticmethod
    def resolve_function(person: User) -> str | None:
        return person.function.name if person.function else None

    @staticmethod
    def resolve_org_unit(person: User) -> str | None:
        return person.org_unit.name if person.org_unit else None

    @staticmethod
    def resolve_site(person: User) -> str | None:
        return person.site.name if person.site else None

    @staticmethod
    def resolve_expertise(person: User) -> list[str]:
        return [tag.name for tag in person.expertise.all()]


class PersonDetailOut(PersonOut):
    line_manager: PersonRef | None
    bio_html: str
    perspectives_html: str


class MeOut(PersonDetailOut):
    email: str
    is_administrator: bool
    is_executive: bool


class DirectoryFilters(Schema):
    q: Text = ""
    function: Text = ""
    level: Text = ""
    site: Text = ""
    expertise: Text = ""


@router.get("/me", response=MeOut, summary="The person the request signs in as")
def me(request: AuthenticatedRequest) -> User:
    return get_person_for_user(request.user, request.user.handle)


@router.get("/people", response=list[PersonOut], summary="Search the people directory")
@paginate
def person_list(request: AuthenticatedRequest, filters: Query[DirectoryFilters]) -> object:
    form = DirectoryFilterForm(filters.dict())
    if not form.is_valid():
        raise HttpError(400, error_summary(form))
    return form.filter(User.objects.visible_to(request.user).for_directory())


@router.get("/people/{handle}", response=PersonDetailOut, summary="One person's profile")
def person_detail(request: AuthenticatedRequest, handle: Text) -> User:
    return get_person_for_user(request.user, handle)
