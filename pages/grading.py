from learnhub.ui.views.grading import grading_page

grading_page()
