//! Demo content for trying Ideaforge out: a few accounts, loaded only on request and never in
//! production. Loading twice changes nothing.

use ideaforge_app::{App, RegisterError};
use ideaforge_domain::{NewUser, Role};

/// The demo accounts' shared password, printed when the demo loads.
pub const DEMO_PASSWORD: &str = "ideaforge-demo";

/// The demo accounts: e-mail, name, role.
pub const DEMO_USERS: [(&str, &str, Role); 4] = [
    ("admin@demo.ideaforge.dev", "Demo Admin", Role::Admin),
    ("moderator@demo.ideaforge.dev", "Demo Moderator", Role::Moderator),
    ("ada@demo.ideaforge.dev", "Ada Inventor", Role::Member),
    ("grace@demo.ideaforge.dev", "Grace Solver", Role::Member),
];

/// Creates the demo accounts that do not exist yet; returns how many were created.
pub async fn load(app: &App) -> anyhow::Result<usize> {
    let mut created = 0;
    for (email, name, role) in DEMO_USERS {
        let mut new = NewUser::parse(email, name, DEMO_PASSWORD)
            .map_err(|e| anyhow::anyhow!("demo user {email} is invalid: {e:?}"))?;
        new.role = role;
        match app.create_user(&new).await {
            Ok(_) => created += 1,
            Err(RegisterError::Invalid(_)) => {}
            Err(e) => return Err(anyhow::anyhow!("demo user {email}: {e}")),
        }
    }
    Ok(created)
}
