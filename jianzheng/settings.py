"""The one settings module. Every value comes from the environment, parsed strictly,
with production-safe defaults; `.env.example` lists them all."""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}")


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def env_networks(name: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Comma-separated IP addresses or CIDR networks (10.0.0.0/8, 2001:db8::/32); empty for none.
    Host bits set (10.0.0.1/8), ports and host names are refused, not guessed at."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ()
    networks = []
    for part in raw.split(","):
        try:
            networks.append(ipaddress.ip_network(part.strip(), strict=True))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"{name} must be comma-separated IP addresses or networks, got {part!r}: {error}"
            ) from None
    return tuple(networks)


DATA_DIR = Path(os.environ.get("JIANZHENG_DATA_DIR", "data")).resolve()
DEBUG = env_bool("JIANZHENG_DEBUG", False)
SECRET_KEY = os.environ.get("JIANZHENG_SECRET_KEY", "")
if not SECRET_KEY:
    # Sessions need a stable key; keep one per deployment in the data folder (mode 0600),
    # never in the repository.
    _key_file = DATA_DIR / "secret_key"
    if _key_file.exists():
        SECRET_KEY = _key_file.read_text().strip()
    else:
        import secrets

        DATA_DIR.mkdir(parents=True, exist_ok=True)
        try:
            _fd = os.open(_key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another worker won the race
            SECRET_KEY = _key_file.read_text().strip()
        else:
            SECRET_KEY = secrets.token_urlsafe(50)
            with os.fdopen(_fd, "w") as fh:
                fh.write(SECRET_KEY)

ALLOWED_HOSTS = env_list("JIANZHENG_ALLOWED_HOSTS", "127.0.0.1,localhost")
PUBLIC_URL = os.environ.get("JIANZHENG_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = [PUBLIC_URL] if PUBLIC_URL.startswith("https://") else []

# 宁夏: "对未纳入清单的证明事项,村(社区)一律不再出具或配合出具" (永民发〔2020〕91号 三(三)一).
# Other provinces allow some off-list certification, hence a per-deployment switch.
REFUSE_UNLISTED_ITEMS = env_bool("JIANZHENG_REFUSE_UNLISTED", True)
# The county the portal shows before a visitor picks one (6-digit code); empty = the only county.
DEFAULT_COUNTY = os.environ.get("JIANZHENG_DEFAULT_COUNTY", "").strip()
# Usernames of the credit information platform's accounts that receive full ID numbers in the
# credit-record export (二(七) 纳入信用信息共享平台); everyone else gets them masked.
CREDIT_ID_RECEIVERS = env_list("JIANZHENG_CREDIT_RECEIVERS", "")
# Seconds a server process trusts its in-memory search index before checking for a new
# catalogue version.
SEARCH_INDEX_TTL = float(os.environ.get("JIANZHENG_SEARCH_INDEX_TTL", "1"))
# Per-client request budgets on login and verification (jianzheng.core.throttle).
THROTTLE_ENABLED = env_bool("JIANZHENG_THROTTLE", True)
# Our own reverse proxies. Only a request from one of them has its X-Forwarded-For read
# (jianzheng.core.clientaddr); from anyone else the header is the client's to forge.
TRUSTED_PROXIES = env_networks("JIANZHENG_TRUSTED_PROXIES")
DEPLOYMENT_NAME = os.environ.get("JIANZHENG_DEPLOYMENT_NAME", "永宁县")
# The sharing adapter to holders outside the platform (docs/sharing-adapter.md): seconds to wait
# for one answer, further tries after a timeout or a lost connection, seconds between them.
SHARING_ADAPTER_TIMEOUT = float(os.environ.get("JIANZHENG_SHARING_TIMEOUT", "10"))
SHARING_ADAPTER_RETRIES = int(os.environ.get("JIANZHENG_SHARING_RETRIES", "2"))
# Notifications to residents, sent by the task runner from the outbox (jianzheng.core.notify).
SMTP_HOST = os.environ.get("JIANZHENG_SMTP_HOST", "127.0.0.1")
SMTP_PORT = int(os.environ.get("JIANZHENG_SMTP_PORT", "25"))
SMTP_USER = os.environ.get("JIANZHENG_SMTP_USER", "")
SMTP_PASSWORD = os.environ.get("JIANZHENG_SMTP_PASSWORD", "")
SMTP_TLS = env_bool("JIANZHENG_SMTP_TLS", False)
MAIL_FROM = os.environ.get("JIANZHENG_MAIL_FROM", "jianzheng@localhost")
SMS_URL = os.environ.get("JIANZHENG_SMS_URL", "")
SMS_TOKEN = os.environ.get("JIANZHENG_SMS_TOKEN", "")
# Complaint deadlines in working days (永民发〔2020〕91号 二(五); issue 11): first response,
# resolution, and the further days after which an overdue case goes up one level.
COMPLAINT_FIRST_RESPONSE_DAYS = int(os.environ.get("JIANZHENG_COMPLAINT_FIRST_RESPONSE", "2"))
COMPLAINT_RESOLUTION_DAYS = int(os.environ.get("JIANZHENG_COMPLAINT_RESOLUTION", "10"))
COMPLAINT_ESCALATION_DAYS = int(os.environ.get("JIANZHENG_COMPLAINT_ESCALATION", "3"))
SHARING_ADAPTER_BACKOFF = float(os.environ.get("JIANZHENG_SHARING_BACKOFF", "1"))


def env_ints(name: str, default: str) -> tuple[int, ...]:
    raw = os.environ.get(name, default)
    try:
        return tuple(int(part) for part in raw.split(","))
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={raw}: 应为逗号分隔的整数 / integers, comma-separated"
        ) from None


# scrypt cost of the holder tag in new tokens, "log2(N),r,p" (docs/security.md): 2**15 * 8 * 128
# bytes = 32 MiB and ~0.1 s of one core per issue and per holder check. Old tokens carry their own.
HOLDER_KDF = env_ints("JIANZHENG_HOLDER_KDF", "15,8,1")

# The key-encryption key of personal data at rest (core/pii.py), for app servers that share a
# database: "kid:base64[,kid:base64…]", the first one active. Unset: DATA_DIR/keys/pii-kek.json.
PII_KEY = os.environ.get("JIANZHENG_PII_KEY", "")


def env_font(name: str) -> tuple[str, int] | None:
    """ "path" or "path#index" (the face inside a .ttc) of a file that exists, or None if unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    path, _, index = raw.partition("#")
    if not os.path.isfile(path):
        raise ImproperlyConfigured(f"{name}={raw}: 字体文件不存在 / font file not found")
    if index and not index.isdigit():
        raise ImproperlyConfigured(
            f"{name}={raw}: '#' 后应为数字 / the part after '#' must be a number"
        )
    return path, int(index or 0)


# The Chinese TrueType font embedded in PDFs; None: the shipped serif face (core/fonts.py).
PDF_FONT = env_font("JIANZHENG_FONT")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from its own static files, not a CDN
    # Admins' optional second factor (accounts.second_factor): TOTP devices and their migrations.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "jianzheng.core",
    "jianzheng.regions",
    "jianzheng.accounts",
    "jianzheng.documents",
    "jianzheng.catalogue",
    "jianzheng.certificates",
    "jianzheng.sharing",
    "jianzheng.complaints",
    "jianzheng.commitments",
    "jianzheng.workitems",
    "jianzheng.signage",
    "jianzheng.campaign",
    "jianzheng.evaluation",
    "jianzheng.reporting",
    "jianzheng.web",
    "jianzheng.operations",
]

MIDDLEWARE = [
    "jianzheng.core.requestlog.RequestIdMiddleware",
    # Outside the throttle, so a 429 gets the policy and no-store too.
    "jianzheng.core.headers.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "jianzheng.core.throttle.ThrottleMiddleware",
    "jianzheng.core.nul.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "jianzheng.urls"
WSGI_APPLICATION = "jianzheng.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jianzheng.web.context.site",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'jianzheng.sqlite3'}"
    if not url.startswith(("sqlite://", "postgres://", "postgresql://")):
        raise ImproperlyConfigured("DATABASE_URL must be sqlite:///… or postgres://…")
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # stack-notes: WAL + IMMEDIATE transactions keep concurrent writers from deadlocking.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
        config["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
    return config


def _replica(primary: dict) -> dict | None:
    """DATABASE_REPLICA_URL: a streaming replica of the primary (core/replica.py). PostgreSQL only;
    a county on SQLite has no replica and nothing changes."""
    url = os.environ.get("DATABASE_REPLICA_URL", "").strip()
    if not url:
        return None
    if primary["ENGINE"] != "django.db.backends.postgresql" or not url.startswith(
        ("postgres://", "postgresql://")
    ):
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL needs PostgreSQL for both DATABASE_URL and the replica"
        )
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    # A dead replica must cost a request seconds at most, then the primary answers.
    config["OPTIONS"] = {"connect_timeout": int(os.environ.get("JIANZHENG_REPLICA_TIMEOUT", "2"))}
    # The test runner makes no database of its own for it: it reads the primary's.
    config["TEST"] = {"MIRROR": "default"}
    return config


# Behind pgbouncer in transaction mode a connection may change between two statements: no
# server-side cursors (Django would use them for .iterator()); Django already sends no
# prepared statements to psycopg 3 (prepare_threshold None) unless told to. true: both aliases;
# primary / replica: only that one (a replica reached directly keeps the ledger export's
# server-side cursor, and so its constant memory).
_PGBOUNCER = os.environ.get("JIANZHENG_PGBOUNCER", "false").strip().lower() or "false"
_PGBOUNCER_ALIASES = {
    "false": (),
    "true": ("default", "replica"),
    "primary": ("default",),
    "replica": ("replica",),
}
if _PGBOUNCER not in _PGBOUNCER_ALIASES:
    raise ImproperlyConfigured("JIANZHENG_PGBOUNCER must be false, true, primary or replica")
DATABASES = {"default": _database()}
_replica_config = _replica(DATABASES["default"])
if _replica_config is not None:
    DATABASES["replica"] = _replica_config
for _name in _PGBOUNCER_ALIASES[_PGBOUNCER]:
    if _name in DATABASES and DATABASES[_name]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES[_name]["DISABLE_SERVER_SIDE_CURSORS"] = True
# Read routing (core/replica.py): seconds a browser that wrote reads from the primary, the
# replication lag beyond which the replica is not read, seconds a probe's verdict is trusted,
# and the GET paths whose reads tolerate lag.
REPLICA_PIN_SECONDS = int(os.environ.get("JIANZHENG_REPLICA_PIN_SECONDS", "5"))
REPLICA_MAX_LAG = float(os.environ.get("JIANZHENG_REPLICA_MAX_LAG", "2"))
REPLICA_CHECK_SECONDS = float(os.environ.get("JIANZHENG_REPLICA_CHECK_SECONDS", "1"))
REPLICA_PATHS = [
    part.strip()
    for part in (
        os.environ.get("JIANZHENG_REPLICA_PATHS", "").strip()
        or "/v/,/V/,/verify/,/.well-known/jianzheng/,/api/v1/catalogue/,/search,/items/,/list,"
        "/history,/api/v1/certificates,/staff/certificates/,/staff/catalogue/,"
        "/staff/complaints/,/staff/workitems/"
    ).split(",")
    if part.strip()
]
# A verification's log row (issue 17, item 2): "journal" appends it to a local journal file the
# task runner stores in batches (core/journal.py), so the answer waits on neither the primary
# nor its write lock; "direct" inserts it before answering. JOURNAL_FSYNC: always (each line),
# batch (every 50 ms, group commit) or off (the kernel's own write-back).
VERIFICATION_LOG = os.environ.get("JIANZHENG_VERIFICATION_LOG", "journal")
if VERIFICATION_LOG not in {"journal", "direct"}:
    raise ImproperlyConfigured("JIANZHENG_VERIFICATION_LOG must be journal or direct")
JOURNAL_FSYNC = os.environ.get("JIANZHENG_JOURNAL_FSYNC", "batch")
if JOURNAL_FSYNC not in {"always", "batch", "off"}:
    raise ImproperlyConfigured("JIANZHENG_JOURNAL_FSYNC must be always, batch or off")
# Seconds a server process answers a paper checked again from memory (documents.services): the
# registry row, its revocation and what it says. A revocation reaches other processes within it.
VERIFY_CACHE_SECONDS = float(os.environ.get("JIANZHENG_VERIFY_CACHE_SECONDS", "1"))
DATABASE_ROUTERS = ["jianzheng.core.replica.ReplicaRouter"] if "replica" in DATABASES else []
if DATABASE_ROUTERS:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("jianzheng.core.nul.RefuseNulMiddleware") + 1,
        "jianzheng.core.replica.ReplicaMiddleware",
    )

# Request budgets and the task runner's periodic jobs live in the cache: per process by default
# (one county); "database" shares them between processes and servers (a table made by `jianzheng
# setup`); "redis" (a region) shares them with atomic counts and wakes the task runners the moment
# an outbox row is committed. A client holds two counters per budget; Django's default of 300
# entries would start forgetting counts at 150 clients a minute.
_CACHE = os.environ.get("JIANZHENG_CACHE", "local")
if _CACHE not in {"local", "database", "redis"}:
    raise ImproperlyConfigured("JIANZHENG_CACHE must be local, database or redis")
REDIS_URL = (
    os.environ.get("JIANZHENG_REDIS_URL", "redis://127.0.0.1:6379/0") if _CACHE == "redis" else None
)
if _CACHE == "redis":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "jianzheng",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
        if _CACHE == "local"
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "jianzheng_cache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
OTP_TOTP_ISSUER = "jianzheng 减证"  # the name authenticator apps show beside the code
# One guard counts failed sign-ins, wrong codes included (accounts.login_guard). django-otp's own
# per-device lockout would let anyone who has the password lock the owner out at a guesser's pace.
OTP_TOTP_THROTTLE_FACTOR = 0
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/staff/login/"
LOGIN_REDIRECT_URL = "/staff/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "uploads"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",  # new and changed passwords
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # older ones, re-hashed at next login
]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PUBLIC_URL.startswith("https://")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True  # no script reads it: forms carry the token, the API uses bearer tokens
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "jianzheng.core.requestlog.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "jianzheng.core.requestlog.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            # JIANZHENG_LOG_FORMAT=json: one JSON object a line, for a log collector.
            "formatter": "json" if os.environ.get("JIANZHENG_LOG_FORMAT") == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("JIANZHENG_LOG_LEVEL", "INFO")},
    # One line a request (method, path, status, ms): gunicorn's own access log stays off.
    "loggers": {"jianzheng.request": {"level": os.environ.get("JIANZHENG_REQUEST_LOG", "INFO")}},
}
# /readyz fails below this much free space in the data folder.
MIN_FREE_MB = int(os.environ.get("JIANZHENG_MIN_FREE_MB", "500"))
