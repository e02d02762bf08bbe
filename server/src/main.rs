use clap::Parser;
use std::sync::Arc;
use vero_domain::Lang;
use vero_server::assets::Assets;
use vero_server::config::{Command, Config};
use vero_server::storage::SqliteStorage;
use vero_server::{demo, router, AppState};

/// Threads for blocking work (every database call, password hashing). The database
/// answers one call at a time, so more threads only wait on its lock, each keeping its
/// own memory: 50 devices syncing at once took 50 threads and 500 MB without a cap.
const BLOCKING_THREADS: usize = 8;

fn main() {
    let config = Config::parse();
    if let Some(Command::Admin { action }) = &config.command {
        let lang = if config.lang == "en" {
            Lang::En
        } else {
            Lang::Lv
        };
        match vero_server::admin::run(action, &config.data, lang) {
            Ok(text) => println!("{text}"),
            Err(message) => {
                eprintln!("vero-server: {message}");
                std::process::exit(1);
            }
        }
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(BLOCKING_THREADS)
        .build();
    let result = match runtime {
        Ok(runtime) => runtime.block_on(run(config)),
        Err(e) => Err(format!("cannot start: {e}")),
    };
    if let Err(message) = result {
        eprintln!("vero-server: {message}");
        std::process::exit(1);
    }
}

async fn run(config: Config) -> Result<(), String> {
    let storage = SqliteStorage::open(&config.data)
        .map_err(|e| format!("cannot open the database in {}: {e}", config.data.display()))?;
    if config.demo {
        let today = vero_domain::calendar::local_date(vero_server::auth::now() * 1000, 0);
        let seeded = demo::seed(&storage, today).map_err(|e| format!("demo data: {e}"))?;
        if seeded {
            println!("Created the demo municipality.");
            if !config.demo_empty {
                let made = demo::year::seed_year(&storage, today)
                    .map_err(|e| format!("demo observations: {e}"))?;
                println!("Added {made} observations of the school year so far.");
                let lessons = demo::lessons::seed(&storage, today)
                    .map_err(|e| format!("demo open lessons: {e}"))?;
                println!("Added {lessons} open lessons.");
            }
        }
        print!("{}", demo::describe());
    }

    let cache = config.data.join("asset-cache");
    let assets = match Assets::load(&config.dist, Some(&cache)) {
        Ok(assets) if assets.has_app() => assets,
        Ok(_) | Err(_) => {
            eprintln!(
                "warning: no built app in {} (index.html missing); serving the API only",
                config.dist.display()
            );
            Assets::default()
        }
    };

    // Take over Ctrl-C and SIGTERM before saying we listen, so a stop that comes right
    // after start still shuts down cleanly.
    let stop = shutdown_signal()?;
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    println!("Vēro is listening on http://{address}");

    let state = AppState {
        storage: Arc::new(storage),
        assets: Arc::new(assets),
    };
    vero_server::retention::every_day(state.storage.clone());
    axum::serve(listener, router(state))
        .with_graceful_shutdown(stop)
        .await
        .map_err(|e| format!("server stopped: {e}"))?;
    println!("Vēro stopped.");
    Ok(())
}

/// A future that ends at the first Ctrl-C or SIGTERM; the handlers are in place as soon
/// as this returns.
#[cfg(unix)]
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()>, String> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt()).map_err(|e| e.to_string())?;
    let mut terminate = signal(SignalKind::terminate()).map_err(|e| e.to_string())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {},
            _ = terminate.recv() => {},
        }
    })
}

#[cfg(not(unix))]
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()>, String> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
