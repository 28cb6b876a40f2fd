from learnhub.ui.views.question_banks import question_banks_page

question_banks_page()
