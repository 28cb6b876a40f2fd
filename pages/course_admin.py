from learnhub.ui.views.course_admin import course_admin_page

course_admin_page()
