from learnhub.ui.views.training_admin import training_admin_page

training_admin_page()
