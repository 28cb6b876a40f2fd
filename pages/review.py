from learnhub.ui.views.review import review_page

review_page()
