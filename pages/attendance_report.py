from learnhub.ui.views.attendance_report import attendance_report_page

attendance_report_page()
