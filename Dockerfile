# syntax=docker/dockerfile:1
#
# docker build -t attache:0.1.0 .
# docker run --rm -p 8080:8080 attache:0.1.0
#
# Stages: chef (the toolchain and cargo-chef) -> planner (the dependency
# recipe) -> builder (dependencies cooked in their own cached layer, then
# the crate) -> runtime (Debian slim, the binary, a non-root user).

ARG RUST_VERSION=1.95

FROM rust:${RUST_VERSION}-slim-bookworm AS chef
RUN cargo install cargo-chef --locked
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /app/recipe.json recipe.json
# Rebuilt only when Cargo.toml or Cargo.lock change.
RUN cargo chef cook --release --locked --recipe-path recipe.json
COPY . .
RUN cargo build --release --locked --bin attache

FROM debian:bookworm-slim AS runtime
LABEL org.opencontainers.image.title="attache" \
      org.opencontainers.image.description="Entities, quotes and diplomatic-relation facts from news articles"
# curl is only for the HEALTHCHECK.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin attache
COPY --from=builder /app/target/release/attache /usr/local/bin/attache
USER 10001
ENV ATTACHE_ADDR=0.0.0.0:8080 \
    ATTACHE_LOG_FORMAT=json
EXPOSE 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["/usr/local/bin/attache"]
CMD ["serve"]
