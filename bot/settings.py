"""Settings: one pydantic-settings section per concern, read from the environment and `.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import unquote, urlsplit, urlunsplit

from pydantic import (
    BaseModel,
    Field,
    PrivateAttr,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.timezones import check_timezone

ROLE_NAMES = ("admin", "editor", "viewer")
DEFAULT_USER_AGENT = "KeitaroTelegramBot/0.1 (+https://github.com/; aiohttp)"


class _Section(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_file_encoding="utf-8")


class KeitaroSettings(_Section):
    """KEITARO_*: where the tracker is and how to talk to it."""

    model_config = SettingsConfigDict(env_prefix="KEITARO_")

    url: str = Field(description="Tracker base URL, e.g. https://tracker.example.com")
    api_key: SecretStr = Field(description="Admin API key, sent as the Api-Key header")
    postback_key: SecretStr | None = Field(
        default=None, description="Postback key (Maintenance → Postback URL) for conversions"
    )
    timeout: float = Field(default=30.0, gt=0, le=600)
    user_agent: str = DEFAULT_USER_AGENT
    max_concurrency: int = Field(default=8, ge=1, le=256)
    retries: int = Field(default=2, ge=0, le=5, description="Extra attempts for reads")
    timezone: str = "UTC"
    report_dialect: Literal["grouping", "dimensions"] = "grouping"
    max_rows: int = Field(default=1000, ge=100, le=100_000,
                          description="Rows a reply asks the tracker for (and keeps) at most")
    max_answer_mb: int = Field(default=10, ge=1, le=1024,
                               description="Megabytes of one answer the client reads at most")
    # a login inside KEITARO_URL (`https://user:pass@host`), split off the URL: the URL the
    # bot sends to, shows, logs and stores has none; aiohttp sends these as Basic auth
    _login: tuple[str, SecretStr] | None = PrivateAttr(default=None)

    @field_validator("url")
    @classmethod
    def _normalise_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        for suffix in ("/admin_api/v1", "/admin_api"):
            if value.endswith(suffix):
                value = value[: -len(suffix)]
        return value

    @model_validator(mode="after")
    def _split_login(self) -> KeitaroSettings:
        parts = urlsplit(self.url)
        userinfo, at, host = parts.netloc.rpartition("@")
        if at:
            user, _, password = userinfo.partition(":")
            self._login = (unquote(user), SecretStr(unquote(password)))
            self.url = urlunsplit(parts._replace(netloc=host))
        return self

    @property
    def basic_auth(self) -> tuple[str, str] | None:
        """(user, password) from KEITARO_URL, if it held a login."""
        if self._login is None:
            return None
        return self._login[0], self._login[1].get_secret_value()

    def secrets(self) -> list[str]:
        """The API key, the postback key and the password of KEITARO_URL, if any."""
        values = [self.api_key, self.postback_key, self._login[1] if self._login else None]
        return [v.get_secret_value() for v in values if v is not None and v.get_secret_value()]

    @field_validator("api_key")
    @classmethod
    def _key_not_blank(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().strip():
            raise ValueError("must not be empty")
        return value

    _known_timezone = field_validator("timezone")(check_timezone)

    @property
    def api_base(self) -> str:
        return f"{self.url}/admin_api/v1"


class TelegramSettings(_Section):
    """TELEGRAM_*: the bot's token and, optionally, another Bot API server."""

    model_config = SettingsConfigDict(env_prefix="TELEGRAM_")

    bot_token: SecretStr
    api_url: str | None = None
    rich_messages: Literal["auto", "off"] = Field(
        default="auto", alias="RICH_MESSAGES",
        description="auto: replies as rich messages (tables, details) where Telegram takes "
                    "them, plain HTML where not; off: plain HTML always")

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        token = value.get_secret_value()
        left, _, right = token.partition(":")
        if not left.isdigit() or len(right) < 1:
            raise ValueError("does not look like a bot token (<digits>:<secret> from @BotFather)")
        return value


class AccessSettings(_Section):
    """ALLOWED_USERS: who may use the bot, and with which role."""

    allowed_users: Annotated[dict[int, str], NoDecode] = Field(default_factory=dict)
    refusal_cooldown: float = Field(default=600.0, ge=0, alias="ACCESS_REFUSAL_COOLDOWN")

    @field_validator("allowed_users", mode="before")
    @classmethod
    def _parse(cls, value: object) -> object:
        if isinstance(value, str):
            return parse_allowed_users(value)
        return value


class WebhookSettings(_Section):
    """WEBHOOK_*: set WEBHOOK_URL to receive updates by webhook instead of long polling."""

    model_config = SettingsConfigDict(env_prefix="WEBHOOK_")

    url: str | None = None
    host: str = "0.0.0.0"  # noqa: S104 - a webhook server listens on every interface
    port: int = Field(default=8080, ge=1, le=65535)
    path: str = "/webhook"
    secret: SecretStr | None = None

    @model_validator(mode="after")
    def _secret_with_url(self) -> WebhookSettings:
        if self.url:
            if not self.url.startswith("https://") and not self.url.startswith("http://"):
                raise ValueError("WEBHOOK_URL must be an http(s) URL")
            if self.secret is None or not self.secret.get_secret_value():
                raise ValueError("WEBHOOK_SECRET is required when WEBHOOK_URL is set")
            secret = self.secret.get_secret_value()
            if not all(c.isalnum() or c in "_-" for c in secret) or len(secret) > 256:
                raise ValueError("WEBHOOK_SECRET may hold only A-Z, a-z, 0-9, _ and -")
        return self


