"""LearnHub's home: sends a signed-in person to their role's start page."""

from learnhub.ui.home import home_page

home_page()
