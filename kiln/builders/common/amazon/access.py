"""How the Amazon components authenticate and which region they work in
(the plugin's `AccessConfig`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kiln.components.config import Config, Problems, block, option


@dataclass(kw_only=True)
class AssumeRole(Config):
    """The `assume_role` block: a role to assume with the credentials found."""

    role_arn: str = option("", doc="The ARN of the role to assume.")
    duration_seconds: int = option(0, doc="How long the assumed role's session lasts.")
    external_id: str = option("", doc="The external ID the role may require.")
    policy: str = option("", doc="An IAM policy (JSON) further restricting the session.")
    policy_arns: tuple[str, ...] = option(
        (), doc="ARNs of managed policies further restricting the session."
    )
    session_name: str = option("", doc="The session's name.")
    tags: Mapping[str, str] = option(default_factory=dict, doc="Session tags.")
    transitive_tag_keys: tuple[str, ...] = option(
        (), doc="Session tag keys passed on to further role chaining."
    )


@dataclass(kw_only=True)
class VaultAWSEngine(Config):
    """The `vault_aws_engine` block: get credentials from Vault's AWS secrets engine."""

    name: str = option("", doc="The Vault role to read credentials for.")
    role_arn: str = option("", doc="The role ARN for STS credentials (assumed_role roles).")
    ttl: str = option("", doc='How long the STS credentials last ("3600s").')
    engine_name: str = option("", doc='The engine\'s mount path ("aws" unless set).')

    @property
    def is_empty(self) -> bool:
        """Whether no option of the block is set."""
        return not (self.name or self.role_arn or self.ttl or self.engine_name)


@dataclass(kw_only=True)
class AWSPolling(Config):
    """The `aws_polling` block: how long to wait for AWS resources to be ready."""

    delay_seconds: int = option(0, doc="Seconds between two polls (AWS_POLL_DELAY_SECONDS).")
    max_attempts: int = option(0, doc="How many polls before giving up (AWS_MAX_ATTEMPTS).")


@dataclass(kw_only=True)
class AccessConfig(Config):
    """Credentials (keys, profile, shared file, Vault), region and API behaviour."""

    access_key: str = option(
        "", sensitive=True, doc="The access key; from the environment or profile unless set."
    )
    secret_key: str = option(
        "", sensitive=True, doc="The secret key; from the environment or profile unless set."
    )
    token: str = option("", sensitive=True, doc="A session token (AWS_SESSION_TOKEN).")
    region: str = option("", doc="The region to build in (AWS_DEFAULT_REGION unless set).")
    profile: str = option("", doc="A profile of the shared credentials file.")
    shared_credentials_file: str = option(
        "", doc="The shared credentials file; ~/.aws/credentials unless set."
    )
    assume_role: AssumeRole | None = block(doc="A role to assume.")
    custom_endpoint_ec2: str = option("", doc="Another EC2 endpoint URL (for compatible clouds).")
    decode_authorization_messages: bool = option(
        False, doc="Decode authorization failure messages (needs sts:DecodeAuthorizationMessage)."
    )
    insecure_skip_tls_verify: bool = option(
        False, doc="Do not verify the endpoint's TLS certificate."
    )
    max_retries: int = option(0, doc="How often a failed API call is retried; 10 unless set.")
    mfa_code: str = option("", doc="An MFA token code, with assume_role.")
    skip_metadata_api_check: bool = option(False, doc="Ignored (kept for old templates).")
    skip_credential_validation: bool = option(
        False, doc="Do not check the credentials with STS before using them."
    )
    vault_aws_engine: VaultAWSEngine | None = block(doc="Get credentials from Vault.")
    aws_polling: AWSPolling | None = block(doc="How resources are waited for.")

    def check_access(self, problems: Problems) -> None:
        """One source of keys; both keys or neither."""
        vault = self.vault_aws_engine
        if vault is not None and not vault.is_empty and self.access_key:
            problems.add(
                "If you have set vault_aws_engine, you must not set the access_key or secret_key.",
                "access_key",
            )
        if self.is_known("access_key", "secret_key") and bool(self.access_key) != bool(
            self.secret_key
        ):
            problems.add(
                "`access_key` and `secret_key` must both be either set or not set.",
                "access_key" if self.access_key else "secret_key",
            )
