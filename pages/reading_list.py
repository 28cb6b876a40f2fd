from learnhub.ui.views.reading_list import reading_list_page

reading_list_page()
