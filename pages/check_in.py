from learnhub.ui.views.check_in import check_in_page

check_in_page()
