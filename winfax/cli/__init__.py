"""The `winfax` command line (see `winfax --help` and docs/cli.md).

One module per concern: main (parsing, dispatch, errors), session (the fax
service a command talks to, with the simulator's state loaded and saved
around it), validate (input checks), schema (the --json output), output
and describe (text for people), progress (following a job), queue (reading
jobs), terminal (redrawing in place), and one commands_* module per group
of commands.  Only the standard library is used.
"""
