from learnhub.ui.views.writing_groups_admin import writing_groups_admin_page

writing_groups_admin_page()
