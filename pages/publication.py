from learnhub.ui.views.publication import publication_page

publication_page()
