from learnhub.ui.views.reminder_settings import reminder_settings_page

reminder_settings_page()
