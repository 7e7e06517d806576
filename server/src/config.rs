//! Loads `Settings`: the embedded defaults (the repository's `Leptos.toml`), then the
//! configuration file, then `DATABASE_URL`, then `MOYGAZ_<SECTION>__<KEY>` variables.

use app::settings::Settings;
use figment::Figment;
use figment::providers::{Env, Format, Toml};
use std::path::Path;

const DEFAULTS: &str = include_str!("../../Leptos.toml");

/// A configuration error that names the offending key and where its value came from,
/// without echoing the value (it may be a secret).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(String);

/// The embedded defaults alone, ignoring files and the environment (tests start from these).
pub fn defaults() -> Result<Settings, ConfigError> {
    Figment::new().merge(Toml::string(DEFAULTS)).extract().map_err(describe)
}

pub fn load(file: Option<&Path>) -> Result<Settings, ConfigError> {
    let mut figment = Figment::new().merge(Toml::string(DEFAULTS));
    match file {
        Some(path) if !path.exists() => {
            return Err(ConfigError(format!("файл конфигурации {} не найден", path.display())));
        }
        Some(path) => figment = figment.merge(Toml::file_exact(path)),
        None if Path::new("Leptos.toml").exists() => figment = figment.merge(Toml::file_exact("Leptos.toml")),
        None => {}
    }
    let figment = figment
        .merge(Env::raw().only(&["DATABASE_URL"]).map(|_| "database.url".into()))
        .merge(Env::prefixed("MOYGAZ_").filter(|k| k.as_str().contains("__")).split("__"));
    let settings: Settings = figment.extract().map_err(describe)?;
    check(&settings)?;
    Ok(settings)
}

fn describe(errors: figment::Error) -> ConfigError {
    let lines: Vec<String> = errors
        .into_iter()
        .map(|e| {
            let key = e.path.join(".");
            let origin = e.metadata.as_ref().map(|m| m.name.to_string()).unwrap_or_default();
            let source = if origin.contains("MOYGAZ_") {
                format!("переменная окружения MOYGAZ_{}", e.path.join("__").to_uppercase())
            } else if origin.contains("environment") {
                "переменная окружения DATABASE_URL".to_owned()
            } else if let Some(figment::Source::File(path)) =
                e.metadata.as_ref().and_then(|m| m.source.as_ref())
            {
                format!("файл {}", path.display())
            } else {
                "встроенные значения по умолчанию".to_owned()
            };
            let kind = match &e.kind {
                figment::error::Kind::InvalidType(actual, expected) => {
                    format!("неверный тип ({actual}), ожидается {expected}")
                }
                figment::error::Kind::InvalidValue(_, expected) => {
                    format!("недопустимое значение, ожидается {expected}")
                }
                figment::error::Kind::MissingField(f) => format!("не задан ключ {f}"),
                figment::error::Kind::UnknownField(f, _) => format!("неизвестный ключ {f}"),
                other => other.to_string(),
            };
            format!("ошибка конфигурации в ключе `{key}` ({source}): {kind}")
        })
        .collect();
    ConfigError(lines.join("\n"))
}

/// Rules serde cannot express.
fn check(s: &Settings) -> Result<(), ConfigError> {
    let sec = &s.security;
    if sec.password_min_len < 1 || sec.password_min_len > sec.password_max_len {
        return Err(ConfigError(
            "ошибка конфигурации в ключе `security.password_min_len`: должен быть от 1 до security.password_max_len".into(),
        ));
    }
    let url = s.database.url.expose();
    if !(url.starts_with("sqlite:") || url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(ConfigError(
            "ошибка конфигурации в ключе `database.url`: ожидается sqlite://… или postgres://…".into(),
        ));
    }
    if !(s.site.public_url.starts_with("http://") || s.site.public_url.starts_with("https://")) {
        return Err(ConfigError(
            "ошибка конфигурации в ключе `site.public_url`: ожидается http://… или https://…".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use figment::Jail;

    #[test]
    fn defaults_are_the_embedded_file() {
        Jail::expect_with(|_| {
            let s = load(None).unwrap();
            assert_eq!(s.site.addr.port(), 3000);
            assert!(s.database.url.expose().starts_with("sqlite:"));
            assert_eq!(s.sms.sender, "Smorodina");
            assert_eq!(s.security.password_policy(), app::domain::PasswordPolicy::default());
            Ok(())
        });
    }

    #[test]
    fn environment_overrides_any_key() {
        Jail::expect_with(|jail| {
            jail.set_env("DATABASE_URL", "postgres://a@b/c");
            jail.set_env("MOYGAZ_SITE__ADDR", "0.0.0.0:8080");
            jail.set_env("MOYGAZ_SECURITY__PASSWORD_MAX_LEN", "12");
            let s = load(None).unwrap();
            assert_eq!(s.site.addr.to_string(), "0.0.0.0:8080");
            assert_eq!(s.database.url.expose(), "postgres://a@b/c");
            assert_eq!(s.security.password_max_len, 12);
            jail.set_env("MOYGAZ_DATABASE__URL", "sqlite://other.db");
            assert_eq!(load(None).unwrap().database.url.expose(), "sqlite://other.db");
            // YooKassa's shop ids are numbers, and the environment gives them as such.
            jail.set_env("MOYGAZ_PAYMENTS__SHOP_ID", "506751");
            assert_eq!(load(None).unwrap().payments.shop_id.as_deref(), Some("506751"));
            Ok(())
        });
    }

    #[test]
    fn a_bad_value_names_its_key_and_never_echoes_secrets() {
        Jail::expect_with(|jail| {
            jail.set_env("MOYGAZ_SITE__ADDR", "not-an-address");
            let err = load(None).unwrap_err().to_string();
            assert!(err.contains("site.addr"), "{err}");
            assert!(err.contains("MOYGAZ_SITE__ADDR"), "{err}");

            jail.set_env("MOYGAZ_SITE__ADDR", "127.0.0.1:1");
            jail.set_env("MOYGAZ_DATABASE__URL", "mysql://root:hunter2@db/x");
            let err = load(None).unwrap_err().to_string();
            assert!(err.contains("database.url"), "{err}");
            assert!(!err.contains("hunter2"), "{err}");

            jail.set_env("MOYGAZ_DATABASE__URL", "sqlite://x.db");
            jail.set_env("MOYGAZ_SECURITY__PASSWORD_MIN_LEN", "20");
            assert!(load(None).unwrap_err().to_string().contains("password_min_len"));
            Ok(())
        });
    }

    #[test]
    fn unknown_keys_in_the_file_are_errors() {
        Jail::expect_with(|jail| {
            jail.create_file("custom.toml", "[site]\nadress = \"x\"\n")?;
            let err = load(Some(Path::new("custom.toml"))).unwrap_err().to_string();
            assert!(err.contains("adress"), "{err}");
            assert!(load(Some(Path::new("missing.toml"))).is_err());
            Ok(())
        });
    }

    #[test]
    fn secrets_are_not_debug_printed() {
        Jail::expect_with(|jail| {
            jail.set_env("MOYGAZ_DATABASE__URL", "postgres://u:topsecret@h/db");
            let s = load(None).unwrap();
            assert!(!format!("{s:?}").contains("topsecret"));
            Ok(())
        });
    }
}
