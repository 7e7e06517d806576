//! Loads `Settings`: the embedded defaults (the repository's `Leptos.toml`), then the
//! configuration file, then `DATABASE_URL`, then `MOYGAZ_<SECTION>__<KEY>` variables.

use app::settings::{PaymentProvider, Secret, Settings, SiteMode};
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
            if let figment::error::Kind::MissingField(field) = &e.kind {
                // No source has the key: the code has no default of its own, so the embedded
                // `Leptos.toml` lacks it (a file or the environment cannot remove a key).
                let key = if key.is_empty() { field.to_string() } else { format!("{key}.{field}") };
                return format!(
                    "ошибка конфигурации в ключе `{key}`: не задан ни во встроенных значениях по умолчанию (Leptos.toml), ни в файле, ни в окружении"
                );
            }
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

/// What keeps `moygaz serve` from starting with these settings, one line each, naming the
/// key: in any mode what could not work (a YooKassa shop without its secret), and in
/// production also what is only fit for a developer's machine. Empty: ready.
pub fn problems(s: &Settings) -> Vec<String> {
    let mut found = Vec::new();
    let p = &s.payments;
    if p.provider == PaymentProvider::Yookassa {
        if p.shop_id.as_deref().is_none_or(|id| id.trim().is_empty()) {
            found.push("`payments.shop_id` не задан: магазин ЮKassa (`payments.provider = \"yookassa\"`) без идентификатора".into());
        }
        if p.secret_key.as_ref().is_none_or(|k| k.expose().trim().is_empty()) {
            found.push("`payments.secret_key` не задан: магазин ЮKassa без секретного ключа".into());
        }
    }
    if s.sms.gateway_url.is_some() && s.sms.api_id.is_none() {
        found.push("`sms.gateway_url` задан без `sms.api_id`: SMS-шлюз не примет сообщения".into());
    }
    if let Some(url) = &s.mail.smtp_url {
        let url = url.expose().trim_start().to_ascii_lowercase();
        if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
            found.push("`mail.smtp_url`: ожидается smtp://… или smtps://…".into());
        }
    }
    if s.is_production() {
        found.extend(production_problems(s));
    }
    found
}

/// What is fine on a developer's machine and not on the internet (whatever the mode).
pub fn production_problems(s: &Settings) -> Vec<String> {
    let mut found = Vec::new();
    if !s.is_https() {
        found.push(format!(
            "`site.public_url` = \"{}\": нужен адрес https://… (по http cookie сессии и коды идут открытым текстом)",
            s.site.public_url
        ));
    }
    if s.payments.provider == PaymentProvider::Sandbox {
        found.push("`payments.provider` = \"sandbox\": тестовый эквайер, любой клиент может сам отметить свой платёж оплаченным; нужен \"yookassa\" с `payments.shop_id` и `payments.secret_key`".into());
    }
    if s.site.demo_data {
        found.push("`site.demo_data` = true: демонстрационные лицевые счета, их PIN-коды опубликованы в документации; задайте false".into());
    }
    if s.site.dev_outbox {
        found.push("`site.dev_outbox` = true: отправленные сообщения с кодами читаются по /dev/outbox/latest; задайте false".into());
    }
    if s.site.clock_start_unix.is_some() {
        found.push("`site.clock_start_unix` задан: часы портала сдвинуты (окно приёма показаний, сроки кодов); уберите ключ".into());
    }
    let sms = s.sms.gateway_url.is_some() && s.sms.api_id.is_some();
    if s.mail.smtp_url.is_none() && !sms {
        found.push("не настроен ни один канал доставки: задайте `mail.smtp_url` (эл. почта) или `sms.gateway_url` и `sms.api_id` (SMS); без них коды подтверждения попадали бы только в журнал".into());
    }
    if s.sms.api_id.is_some() && s.sms.gateway_url.is_none() {
        found.push(
            "`sms.api_id` задан без `sms.gateway_url`: SMS не отправляются; задайте оба ключа или ни одного"
                .into(),
        );
    }
    found
}

