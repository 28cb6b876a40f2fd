from learnhub.ui.views.people import people_page

people_page()
