from learnhub.ui.views.study_days import study_days_page

study_days_page()
