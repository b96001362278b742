//! Integration tests: the real router on port 0 against the dev identity
//! provider. Run with `cargo test --features ssr` (scripts/test does).

mod api_v1;
mod authz;
mod backchannel;
mod callback_errors;
mod config_errors;
mod delete_account;
mod devices;
mod helpers;
mod instances;
mod kept_pages;
mod languages;
mod mail;
mod operations;
mod organization_tokens;
mod pages;
mod providers;
mod proxy;
mod same_origin;
mod schema;
mod shop;
mod shutdown;
mod sign_in;
mod sign_in_links;
mod sign_in_options;
mod sign_out;
mod slow_clients;
mod staff_step_up;
mod step_up;
mod store_outages;
mod strangers;
mod visitor_pages;
mod webhooks;
