from learnhub.ui.views.scheme_admin import scheme_admin_page

scheme_admin_page()
