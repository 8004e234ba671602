"""kiln.communicator: how builders reach the machine (options, the Connect step, ssh).

`DISCONNECTED` is the exit status a communicator gives a command whose
connection dropped before it ended (Packer's `CmdDisconnect`); the shell
provisioner's `expect_disconnect` accepts it.
"""

DISCONNECTED = 2300218
