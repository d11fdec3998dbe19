# Keitaro Telegram bot: slim Python 3.11, non-root, dependencies in their own layer.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATA_DIR=/data

WORKDIR /app

# Dependencies first: this layer is rebuilt only when pyproject.toml changes.
COPY pyproject.toml README.md ./
RUN mkdir -p bot handlers \
    && touch bot/__init__.py handlers/__init__.py \
    && pip install . \
    && pip uninstall -y keitaro-bot \
    && rm -rf bot handlers

# The product alone: the demo, the sandbox tracker and the fake Bot API (demo/,
# keitaro_sandbox/, telegram_fake/) are development tools and stay out of the image.
COPY bot ./bot
COPY handlers ./handlers
RUN pip install --no-deps . \
    && useradd --create-home --uid 10001 keitaro \
    && mkdir -p /data && chown keitaro:keitaro /data

USER keitaro
VOLUME ["/data"]
EXPOSE 8080

# Healthy while the webhook server answers and its storage is up (webhook mode only;
# in polling mode there is no HTTP server, so the check is skipped).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os,sys,urllib.request; u=os.environ.get('WEBHOOK_URL'); p=os.environ.get('WEBHOOK_PORT','8080'); sys.exit(0) if not u else urllib.request.urlopen(f'http://127.0.0.1:{p}/healthz', timeout=4)"

CMD ["python", "-m", "bot"]
