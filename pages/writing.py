from learnhub.ui.views.writing import writing_page

writing_page()
