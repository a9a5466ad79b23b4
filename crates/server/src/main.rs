//! `ideaforge`: the command line. Parses arguments, loads configuration, and runs one command.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use clap::{Parser, Subcommand};
use ideaforge_app::{App, RegisterError, SearchIndex, SystemClock};
use ideaforge_domain::{NewUser, Role};
use ideaforge_server::{Config, demo, open_store, shutdown_signal, start};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tracing_subscriber::EnvFilter;

#[derive(Debug, Parser)]
#[command(name = "ideaforge", version, about = "Idea contests, bounty challenges and funding campaigns")]
struct Cli {
    /// A TOML file layered over the defaults.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Where SQLite, the search index and mail files live (default ./data).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server.
    Serve {
        /// Listen here instead of the configured address (port 0 picks a free port).
        #[arg(long)]
        addr: Option<SocketAddr>,
        /// Load demo content first.
        #[arg(long)]
        demo: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Load demo content and exit.
    Demo {
        /// Also generate this many ideas in the first demo contest (for load tests).
        #[arg(long, default_value_t = 0)]
        ideas: u64,
    },
    /// Rebuild the search index from the database (stop the server first: one writer per folder).
    Reindex,
    /// Copy the SQLite database and the files beside it into FILE while the site keeps serving
    /// (PostgreSQL: use pg_dump).
    Backup {
        /// The backup file to write (must not exist).
        file: PathBuf,
    },
    /// Restore a backup into an empty data directory, then verify the IP register and the ledger.
    Restore {
        /// The backup file to read.
        file: PathBuf,
    },
    /// Check the IP register's hash chain; exits 1 naming the first broken record.
    VerifyIp,
    /// Administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Create an account.
    CreateUser {
        /// The sign-in address.
        #[arg(long)]
        email: String,
        /// The password (at least 8 characters).
        #[arg(long)]
        password: String,
        /// The display name (default: the part of the address before @).
        #[arg(long)]
        name: Option<String>,
        /// member, moderator or admin.
        #[arg(long, default_value = "member")]
        role: String,
    },
}

fn init_logging(config: &Config) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&config.log.filter));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if config.log.format == "json" {
        builder.json().flatten_event(true).init();
    } else {
        builder.init();
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let mut config = Config::load(cli.config.as_deref(), cli.data_dir.as_deref())?;
    init_logging(&config);
    match cli.command {
        Command::Serve { addr, demo } => {
            config.check_production(demo)?;
            if let Some(addr) = addr {
                config.server.addr = addr;
            }
            serve(&config, demo).await
        }
        Command::Migrate => {
            let store = open_store(&config).await?;
            store.close().await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Demo { ideas } => {
            config.check_production(true)?;
            let app = App::new(open_store(&config).await?, Arc::new(SystemClock), &config.app());
            let loaded = demo::load(&app, ideas).await?;
            println!(
                "demo content loaded ({} accounts, {} ideas created); password: {}",
                loaded.accounts,
                loaded.ideas,
                demo::DEMO_PASSWORD
            );
            app.store().clone().close().await?;
            Ok(())
        }
        Command::Reindex => reindex(&config).await,
        Command::VerifyIp => verify_ip(&config).await,
        Command::Backup { file } => {
            let bar = bytes_bar("copying");
            let report = ideaforge_server::backup::backup(&config, &file, &bar).await?;
            bar.finish_and_clear();
            println!("backed up {} bytes and {} files to {}", report.bytes, report.files, file.display());
            Ok(())
        }
        Command::Restore { file } => {
            let bar = bytes_bar("restoring");
            let report = ideaforge_server::backup::restore(&config, &file, &bar).await?;
            bar.finish_and_clear();
            println!(
                "restored into {}: {} files; the IP register verifies ({} records); the ledger balances ({} entries); \
                 the search index is rebuilt when the server starts",
                config.data_dir.display(),
                report.files,
                report.records,
                report.entries
            );
            Ok(())
        }
        Command::Admin { command: AdminCommand::CreateUser { email, password, name, role } } => {
            create_user(&config, &email, &password, name.as_deref(), &role).await
        }
    }
}

async fn serve(config: &Config, demo: bool) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.server.addr)
        .await
        .with_context(|| format!("cannot listen on {}", config.server.addr))?;
    if demo {
        // Loaded before the background jobs start: the demo plays its finished campaign on a clock
        // of its own, and a settlement job running meanwhile would settle it early.
        let app = App::new(open_store(config).await?, Arc::new(SystemClock), &config.app());
        let loaded = demo::load(&app, 0).await?;
        app.store().clone().close().await?;
        println!("demo content ready ({} accounts, {} ideas created)", loaded.accounts, loaded.ideas);
        for (email, _, role) in demo::DEMO_USERS {
            println!("  {:<9} {email}  password: {}", role.as_str(), demo::DEMO_PASSWORD);
        }
    }
    let mut running = start(config, Arc::new(SystemClock), listener).await?;
    // Scripts and tests read this line to find the port.
    println!("listening on http://{}", running.addr);
    tracing::info!(addr = %running.addr, "listening");
    let stop = running.take_shutdown();
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down");
        if let Some(stop) = stop {
            let _ = stop.send(());
        }
    });
    running.wait().await
}

