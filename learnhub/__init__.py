"""LearnHub: training courses and learning records for offices whose staff study on a schedule.

Importable without Streamlit: `hub = learnhub.open()` gives DataFrames and Altair charts.
"""

from learnhub.notebook import Hub, open

__all__ = ["Hub", "open"]
__version__ = "0.1.0"
