"""Waiting for SSH to come up: Packer's retry rules, with faster polling.

Connection failures (refused, unreachable, no answer, a handshake cut short)
are retried until ssh_timeout; a refused login counts as a handshake
attempt, and ssh_handshake_attempts of them end the wait at once, since
retrying a wrong password for five minutes helps nobody. A failed
negotiation (the two sides share no key exchange algorithm, cipher, MAC or
host key type) ends it at the first attempt, naming what each side offered:
Packer retries it until ssh_timeout, but no retry can change the server's
list. Kiln polls every
half second where Packer waits 5 s, so a provisioner starts within a second
of the SSH port opening.
"""

from __future__ import annotations

import asyncio

from kiln.communicator.ssh.dial import AttemptFailed, Connection, dial
from kiln.communicator.ssh.errors import (
    SSHAuthenticationError,
    SSHNegotiationError,
    SSHTimeoutError,
    describe,
    is_authentication_failure,
    is_negotiation_failure,
    negotiation_message,
)
from kiln.communicator.ssh.settings import SSHSettings
from kiln.components.durations import format_duration
from kiln.ui.log import get_logger

log = get_logger(__name__)

#: Pause between attempts when the server did not answer or refused the connection.
RETRY_SECONDS = 0.5
#: Pause after a refused login (Packer's), so a server is not flooded with failures.
AUTH_RETRY_SECONDS = 2.0


async def wait_for_ssh(settings: SSHSettings) -> Connection:
    """A logged-in connection, or `SSHTimeoutError` / `SSHAuthenticationError`."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    deadline = started + settings.timeout
    attempts = refused_logins = 0
    reason: BaseException | None = None
    while True:
        attempts += 1
        try:
            return await asyncio.wait_for(
                dial(settings, deadline=deadline), max(deadline - loop.time(), 0.1)
            )
        except (AttemptFailed, TimeoutError) as failure:
            error = failure.cause if isinstance(failure, AttemptFailed) else failure
            log.debug("SSH attempt %d failed: %s", attempts, failure)
            # An attempt cut short by ssh_timeout itself says less than the one before it.
            if isinstance(failure, AttemptFailed) or reason is None:
                reason = failure
            if is_negotiation_failure(error):
                raise _no_agreement(settings, failure) from None
            if is_authentication_failure(error):
                refused_logins += 1
                if refused_logins >= settings.handshake_attempts:
                    raise _refused(
                        settings, failure, refused_logins, loop.time() - started
                    ) from None
                pause = AUTH_RETRY_SECONDS
            else:
                pause = RETRY_SECONDS
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise _timed_out(settings, reason or failure, attempts) from None
            await asyncio.sleep(min(pause, remaining))


def _where(settings: SSHSettings) -> str:
    via = ""
    if settings.bastion is not None:
        via = f" through the bastion {settings.bastion.address}"
    elif settings.proxy is not None:
        via = f" through the SOCKS proxy {settings.proxy.host}:{settings.proxy.port}"
    return settings.target.address + via


def _timed_out(settings: SSHSettings, failure: BaseException, attempts: int) -> SSHTimeoutError:
    return SSHTimeoutError(
        f"Timeout waiting for SSH: tried to connect to {_where(settings)} for "
        f"{settings.timeout_text} ({attempts} attempts); the last one failed: "
        f"{_reason(failure)}.",
        hint="Check that the machine is running and that ssh_host and ssh_port are right, "
        "or allow it longer with ssh_timeout.",
    )


def _no_agreement(settings: SSHSettings, failure: BaseException) -> SSHNegotiationError:
    login = failure.login if isinstance(failure, AttemptFailed) else settings.target
    cause = failure.cause if isinstance(failure, AttemptFailed) else failure
    what, option = negotiation_message(cause)
    return SSHNegotiationError(
        f"SSH negotiation with {login.address} failed: {what}.",
        hint=f"Set {option} to include one the server offers, or leave it unset "
        "for Kiln's defaults.",
    )


def _refused(
    settings: SSHSettings, failure: BaseException, refused: int, elapsed: float
) -> SSHAuthenticationError:
    login = failure.login if isinstance(failure, AttemptFailed) else settings.target
    which = "the bastion" if login is settings.bastion else "the machine"
    tried = ", ".join(login.methods())
    return SSHAuthenticationError(
        f"SSH authentication failed: {which} ({login.address}) refused the login "
        f"{refused} time(s) in {format_duration(round(elapsed))} (tried: {tried}).",
        hint="Check the username, password and keys "
        + (
            "(ssh_bastion_*)"
            if login is settings.bastion
            else "(ssh_username, ssh_password, ssh_private_key_file)"
        )
        + "; ssh_handshake_attempts sets how many logins are tried.",
    )


def _reason(failure: BaseException) -> str:
    if isinstance(failure, AttemptFailed):
        return f"{failure.login.address}: {describe(failure.cause)}"
    return describe(failure)
