//! The one integration-test binary: API, golden articles, per-stage cases, properties, contract.

mod archive;
mod cases;
mod cases_clean;
mod cases_entities;
mod golden;
mod hostile;
mod http_api;
mod http_cli;
mod http_clients;
mod http_contract;
mod http_deploy;
mod http_limits;
mod http_props;
mod http_server;
mod props;
mod readme;
