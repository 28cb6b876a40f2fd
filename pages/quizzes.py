from learnhub.ui.views.quiz_take import quizzes_page

quizzes_page()
