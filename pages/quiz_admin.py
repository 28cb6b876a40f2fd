from learnhub.ui.views.quiz_admin import quiz_admin_page

quiz_admin_page()
