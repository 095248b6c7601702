"""smallwins: grow an identity by small wins, from a terminal.

The installed package holds `smallwins.core` (the rules and the data, no UI),
`smallwins.tui` (the Textual app) and `smallwins.themes` (theme files).  In
the repository they stand at the top as `core/`, `tui/` and `themes/`; this
folder names them under the project's own name.
"""

__version__ = "0.2.0"
