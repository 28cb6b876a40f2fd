from learnhub.ui.views.monthly_summary import monthly_summary_page

monthly_summary_page()
