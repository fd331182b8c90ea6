# syntax=docker/dockerfile:1
# gvbot container image: `gvbot serve` (interactions endpoint + REST + /health) on port 5000.
# Build: docker build -t gvbot .    Run: docker compose up -d (see docker-compose.yml).

# ---- build ------------------------------------------------------------------------------
FROM rust:1.95-slim-bookworm AS builder
WORKDIR /src
# Only what the build reads: the manifest, build.rs, its targets (src/, functions/, benches/), the
# migrations embedded by sqlx::migrate!. No OpenSSL: TLS is rustls + aws-lc-rs, built with cc.
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY functions ./functions
COPY benches ./benches
COPY migrations ./migrations
# Cache mounts keep the registry and compiled dependencies between builds (BuildKit).
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin gvbot \
    && cp target/release/gvbot /usr/local/bin/gvbot

# ---- runtime ----------------------------------------------------------------------------
FROM debian:bookworm-slim
# ca-certificates: TLS to Discord and managed databases; curl: the HEALTHCHECK below.
# Unpinned on purpose: bookworm's security updates should land on every rebuild.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 gvbot \
    && useradd --system --uid 10001 --gid gvbot --home-dir /data --shell /usr/sbin/nologin gvbot \
    && mkdir -p /data/backups \
    && chown -R gvbot:gvbot /data

COPY --from=builder /usr/local/bin/gvbot /usr/local/bin/gvbot

ENV BIND_ADDR=0.0.0.0:5000 \
    DATABASE_URL=sqlite:///data/gvbot.db \
    BACKUP_DIR=/data/backups \
    LOG_FORMAT=json

USER 10001:10001
WORKDIR /data
VOLUME /data
EXPOSE 5000

# /health answers 503 when the database is down: the container then shows as unhealthy.
# Shell form for `|| exit 1` (Docker reads exit code 1 as unhealthy; curl's own codes vary).
# hadolint ignore=DL3025
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:5000/health || exit 1

# `gvbot serve` stops gracefully on SIGTERM (docker stop).
ENTRYPOINT ["gvbot"]
CMD ["serve"]
