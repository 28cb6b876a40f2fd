from learnhub.ui.views.writing_settings import writing_settings_page

writing_settings_page()