class StorageSettings(_Section):
    """Where conversation state, the audit journal and subscriptions are kept."""

    data_dir: Path = Field(default=Path("data"), alias="DATA_DIR")
    redis_url: str | None = Field(default=None, alias="REDIS_URL")
    flow_ttl: float = Field(default=1800.0, ge=1, le=7 * 86400, alias="FLOW_TTL",
                            description="Seconds a flow waits for an answer, then expires")
    sqlite_busy_timeout: float = Field(
        default=3.0, ge=0.1, le=60, alias="SQLITE_BUSY_TIMEOUT",
        description="Seconds a storage call waits for a SQLite file another process holds")


class NotifySettings(_Section):
    """NOTIFY_*: how often digests and alerts are checked."""

    model_config = SettingsConfigDict(env_prefix="NOTIFY_")

    enabled: bool = True
    tick: float = Field(default=15.0, ge=1, le=3600, description="Seconds between rounds")
    conversions_every: float = Field(default=60.0, ge=5, le=86400)
    rules_every: float = Field(default=300.0, ge=30, le=86400)
    max_per_chat: int = Field(default=20, ge=1, le=1000,
                              description="Active alerts, and digests, one chat may hold")
    max_per_user: int = Field(default=50, ge=1, le=10_000,
                              description="Active alerts, and digests, one person may add")


class ReportSettings(_Section):
    """REPORT_*: what a report row needs to be ranked by a ratio (ROI by cost, CR and EPC by
    clicks): rows under it are left out of that sort, and the report says how many; how long
    a card's and the glance's numbers are reused."""

    model_config = SettingsConfigDict(env_prefix="REPORT_")

    min_cost: float = Field(default=5.0, ge=0, le=1_000_000,
                            description="Spend a row needs to be ranked by ROI")
    min_clicks: int = Field(default=30, ge=0, le=1_000_000,
                            description="Clicks a row needs to be ranked by CR or EPC")
    numbers_ttl: float = Field(
        default=60.0, ge=0, le=3600,
        description="Seconds a card's and the glance's report reads are reused (0: never); "
                    "any change the bot sends drops them")


class ChangesSettings(_Section):
    """How long a change can be undone, and how long a postback's outcome is awaited."""

    undo_hours: float = Field(default=24.0, ge=0, le=24 * 90, alias="UNDO_HOURS",
                              description="Hours a change's Undo is offered (0: never)")
    postback_confirm_seconds: float = Field(
        default=5.0, ge=0, le=60, alias="POSTBACK_CONFIRM_SECONDS",
        description="Seconds a conversion is read back after its postback was queued")


class LogSettings(_Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(default="INFO", alias="LOG_LEVEL")


def parse_allowed_users(value: str) -> dict[int, str]:
    """`111,222:editor,333:viewer` → {111: "admin", 222: "editor", 333: "viewer"}."""
    users: dict[int, str] = {}
    for raw in value.replace(";", ",").split(","):
        item = raw.strip()
        if not item:
            continue
        uid, _, role = item.partition(":")
        role = role.strip().lower() or "admin"
        if not uid.strip().isdigit() or int(uid) <= 0:
            raise ValueError(f"{item!r} is not a Telegram user id")
        if role not in ROLE_NAMES:
            raise ValueError(f"{item!r}: role must be one of {', '.join(ROLE_NAMES)}")
        users[int(uid)] = role
    return users


class Settings(BaseModel):
    """Everything the bot needs to run for real."""

    telegram: TelegramSettings
    keitaro: KeitaroSettings
    access: AccessSettings
    webhook: WebhookSettings
    storage: StorageSettings
    notify: NotifySettings = Field(default_factory=NotifySettings)
    changes: ChangesSettings = Field(default_factory=ChangesSettings)
    reports: ReportSettings = Field(default_factory=ReportSettings)
    log: LogSettings

    def secrets(self) -> list[str]:
        """Every secret value, for scrubbing logs and messages."""
        values = [self.telegram.bot_token, self.webhook.secret]
        found = [v.get_secret_value() for v in values if v is not None]
        redis = urlsplit(self.storage.redis_url or "")
        return found + self.keitaro.secrets() + ([unquote(redis.password)]
                                                 if redis.password else [])


class SettingsError(Exception):
    """Settings are missing or invalid; `problems` holds one line each, with no secret in it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _describe(section: type[BaseSettings], error: ValidationError) -> list[str]:
    prefix = section.model_config.get("env_prefix", "")
    lines = []
    for item in error.errors(include_input=False, include_url=False):
        loc = item["loc"]
        field = str(loc[0]) if loc else ""
        info = section.model_fields.get(field)
        name = (info.alias if info and info.alias else f"{prefix}{field}").upper()
        if not field:
            lines.append(str(item["msg"]).removeprefix("Value error, "))
            continue
        message = "is required" if item["type"] == "missing" else str(item["msg"])
        lines.append(f"{name} {message.removeprefix('Value error, ')}")
    return lines


def load_settings(env_file: str | Path | None = ".env") -> Settings:
    """Read every section, collecting all problems before failing."""
    sections: dict[str, BaseSettings] = {}
    problems: list[str] = []
    for name, cls in (
        ("telegram", TelegramSettings),
        ("keitaro", KeitaroSettings),
        ("access", AccessSettings),
        ("webhook", WebhookSettings),
        ("storage", StorageSettings),
        ("notify", NotifySettings),
        ("changes", ChangesSettings),
        ("reports", ReportSettings),
        ("log", LogSettings),
    ):
        try:
            sections[name] = cls(_env_file=env_file)
        except ValidationError as exc:
            problems.extend(_describe(cls, exc))
    access = sections.get("access")
    if isinstance(access, AccessSettings) and not access.allowed_users:
        problems.append("ALLOWED_USERS is required: comma-separated Telegram user ids")
    if problems:
        raise SettingsError(problems)
    return Settings.model_validate(sections)
