from learnhub.ui.views.annual_assessment import annual_assessment_page

annual_assessment_page()
