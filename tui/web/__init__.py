"""`smallwins serve`'s web side: the token rules, the aiohttp server, and the page's files.

Imported only by `smallwins serve`: the terminal app and `smallwins status`
never load aiohttp or textual-serve.
"""
