from learnhub.ui.views.training_classes import training_classes_page

training_classes_page()
