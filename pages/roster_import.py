from learnhub.ui.views.roster_import import roster_import_page

roster_import_page()
