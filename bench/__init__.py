"""The benchmark suite: `make bench` measures smallwins against SPEC section 7.

Results are ratios to references measured in the same run (a bare Textual app,
`python -c pass`, a plain durable write), so they compare across machines and
stay meaningful on a busy one.  Nothing here asserts a timing: the tests never
depend on how fast the machine is.
"""
