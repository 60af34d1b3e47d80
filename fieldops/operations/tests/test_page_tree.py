"""The rules of the page tree: which page type may be created under which.

The site is one tree: the root, one home page, one field operations index under
it and the operations' profiles under the index (made by the migrations).
"""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from fieldops.core.models import HomePage
from fieldops.operations.models import FieldOperationIndexPage, FieldOperationPage

from .factories import FieldOperationPageFactory


class PageTreeRuleTests(WagtailPageTestCase):
    def test_home_page_holds_only_the_field_operations_index(self):
        self.assertAllowedSubpageTypes(HomePage, {FieldOperationIndexPage})
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(HomePage, FieldOperationPage)

    def test_home_page_may_stand_under_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(FieldOperationIndexPage, HomePage)
        self.assertCanNotCreateAt(FieldOperationPage, HomePage)

    def test_index_holds_only_profiles(self):
        self.assertAllowedSubpageTypes(FieldOperationIndexPage, {FieldOperationPage})
        self.assertCanCreateAt(FieldOperationIndexPage, FieldOperationPage)
        self.assertCanNotCreateAt(FieldOperationIndexPage, FieldOperationIndexPage)

    def test_index_may_stand_under_the_home_page_or_the_root(self):
        self.assertAllowedParentPageTypes(FieldOperationIndexPage, {Page, HomePage})
        self.assertCanCreateAt(HomePage, FieldOperationIndexPage)
        self.assertCanCreateAt(Page, FieldOperationIndexPage)

    def test_profile_stands_under_the_index_only_and_holds_nothing(self):
        self.assertAllowedParentPageTypes(FieldOperationPage, {FieldOperationIndexPage})
        self.assertCanNotCreateAt(Page, FieldOperationPage)
        self.assertAllowedSubpageTypes(FieldOperationPage, set())
        for page_type in (HomePage, FieldOperationIndexPage, FieldOperationPage):
            self.assertCanNotCreateAt(FieldOperationPage, page_type)


class PageTreeCountTests(WagtailPageTestCase):
    def test_second_home_page_or_index_cannot_be_added_beside_the_first(self):
        home = HomePage.objects.get()
        self.assertFalse(HomePage.can_create_at(home.get_parent()))
        self.assertFalse(FieldOperationIndexPage.can_create_at(home))

    def test_profiles_are_not_limited_in_number(self):
        index = FieldOperationIndexPage.objects.get()
        FieldOperationPageFactory.create_batch(2, parent=index)
        self.assertTrue(FieldOperationPage.can_create_at(index))
