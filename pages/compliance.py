from learnhub.ui.views.compliance import compliance_page

compliance_page()
