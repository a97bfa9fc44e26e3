"""The use cases the app and the command line share: screen, sign, check in, portfolio,
transfer, privacy, demo.

A service loads through the repository, asks the domain (`scoring`) and stores the result;
pages and commands only translate a click or an argument into one call. No streamlit here.
"""
