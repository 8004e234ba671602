"""How the Azure builder authenticates (the plugin's client `Config`)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from kiln.components.config import Config, Problems, option

_NO_AUTHENTICATION = (
    "No valid set of authentication values specified:\n"
    "  to use the Managed Identity of the current machine, do not specify any of the fields "
    "below:\n"
    "  - client_secret\n"
    "  - client_jwt\n"
    "  - client_cert_path\n"
    "  - use_azure_cli_auth\n"
    "  to use an Azure Active Directory service principal, specify either:\n"
    "  - subscription_id, client_id and client_secret\n"
    "  - subscription_id, client_id and client_cert_path\n"
    "  - subscription_id, client_id and client_jwt\n"
    "  - subscription_id, client_id, oidc_request_url, and oidc_request_token."
)


@dataclass(kw_only=True)
class ClientConfig(Config):
    """Credentials: a service principal (secret, certificate or JWT), the Azure CLI's
    login, or (none given) the managed identity of the machine running the build."""

    cloud_environment_name: str = option("Public", doc='"Public", "China" or "USGovernment".')
    metadata_host: str = option(
        "", doc="The metadata service of a custom cloud (ARM_METADATA_HOST)."
    )
    client_id: str = option("", doc="The service principal's application ID.")
    client_secret: str = option("", sensitive=True, doc="The service principal's secret.")
    client_cert_path: str = option("", doc="A PKCS#12 (.pfx) client certificate.")
    client_cert_password: str = option("", sensitive=True, doc="The password of client_cert_path.")
    client_jwt: str = option("", sensitive=True, doc="A JWT bearer token for the principal.")
    object_id: str = option("", doc="The principal's object ID (derived from the token).")
    tenant_id: str = option("", doc="The tenant; looked up from the subscription unless set.")
    subscription_id: str = option("", doc="The subscription to build in.")
    oidc_request_token: str = option(
        "", sensitive=True, doc="With oidc_request_url: GitHub Actions' OIDC request token."
    )
    oidc_request_url: str = option("", doc="With oidc_request_token: GitHub Actions' OIDC URL.")
    use_azure_cli_auth: bool = option(
        False, doc="Use the credentials of `az login` (ignores the others)."
    )

    def check_client(self, problems: Problems) -> None:
        """One complete way to authenticate (the plugin's Validate)."""
        if not self.is_known(
            "client_id",
            "client_secret",
            "client_cert_path",
            "client_jwt",
            "subscription_id",
            "oidc_request_token",
            "oidc_request_url",
        ):
            return
        if self.use_azure_cli_auth:
            return
        secret, cert, jwt = self.client_secret, self.client_cert_path, self.client_jwt
        oidc = (self.oidc_request_token, self.oidc_request_url)
        if not (secret or jwt or cert or self.tenant_id or any(oidc)):
            return  # the machine's managed identity
        principal = bool(self.subscription_id and self.client_id)
        if principal and secret and not cert and not jwt:
            return
        if principal and cert and not secret and not jwt:
            if not os.path.exists(cert):
                problems.add(
                    "client_cert_path is not an accessible file: stat "
                    f"{cert}: no such file or directory",
                    "client_cert_path",
                )
            return
        if principal and jwt and not secret and not cert:
            if jwt.count(".") != 2:
                problems.add(
                    "client_jwt is not a JWT: token contains an invalid number of segments",
                    "client_jwt",
                )
            return
        if principal and all(oidc):
            return
        problems.add(_NO_AUTHENTICATION, "client_id")
