//! Presentational pieces shared by pages. They take data through props or the
//! auth context and never reach server-only modules.

pub mod error_panel;
pub mod site_footer;
pub mod site_header;
pub mod user_menu;