/// `Application::build` calls this: every problem of [`problems`] in one message.
pub fn ensure_ready(s: &Settings) -> Result<(), ConfigError> {
    let found = problems(s);
    if found.is_empty() {
        return Ok(());
    }
    let head = if s.is_production() {
        format!("портал в режиме production ({}) не запущен", mode_reason(s))
    } else {
        "портал не запущен".to_owned()
    };
    let list: Vec<String> = found.iter().map(|p| format!("  - {p}")).collect();
    Err(ConfigError(format!(
        "{head}; проблемы конфигурации ({}):\n{}\nПроверка: moygaz check-config{}",
        found.len(),
        list.join("\n"),
        if s.is_production() {
            "; пробный запуск без них: site.mode = \"local\""
        } else {
            ""
        }
    )))
}

fn mode_reason(s: &Settings) -> &'static str {
    match s.site.mode {
        Some(SiteMode::Production) => "site.mode = \"production\"",
        Some(SiteMode::Local) => "site.mode = \"local\"",
        None if s.is_production() => "site.public_url — https://…",
        None => "site.public_url — http://…",
    }
}

/// A URL with its password (if any) as `***`; one that does not parse is all `***`.
fn mask_url(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(Some("***"));
            }
            u.to_string()
        }
        Err(_) => "***".to_owned(),
    }
}

/// The effective configuration as `moygaz check-config` prints it: every key in TOML form,
/// secrets masked (passwords in URLs, `sms.api_id`, `payments.secret_key`).
pub fn effective(s: &Settings) -> String {
    fn quoted(v: &str) -> String {
        format!("{v:?}")
    }
    fn opt(key: &str, v: Option<String>) -> String {
        match v {
            Some(v) => format!("{key} = {v}"),
            None => format!("# {key}: не задан"),
        }
    }
    fn nets<T: std::fmt::Display>(v: &[T]) -> String {
        let items: Vec<String> = v.iter().map(|n| quoted(&n.to_string())).collect();
        format!("[{}]", items.join(", "))
    }
    let masked = |v: Option<&Secret>| v.map(|v| quoted(&format!("{v:?}")));
    let (site, sec) = (&s.site, &s.security);
    let mode = if s.is_production() { "production" } else { "local" };
    let lines = [
        format!("# режим: {mode} ({})", mode_reason(s)),
        format!(
            "# логины для регистрации: {}",
            match app::public_config::PublicConfig::login_kinds(s) {
                k if !k.phone && !k.email => "никакие (не настроен канал доставки)",
                k => k.label(),
            }
        ),
        "[site]".into(),
        format!("addr = {}", quoted(&site.addr.to_string())),
        format!("public_url = {}", quoted(&site.public_url)),
        opt("mode", site.mode.map(|m| quoted(&format!("{m:?}").to_lowercase()))),
        format!("demo_data = {}", site.demo_data),
        format!("dev_outbox = {}", site.dev_outbox),
        opt("clock_start_unix", site.clock_start_unix.map(|t| t.to_string())),
        format!("trusted_proxies = {}", nets(&site.trusted_proxies)),
        format!("metrics_from = {}", nets(&site.metrics_from)),
        String::new(),
        "[database]".into(),
        format!("url = {}", quoted(&mask_url(s.database.url.expose()))),
        format!("max_connections = {}", s.database.max_connections),
        String::new(),
        "[mail]".into(),
        opt("smtp_url", s.mail.smtp_url.as_ref().map(|u| quoted(&mask_url(u.expose())))),
        format!("from = {}", quoted(&s.mail.from)),
        String::new(),
        "[sms]".into(),
        opt("gateway_url", s.sms.gateway_url.as_deref().map(|u| quoted(&mask_url(u)))),
        opt("api_id", masked(s.sms.api_id.as_ref())),
        format!("sender = {}", quoted(&s.sms.sender)),
        String::new(),
        "[payments]".into(),
        format!("provider = {}", quoted(&format!("{:?}", s.payments.provider).to_lowercase())),
        format!("api_url = {}", quoted(&mask_url(&s.payments.api_url))),
        opt("shop_id", s.payments.shop_id.as_deref().map(quoted)),
        opt("secret_key", masked(s.payments.secret_key.as_ref())),
        format!("max_amount_kopecks = {}", s.payments.max_amount_kopecks),
        String::new(),
        "[readings]".into(),
        format!("max_jump_m3 = {}", s.readings.max_jump_m3),
        String::new(),
        "[notifications]".into(),
        format!("sms = {}", s.notifications.sms),
        format!("scheduler_every_secs = {}", s.notifications.scheduler_every_secs),
        format!("vapid_subject = {}", quoted(&s.notifications.vapid_subject)),
        opt("vapid_private_key", masked(s.notifications.vapid_private_key.as_ref())),
        String::new(),
        "[security]".into(),
        format!("password_min_len = {}", sec.password_min_len),
        format!("password_max_len = {}", sec.password_max_len),
        format!("max_body_bytes = {}", sec.max_body_bytes),
        format!("max_attempts = {}", sec.max_attempts),
        format!("codes_per_ip_per_hour = {}", sec.codes_per_ip_per_hour),
        format!("questions_per_ip_per_hour = {}", sec.questions_per_ip_per_hour),
        format!("requests_per_second_per_ip = {}", sec.requests_per_second_per_ip),
        format!("request_burst_per_ip = {}", sec.request_burst_per_ip),
        format!("bind_attempts_per_hour = {}", sec.bind_attempts_per_hour),
        format!("control_answers_per_account_per_day = {}", sec.control_answers_per_account_per_day),
        String::new(),
        "[log]".into(),
        format!("format = {}", quoted(&format!("{:?}", s.log.format).to_lowercase())),
    ];
    lines.join("\n") + "\n"
}

