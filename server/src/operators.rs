//! `moygaz operator create <login>`: the administrator's side of making an operator.

use app::domain::Login;
use app::operator::staff::{self, Created, OPERATOR_POLICY};
use std::io::Read;

pub async fn create(pool: &sqlx::AnyPool, login: &str, password_stdin: bool) -> anyhow::Result<()> {
    let login = Login::parse(login).map_err(|e| anyhow::anyhow!("логин: {e}"))?;
    let (raw, generated) = if password_stdin {
        let mut raw = String::new();
        std::io::stdin().read_to_string(&mut raw)?;
        (raw.trim_end_matches(['\r', '\n']).to_owned(), false)
    } else {
        (staff::generate_password(), true)
    };
    let password = OPERATOR_POLICY.parse(&raw).map_err(|e| anyhow::anyhow!("пароль: {e}"))?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs() as i64;
    let created = staff::create_operator(pool, &login, &password, now).await?;
    match created {
        Created::New => println!("Оператор {} создан. Вход: /login, пульт: /operator.", login.as_str()),
        Created::PasswordReplaced => {
            println!("Пароль оператора {} заменён, его сеансы завершены.", login.as_str())
        }
    }
    if generated {
        // Standard output, never the log: the administrator passes it on and it is gone.
        println!("Пароль (показывается один раз): {raw}");
    }
    Ok(())
}
