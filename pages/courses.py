from learnhub.ui.views.courses import courses_page

courses_page()
