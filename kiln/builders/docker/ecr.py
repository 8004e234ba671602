"""Amazon ECR logins (`ecr_login`) for the docker builder and docker-push.

ECR has no fixed password: AWS's GetAuthorizationToken gives a short-lived
one for the account in `login_server`
(`ACCOUNT.dkr.ecr.REGION.amazonaws.com`), or, for ECR Public
(`public.ecr.aws/...` or `aws_force_use_public_ecr`), from ecr-public in
us-east-1, as Packer does. The token decodes to `USER:PASSWORD`, which then
logs in like `login_username`/`login_password`.

The AWS SDK for Python (boto3) is an optional dependency (`kiln[ecr]`): it
is imported only when a template asks for ECR. Credentials come from the
`aws_*` options, else boto3's usual chain (environment, shared files,
instance roles); `AWS_ENDPOINT_URL`/`AWS_ENDPOINT_URL_ECR` point it at
another endpoint (the tests use an AWS API emulator).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import Any

from kiln.errors import KilnError
from kiln.ui.log import get_logger
from kiln.ui.redact import register_secret

log = get_logger(__name__)

PUBLIC_HOST = "public.ecr.aws/"
#: ECR Public authenticates in this region only.
PUBLIC_REGION = "us-east-1"
_PRIVATE = re.compile(r"(?:https?://)?(\d*)\.dkr\.ecr\.([^/]+?)\.amazonaws\.com")


@dataclass(frozen=True)
class AwsAccess:
    """The `aws_*` options."""

    access_key: str = ""
    secret_key: str = ""
    token: str = ""
    profile: str = ""
    force_public: bool = False


def ecr_credentials(server: str, access: AwsAccess) -> tuple[str, str]:
    """The (user, password) that logs in to the ECR registry `server`; both registered secret."""
    public = access.force_public or PUBLIC_HOST in server
    if public:
        region, account = PUBLIC_REGION, ""
    else:
        found = _PRIVATE.search(server)
        if found is None:
            raise KilnError(
                f"Failed to parse the ECR URL: {server} it should be on the form "
                "<account number>.dkr.ecr.<region>.amazonaws.com"
            )
        account, region = found.group(1), found.group(2)
    log.info("Getting ECR token for account %s in %s", account or "(public)", region)
    encoded = _token(access, region, public, account)
    try:
        user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError) as error:
        raise KilnError(f"Error decoding ECR AuthorizationToken: {error}") from None
    register_secret(password)
    register_secret(encoded)
    return user, password


def _token(access: AwsAccess, region: str, public: bool, account: str) -> str:
    """The base64 `USER:PASSWORD` token AWS gives for the registry."""
    try:
        import boto3  # noqa: PLC0415  (optional: only templates with ecr_login need it)
        import botocore.exceptions  # noqa: PLC0415
    except ImportError:
        raise KilnError(
            "ecr_login needs the AWS SDK for Python (boto3), which is not installed.",
            hint="Install it into Kiln's environment: `pip install boto3` (or `pip install "
            "kiln[ecr]`).",
        ) from None
    for secret in (access.secret_key, access.token):
        if secret:
            register_secret(secret)
    try:
        session = boto3.session.Session(
            aws_access_key_id=access.access_key or None,
            aws_secret_access_key=access.secret_key or None,
            aws_session_token=access.token or None,
            profile_name=access.profile or None,
            region_name=region,
        )
        if public:
            answer: Any = session.client("ecr-public").get_authorization_token()
            return str(answer["authorizationData"]["authorizationToken"])
        answer = session.client("ecr").get_authorization_token(registryIds=[account])
        return str(answer["authorizationData"][0]["authorizationToken"])
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as error:
        raise KilnError(str(error)) from None
    except (KeyError, IndexError, TypeError) as error:
        raise KilnError(f"ECR returned no authorization data ({error!r})") from None
