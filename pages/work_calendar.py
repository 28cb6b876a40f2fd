from learnhub.ui.views.work_calendar import work_calendar_page

work_calendar_page()
