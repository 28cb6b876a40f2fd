from learnhub.ui.views.daily_quiz import daily_quiz_page

daily_quiz_page()
