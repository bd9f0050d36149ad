"""The board draws the event table: filters, figures, the contact network, downloads and the page's texts.

The pipeline builds the table; nothing in pipeline/ imports from here. dashboard.py is the thin Streamlit entry point.
"""