/// `moygaz check-config`: the effective configuration, then every problem, one a line, on
/// standard output; an error (exit status 1) when there is any.
pub fn check_config(s: &Settings) -> anyhow::Result<()> {
    use std::io::Write;
    let found = problems(s);
    let mut out = effective(s);
    out.push('\n');
    if found.is_empty() {
        out.push_str("Проблем нет: портал готов к запуску.\n");
    } else {
        out.push_str(&format!("Проблемы ({}):\n", found.len()));
        for p in &found {
            out.push_str(&format!("  - {p}\n"));
        }
    }
    if !s.is_production() {
        let later = production_problems(s);
        if !later.is_empty() {
            out.push_str(&format!(
                "Режим local: в production (site.public_url = https://… или site.mode = \"production\") запуск остановили бы ещё ({}):\n",
                later.len()
            ));
            for p in &later {
                out.push_str(&format!("  - {p}\n"));
            }
        }
    }
    std::io::stdout().lock().write_all(out.as_bytes())?;
    if found.is_empty() {
        Ok(())
    } else {
        anyhow::bail!("в конфигурации проблем: {}", found.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use figment::Jail;

    #[test]
    fn defaults_are_the_embedded_file() {
        // The embedded file alone gives every key the code has no default for…
        let s = defaults().unwrap();
        assert_eq!(s.site.addr.port(), 3000);
        assert!(s.database.url.expose().starts_with("sqlite:"));
        assert_eq!(s.sms.sender, "Smorodina");
        // …passes the rules serde cannot express, and leaves the optional keys unset.
        check(&s).unwrap();
        assert_eq!(s.site.mode, None);
        assert_eq!(s.site.clock_start_unix, None);
        assert!(s.mail.smtp_url.is_none() && s.sms.gateway_url.is_none() && s.sms.api_id.is_none());
        assert!(s.payments.shop_id.is_none() && s.payments.secret_key.is_none());
        // Without a file of its own (the jail's directory has no Leptos.toml) and without
        // MOYGAZ_ variables, `load` gives the same.
        Jail::expect_with(|_| {
            let loaded = load(None).unwrap();
            assert_eq!(effective(&loaded), effective(&s));
            Ok(())
        });
    }

    #[test]
    fn the_embedded_file_writes_down_every_key() {
        // Every key `check-config` prints (all the portal reads) has a line in `Leptos.toml`
        // in its section: its default, or commented out when it is optional and unset.
        let mut section = String::new();
        for line in effective(&defaults().unwrap()).lines() {
            if line.starts_with('[') {
                section = line.to_owned();
                continue;
            }
            let key = match line.strip_prefix("# ") {
                Some(rest) if rest.ends_with(": не задан") => rest.trim_end_matches(": не задан"),
                Some(_) => continue,
                None if line.is_empty() => continue,
                None => line.split(" = ").next().unwrap(),
            };
            let body = DEFAULTS.split(&section).nth(1).unwrap_or_else(|| panic!("no {section}"));
            let body = body.split("\n[").next().unwrap();
            let written = |prefix: &str| body.lines().any(|l| l.starts_with(&format!("{prefix}{key} = ")));
            assert!(written("") || written("# "), "{section} {key} is not in Leptos.toml");
        }
    }

    #[test]
    fn the_embedded_password_rule_is_the_browsers_fallback() {
        // `PublicConfig::current` falls back to `PasswordPolicy::default()` when the page
        // carries no configuration: it must be the rule `Leptos.toml` sets.
        let s = defaults().unwrap();
        assert_eq!(s.security.password_policy(), app::domain::PasswordPolicy::default());
    }

    #[test]
    fn a_file_needs_only_the_keys_it_changes() {
        Jail::expect_with(|jail| {
            jail.create_file(
                "custom.toml",
                "[site]\npublic_url = \"http://portal.local\"\n[security]\nmax_attempts = 3\n",
            )?;
            let s = load(Some(Path::new("custom.toml"))).unwrap();
            assert_eq!(s.site.public_url, "http://portal.local");
            assert_eq!(s.security.max_attempts, 3);
            let d = defaults().unwrap();
            assert_eq!(s.site.addr, d.site.addr);
            assert_eq!(s.security.password_policy(), d.security.password_policy());
            assert_eq!(s.readings.max_jump_m3, d.readings.max_jump_m3);
            assert_eq!(s.mail.from, d.mail.from);
            // ./Leptos.toml, read when no --config is given, is merged the same way.
            jail.create_file("Leptos.toml", "[readings]\nmax_jump_m3 = 500\n")?;
            let s = load(None).unwrap();
            assert_eq!(s.readings.max_jump_m3, 500);
            assert_eq!(s.sms.sender, d.sms.sender);
            Ok(())
        });
    }

    #[test]
    fn a_configuration_without_a_required_key_is_refused_naming_it() {
        // The code has no second default: were a key missing from the embedded file, the
        // portal would refuse to start, naming the key, instead of inventing a value.
        let without = DEFAULTS.replace("max_jump_m3 = 3000\n", "");
        assert_ne!(without, DEFAULTS);
        let err = Figment::new().merge(Toml::string(&without)).extract::<Settings>().map_err(describe);
        let err = err.unwrap_err().to_string();
        assert!(err.contains("`readings.max_jump_m3`"), "{err}");
        assert!(err.contains("не задан"), "{err}");
        // A section missing altogether is named too.
        let without = DEFAULTS.replace("[log]\n", "").replace("format = \"text\"\n", "");
        let err = Figment::new().merge(Toml::string(&without)).extract::<Settings>().map_err(describe);
        let err = err.unwrap_err().to_string();
        assert!(err.contains("`log`"), "{err}");
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

    /// `site.public_url = "https://lk.example.ru"` and nothing else.
    fn https_defaults() -> Settings {
        let mut s = defaults().unwrap();
        s.site.public_url = "https://lk.example.ru".into();
        s
    }

    /// What a real portal sets: YooKassa with its shop and secret, SMTP, no demo data.
    fn complete() -> Settings {
        let mut s = https_defaults();
        s.payments.provider = PaymentProvider::Yookassa;
        s.payments.shop_id = Some("506751".into());
        s.payments.secret_key = Some(Secret::new("live_YK_s3cret"));
        s.mail.smtp_url = Some(Secret::new("smtps://portal:mailPa55@smtp.example.ru:465"));
        s.site.demo_data = false;
        s
    }

    #[test]
    fn the_embedded_default_is_local_and_starts() {
        let s = defaults().unwrap();
        assert!(!s.is_production());
        assert_eq!(problems(&s), Vec::<String>::new());
        assert!(ensure_ready(&s).is_ok());
        // …though it would not do on the internet, and check-config says so.
        assert!(!production_problems(&s).is_empty());
    }

    #[test]
    fn an_https_portal_with_the_defaults_names_every_problem_in_one_message() {
        let mut s = https_defaults();
        s.site.dev_outbox = true;
        s.site.clock_start_unix = Some(1_794_895_200);
        assert!(s.is_production());
        let found = problems(&s);
        assert_eq!(found.len(), 5, "{found:#?}");
        let err = ensure_ready(&s).unwrap_err().to_string();
        for key in [
            "payments.provider",
            "site.demo_data",
            "site.dev_outbox",
            "site.clock_start_unix",
            "mail.smtp_url",
        ] {
            assert!(err.contains(key), "{key} missing in {err}");
        }
        assert!(err.contains("sandbox") && err.contains("production"), "{err}");
    }

    #[test]
    fn production_by_mode_wants_https_and_local_mode_lets_an_https_trial_run() {
        let mut s = complete();
        s.site.public_url = "http://lk.example.ru".into();
        s.site.mode = Some(SiteMode::Production);
        let found = problems(&s);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("site.public_url") && found[0].contains("https"), "{found:#?}");

        let mut trial = https_defaults();
        trial.site.mode = Some(SiteMode::Local);
        assert!(problems(&trial).is_empty());
    }

    #[test]
    fn a_complete_production_config_is_ready_and_each_channel_is_enough() {
        assert_eq!(problems(&complete()), Vec::<String>::new());
        let mut sms_only = complete();
        sms_only.mail.smtp_url = None;
        sms_only.sms.gateway_url = Some("https://sms.ru".into());
        sms_only.sms.api_id = Some(Secret::new("api-key"));
        assert_eq!(problems(&sms_only), Vec::<String>::new());
        // Half an SMS gateway is not a channel.
        sms_only.sms.gateway_url = None;
        let found = problems(&sms_only);
        assert!(found.iter().any(|p| p.contains("ни один канал")), "{found:#?}");
        assert!(found.iter().any(|p| p.contains("`sms.api_id` задан без")), "{found:#?}");
    }

    #[test]
    fn a_yookassa_shop_without_its_secret_is_a_problem_in_any_mode() {
        let mut s = complete();
        s.payments.secret_key = None;
        assert!(problems(&s).iter().any(|p| p.contains("payments.secret_key")));
        let mut local = defaults().unwrap();
        local.payments.provider = PaymentProvider::Yookassa;
        let found = problems(&local);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(ensure_ready(&local).unwrap_err().to_string().contains("payments.shop_id"));
        local.sms.gateway_url = Some("https://sms.ru".into());
        assert!(problems(&local).iter().any(|p| p.contains("sms.api_id")));
    }

    #[test]
    fn the_effective_configuration_masks_every_secret() {
        let mut s = complete();
        s.database.url = Secret::new("postgres://moygaz:dbPa55word@db.internal:5432/moygaz");
        s.sms.gateway_url = Some("https://sms.ru".into());
        s.sms.api_id = Some(Secret::new("SMS-API-KEY-42"));
        let text = effective(&s);
        for secret in ["dbPa55word", "mailPa55", "SMS-API-KEY-42", "live_YK_s3cret"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(text.contains("postgres://moygaz:***@db.internal:5432/moygaz"), "{text}");
        assert!(text.contains("smtps://portal:***@smtp.example.ru:465"), "{text}");
        assert!(text.contains("secret_key = \"***\""), "{text}");
        assert!(text.contains("api_id = \"***\""), "{text}");
        assert!(text.contains("shop_id = \"506751\""), "{text}");
        assert!(text.contains("# режим: production"), "{text}");
        assert_eq!(mask_url("not a url with a p@ssword"), "***");
    }

    #[test]
    fn loading_an_https_portal_succeeds_and_leaves_the_refusal_to_serve() {
        Jail::expect_with(|jail| {
            jail.set_env("MOYGAZ_SITE__PUBLIC_URL", "https://lk.example.ru");
            let s = load(None).unwrap();
            assert!(s.is_production());
            assert!(ensure_ready(&s).is_err());
            jail.set_env("MOYGAZ_SITE__MODE", "local");
            assert!(ensure_ready(&load(None).unwrap()).is_ok());
            Ok(())
        });
    }
}