/// A progress bar in bytes on the terminal (hidden when output is not one).
fn bytes_bar(what: &str) -> ProgressBar {
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} {what} {{bar:40}} {{bytes}}/{{total_bytes}} ({{eta}} left)"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar
}

async fn verify_ip(config: &Config) -> anyhow::Result<()> {
    let app = App::new(open_store(config).await?, Arc::new(SystemClock), &config.app());
    let report = app.verify_ip_fully().await?;
    app.store().clone().close().await?;
    match report.first_broken {
        None => {
            println!("the IP register verifies: {} records", report.records);
            Ok(())
        }
        Some(broken) => {
            eprintln!("the IP register is broken at {broken}");
            std::process::exit(1);
        }
    }
}

async fn reindex(config: &Config) -> anyhow::Result<()> {
    let app = App::new(open_store(config).await?, Arc::new(SystemClock), &config.app());
    let dir = config.index_dir();
    let index = Arc::new(SearchIndex::open(&dir).with_context(|| {
        format!("cannot open the search index in {} (is a server using it? stop it first)", dir.display())
    })?);
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("{spinner} indexing ideas {bar:40} {pos}/{len} ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    let started = Instant::now();
    let indexed = app
        .rebuild_search_index(&index, |done, total| {
            bar.set_length(total);
            bar.set_position(done);
        })
        .await?;
    bar.finish_and_clear();
    println!("indexed {indexed} ideas in {:.1} s into {}", started.elapsed().as_secs_f64(), dir.display());
    drop(index);
    app.store().clone().close().await?;
    Ok(())
}

async fn create_user(
    config: &Config,
    email: &str,
    password: &str,
    name: Option<&str>,
    role: &str,
) -> anyhow::Result<()> {
    let role: Role = role.parse().map_err(|_| anyhow::anyhow!("--role must be member, moderator or admin"))?;
    let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or(email));
    let mut new = NewUser::parse(email, name, password).map_err(|errors| {
        let fields: Vec<String> = errors.iter().map(|(field, why)| format!("{field} {why}")).collect();
        anyhow::anyhow!("invalid user: {}", fields.join("; "))
    })?;
    new.role = role;
    // An administrator creating an account vouches for its address.
    new.email_verified = true;
    let app = App::new(open_store(config).await?, Arc::new(SystemClock), &config.app());
    match app.create_user(&new).await {
        Ok(user) => {
            println!("created {} ({}) with id {}", user.email, user.role, user.id);
            app.store().clone().close().await?;
            Ok(())
        }
        Err(RegisterError::Invalid(_)) => anyhow::bail!("an account with that e-mail already exists"),
        Err(e) => Err(e.into()),
    }
}
