# Statements URLs, language-prefixed (included from cdhr_cms/urls.py inside i18n_patterns). The statement pages'
# files (endorsements.csv, endorsements.json, badge/<slug>.svg) reach their RoutablePageMixin routes through the
# project-wide page-file pattern in cdhr_cms/urls.py.
urlpatterns = []
