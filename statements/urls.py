# Statements URLs, language-prefixed (included from cdhr_cms/urls.py inside i18n_patterns).
urlpatterns = []
