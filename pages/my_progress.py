from learnhub.ui.views.my_progress import my_progress_page

my_progress_page()
