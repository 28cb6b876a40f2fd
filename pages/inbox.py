from learnhub.ui.views.inbox import inbox_page

inbox_page()
