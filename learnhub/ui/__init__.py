"""The web interface: with pages/ and streamlit_app.py, the only code that imports Streamlit."""
