"""The Children in Need census: synthetic files (generate), and their import and figures."""
