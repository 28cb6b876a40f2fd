from learnhub.ui.views.suggestions import suggestions_page

suggestions_page()
