"""The web interface. The only package besides pages/ and streamlit_app.py that imports Streamlit."""
