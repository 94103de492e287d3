import pytest

from tests.factories import UserFactory


@pytest.fixture
def user(db):
    return UserFactory(username="gebruiker")


@pytest.fixture
def staff_user(db):
    return UserFactory(username="medewerker", is_staff=True)
