//! The `ideaforge` binary's library: configuration, wiring and the server's life cycle.
//!
//! `main.rs` parses the command line and calls into here; the end-to-end tests call [`start`]
//! directly so that they run exactly the server the binary runs.

pub mod backup;
pub mod config;
pub mod demo;
pub mod demo_campaigns;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use ideaforge_app::{App, Clock, Store};
use ideaforge_web::AppState;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

pub use config::Config;

/// Connects to the configured database (creating the data directory for SQLite) and migrates it.
pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    if config.database.url.is_none() {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("cannot create data directory {}", config.data_dir.display()))?;
    }
    let store = Store::connect(&config.store()).await.context("cannot connect to the database")?;
    store.migrate().await.context("migrations failed")?;
    Ok(store)
}

/// A running server.
#[derive(Debug)]
pub struct Running {
    /// The bound address (useful with port 0).
    pub addr: SocketAddr,
    /// The application behind it, for tests that inspect state.
    pub app: Arc<App>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<anyhow::Result<()>>,
}

impl Running {
    /// Stops accepting connections, lets open requests finish, and closes the database.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        (&mut self.task).await.context("server task failed")?
    }

    /// Waits until the server ends (after [`Running::stop`] or a failure).
    pub async fn wait(self) -> anyhow::Result<()> {
        self.task.await.context("server task failed")?
    }

    /// A handle that stops the server when sent to (for signal handlers).
    pub fn take_shutdown(&mut self) -> Option<oneshot::Sender<()>> {
        self.shutdown.take()
    }
}

/// Opens the store, starts the search indexer and serves the site on `listener` until told to stop.
pub async fn start(config: &Config, clock: Arc<dyn Clock>, listener: TcpListener) -> anyhow::Result<Running> {
    let config = &config.clone().with_mail_secret()?;
    let transport = ideaforge_app::MailTransport::new(&config.mail, &config.data_dir).context("mail settings")?;
    let store = open_store(config).await?;
    let app = Arc::new(App::new(store, clock, &config.app()));
    let addr = listener.local_addr()?;
    app.set_base_url(config.web.public_url.as_deref().unwrap_or(&format!("http://{addr}")));
    app.set_pictures_dir(config.data_dir.join("pictures"));
    let (stop_mailer, mailer_stopped) = watch::channel(false);
    let mailer = config
        .mail
        .worker
        .then(|| tokio::spawn(Arc::clone(&app).run_mailer(transport, config.mail.clone(), mailer_stopped)));
    let (stop_indexer, stopped) = watch::channel(false);
    let indexer = tokio::spawn(Arc::clone(&app).run_search_indexer(
        config.index_dir(),
        Duration::from_millis(config.search.poll_ms.max(10)),
        stopped,
    ));
    let (stop_settlement, settlement_stopped) = watch::channel(false);
    let settlement = tokio::spawn(
        Arc::clone(&app)
            .run_settlement(Duration::from_millis(config.funding.settle_poll_ms.max(10)), settlement_stopped),
    );
    let (stop_webhooks, webhooks_stopped) = watch::channel(false);
    let webhooks = config
        .webhooks
        .worker
        .then(|| tokio::spawn(Arc::clone(&app).run_webhooks(config.webhooks.clone(), webhooks_stopped)));
    let router = ideaforge_web::router(AppState::new(Arc::clone(&app), config.web.clone()));
    let (tx, rx) = oneshot::channel::<()>();
    let served = Arc::clone(&app);
    let task = tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
            .context("server failed")?;
        let _ = stop_indexer.send(true);
        indexer.await.context("search indexer failed")?;
        let _ = stop_settlement.send(true);
        settlement.await.context("settlement job failed")?;
        let _ = stop_webhooks.send(true);
        if let Some(webhooks) = webhooks {
            webhooks.await.context("webhook sender failed")?;
        }
        let _ = stop_mailer.send(true);
        if let Some(mailer) = mailer {
            mailer.await.context("mailer failed")?;
        }
        served.store().clone().close().await.context("closing the database")?;
        Ok(())
    });
    Ok(Running { addr, app, shutdown: Some(tx), task })
}

/// Resolves when the process is asked to stop (SIGINT or SIGTERM).
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
