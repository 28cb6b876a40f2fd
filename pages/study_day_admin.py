from learnhub.ui.views.study_day_admin import study_day_admin_page

study_day_admin_page()
