from learnhub.ui.views.data_snapshot import data_snapshot_page

data_snapshot_page()
