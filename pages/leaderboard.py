from learnhub.ui.views.leaderboard import leaderboard_page

leaderboard_page()
