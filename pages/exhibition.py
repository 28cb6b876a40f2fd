from learnhub.ui.views.exhibition import exhibition_page

exhibition_page()
