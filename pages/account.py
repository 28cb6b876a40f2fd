from learnhub.ui.views.account import account_page

account_page()
