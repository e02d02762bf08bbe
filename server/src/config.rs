use clap::Parser;
use std::path::PathBuf;

/// Vēro's server: the lesson-observation app and its sync API, on embedded SQLite.
#[derive(Parser, Debug, Clone)]
#[command(name = "vero-server", version)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port (the chosen one is printed).
    #[arg(long, env = "VERO_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Directory for the SQLite database; created on first start.
    #[arg(long, env = "VERO_DATA", default_value = "data", global = true)]
    pub data: PathBuf,
    /// Directory of the built app (Trunk's dist).
    #[arg(long, env = "VERO_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// On an empty database, create a demo municipality and print its accounts.
    #[arg(long, env = "VERO_DEMO")]
    pub demo: bool,
    /// With --demo: the accounts only, without a school year of observations (for tests
    /// that count what they made).
    #[arg(long, env = "VERO_DEMO_EMPTY")]
    pub demo_empty: bool,
    /// The language of the admin commands' messages: lv or en.
    #[arg(long, env = "VERO_LANG", default_value = "lv", global = true)]
    pub lang: String,
    /// Without a command: serve.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(clap::Subcommand, Debug, Clone)]
pub enum Command {
    /// The first admin, scripted imports of people, the audit log.
    Admin {
        #[command(subcommand)]
        action: crate::admin::AdminCommand,
    },
}
