from learnhub.ui.views.writing_group import writing_group_page

writing_group_page()
