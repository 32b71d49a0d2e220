"""Naming tables: everything a human decided about names and wording.

Each table records the entries a run looks up; the driver fails a run that
leaves any unused (see :mod:`.tables`), so a stale entry is noticed the day
the spec stops needing it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .tables import Names, Table


@dataclass(frozen=True)
class Resource:
    """One API resource: a path segment, its module and its service class."""

    module: str
    service: str
    one: str
    many: str
    about: str


def _resources(*entries: Resource) -> Table[str, Resource]:
    return Table("RESOURCES", {r.module: r for r in entries})


# By first path segment, which is also the module and client attribute name.
RESOURCES = _resources(
    Resource(
        "access_ip_ranges",
        "AsyncAccessIpRanges",
        "an access IP range",
        "access IP ranges",
        "IP ranges on the account's access list.",
    ),
    Resource(
        "connections",
        "AsyncConnections",
        "a connection",
        "connections",
        "Read-only view of all connections, whatever their type.",
    ),
    Resource(
        "credential_connections",
        "AsyncCredentialConnections",
        "a credential connection",
        "credential connections",
        "Connections whose SIP devices log in with a username and password.",
    ),
    Resource(
        "fqdn_connections",
        "AsyncFqdnConnections",
        "an FQDN connection",
        "FQDN connections",
        "Connections that reach your equipment through domain names.",
    ),
    Resource(
        "fqdns",
        "AsyncFqdns",
        "an FQDN",
        "FQDNs",
        "Domain names attached to FQDN connections.",
    ),
    Resource(
        "ip_connections",
        "AsyncIpConnections",
        "an IP connection",
        "IP connections",
        "Connections that recognise your equipment by its IP address.",
    ),
    Resource(
        "ips",
        "AsyncIps",
        "an IP address",
        "IP addresses",
        "IP addresses attached to IP connections.",
    ),
    Resource(
        "outbound_voice_profiles",
        "AsyncOutboundVoiceProfiles",
        "an outbound voice profile",
        "outbound voice profiles",
        "Outbound calling settings that connections point to.",
    ),
)

# Component schemas whose Python name differs from the spec's.
SCHEMA_NAMES = Table(
    "SCHEMA_NAMES",
    {
        "AccessIPRangeResponseSchema": "AccessIpRange",
        "AccessIPRangePOST": "CreateAccessIpRangeRequest",
        "CloudflareSyncStatus": "AccessIpRangeStatus",
        "ConnectionNoiseSuppression": "NoiseSuppression",
        "ConnectionRtcpSettings": "RtcpSettings",
        "ConnectionJitterBuffer": "JitterBuffer",
        "ConnectionNoiseSuppressionDetails": "NoiseSuppressionDetails",
        "OutboundCallRecording": "CallRecording",
    },
)

# Nested request components that keep their own name instead of "<Name>Params".
KEEP_REQUEST_NAMES = Names("KEEP_REQUEST_NAMES", {"CreateInboundIpRequest"})

# Inline ``data`` objects of responses, by operationId.
INLINE_DATA_NAMES = Table(
    "INLINE_DATA_NAMES", {"CheckRegistrationStatus": "RegistrationStatus"}
)

# Inline enums whose field name alone would be unclear or would clash with
# another enum, by location (see scripts/gen/registry.py). Every other inline
# enum is named after its field.
INLINE_ENUM_NAMES = Table(
    "INLINE_ENUM_NAMES",
    {
        "ConnectionRtcpSettings.port": "RtcpPort",
        "ConnectionNoiseSuppressionDetails.engine": "NoiseSuppressionEngine",
        "CheckRegistrationStatus.data.status": "RegistrationState",
        "OutboundIp.ip_authentication_method": "IpConnectionAuthenticationMethod",
        "OutboundFqdn.ip_authentication_method": "FqdnConnectionAuthenticationMethod",
        "CreateCredentialConnectionRequest.webhook_api_version": (
            "CredentialWebhookApiVersion"
        ),
        "IpConnection.transport_protocol": "FqdnConnectionTransportProtocol",
        "CreateIpConnectionRequest.transport_protocol": (
            "FqdnConnectionTransportProtocol"
        ),
        "UpdateIpConnectionRequest.transport_protocol": (
            "FqdnConnectionTransportProtocol"
        ),
    },
)

# Sort parameters (by component parameter name) and their Literal alias.
SORT_ALIASES = Table(
    "SORT_ALIASES",
    {
        "connections_SortConnection": "ConnectionSort",
        "SortOutboundVoiceProfile": "OutboundVoiceProfileSort",
    },
)

# Hand-written summaries of the top-level response objects.
RESPONSE_DOCS = Table(
    "RESPONSE_DOCS",
    {
        "AccessIpRange": "An IP range on the account's access list.",
        "Connection": "A connection of any type, with the settings all types share.",
        "CredentialConnection": (
            "A connection whose devices log in with SIP credentials."
        ),
        "FqdnConnection": "A connection that reaches your equipment by domain name.",
        "Fqdn": "A domain name attached to an FQDN connection.",
        "IpConnection": "A connection that recognises your equipment by IP address.",
        "Ip": "An IP address attached to an IP connection.",
        "OutboundVoiceProfile": "Outbound calling settings shared by connections.",
        "RegistrationStatus": "The SIP registration state of a credential connection.",
    },
)

# Fields whose values must never show in a repr.
SECRET_FIELDS = Names("SECRET_FIELDS", {"password", "ip_authentication_token"})

# Order of the service methods; actions (such as check_registration_status)
# follow by name. Services, the metadata and the sync twin all use it.
METHOD_ORDER = ("list", "create", "retrieve", "update", "delete")

# POST actions that are safe to repeat.
IDEMPOTENT_POSTS = Names(
    "IDEMPOTENT_POSTS", {"credential_connections.check_registration_status"}
)

# First words of each method's docstring; ``{one}`` and ``{many}`` come from
# the resource's entry.
METHOD_DOCS = Table(
    "METHOD_DOCS",
    {
        "list": "List {many}",
        "create": "Create {one}",
        "retrieve": "Get {one} by id",
        "update": "Update {one}",
        "delete": "Delete {one}",
        "check_registration_status": "Check whether {one} is registered",
    },
)

# What identifies an object a create makes, by resource: the create fields,
# and for each the list argument that searches for it. Checked against the
# spec: the fields must be create-body fields, the filters list arguments.
NATURAL_KEYS = Table(
    "NATURAL_KEYS",
    {
        "access_ip_ranges": (("cidr_block",), (("cidr_block", "filter_cidr_block"),)),
        "credential_connections": (
            ("connection_name",),
            (("connection_name", "filter_connection_name_contains"),),
        ),
        "fqdn_connections": (
            ("connection_name",),
            (("connection_name", "filter_connection_name_contains"),),
        ),
        "fqdns": (
            ("connection_id", "fqdn"),
            (("connection_id", "filter_connection_id"), ("fqdn", "filter_fqdn")),
        ),
        "ip_connections": (
            ("connection_name",),
            (("connection_name", "filter_connection_name_contains"),),
        ),
        "ips": (
            ("connection_id", "ip_address"),
            (
                ("connection_id", "filter_connection_id"),
                ("ip_address", "filter_ip_address"),
            ),
        ),
        "outbound_voice_profiles": (("name",), (("name", "filter_name_contains"),)),
    },
)

# A resource object's identity, in this order: on the response model of an
# operation's data object that has an ``id``, these fields (those it has) are
# required, whatever the spec's ``required`` says, so ``conn.id`` is a
# ``str`` and a 2xx object without it fails to structure. They come first,
# and they lead the model's repr.
IDENTITY_FIELDS = ("id", "record_type")

# What a response model's repr shows besides its identity: the first
# ``REPR_PREFERRED_COUNT`` of these fields the model has, in this order
# (see scripts/gen/reprs.py). Secrets are never shown.
REPR_PREFERRED = Table(
    "REPR_PREFERRED",
    {
        name: rank
        for rank, name in enumerate(
            (
                "connection_name",
                "name",
                "cidr_block",
                "fqdn",
                "ip_address",
                "port",
                "connection_id",
                "status",
                "active",
                "enabled",
            )
        )
    },
)
REPR_PREFERRED_COUNT = 3
# No repr shows more fields than this.
REPR_MAX_FIELDS = 5
