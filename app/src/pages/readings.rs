//! Seed step 8, `Передать показания`: one small form per meter with the last accepted
//! reading beside it; the provider's window decides whether the form is open.

use crate::accounts::model::month_name;
use crate::components::{AccountScoped, Notice, NoticeKind, TextField};
use crate::domain::Reading;
use crate::form_replay::{ActionField, FormReplay, replay_for, shown_error};
use crate::hydration::Live;
use crate::readings::api::{SubmitReading, get_readings_form};
use crate::readings::model::{MeterForm, ReadingsForm};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReadingsPage() -> impl IntoView {
    view! {
        <AccountScoped
            title="Передать показания"
            load=get_readings_form
            body=|d| view! { <ReadingsBody form=d /> }.into_any()
        />
    }
}

#[component]
fn ReadingsBody(form: ReadingsForm) -> impl IntoView {
    let account_id = form.account.account_id;
    let open = form.closed_message.is_none();
    let period = month_name(&form.period).to_lowercase();
    // Without script, an accepted reading comes back here with `?accepted={meter_id}`.
    let accepted = use_query_map().with_untracked(|q| q.get("accepted").and_then(|m| m.parse::<i64>().ok()));
    let replay = replay_for(ENDPOINT);
    let price = form.price_kopecks;
    view! {
        <section class="card" aria-labelledby="readings-title">
            <p class="account-provider">{form.account.provider.clone()}</p>
            <h2 id="readings-title">
                <a href=format!("/accounts/{account_id}")>{format!("Лицевой счёт № {}", form.account.number)}</a>
            </h2>
            <p class="account-address">{form.account.address.clone()}</p>
        </section>
        <section class="card" aria-labelledby="meters-title">
            <h2 id="meters-title">{format!("Показания за {}", period.clone())}</h2>
            {match form.closed_message.clone() {
                Some(m) => view! { <Notice kind=NoticeKind::Info>{m}</Notice> }.into_any(),
                None => view! {
                    <p class="lead">{format!("{}. Показания, переданные повторно в этом месяце, заменяют прежние.", form.window.describe())}</p>
                }.into_any(),
            }}
            {form.meters.into_iter().map(|m| {
                let id = m.meter_id.to_string();
                let replay = replay.clone().filter(|r| r.value("meter_id") == id);
                let just_accepted = accepted == Some(m.meter_id);
                view! { <MeterReadingForm account_id meter=m period=period.clone() open just_accepted replay price /> }
            }).collect_view()}
        </section>
        {form.history.map(|rows| view! {
            <section class="card" aria-labelledby="history-title">
                <h2 id="history-title">"История показаний"</h2>
                <div class="table-wrap" tabindex="0" role="region" aria-label="Таблица принятых показаний">
                    <table class="table">
                        <thead><tr><th scope="col">"Месяц"</th><th scope="col">"Счётчик"</th><th scope="col">"Показания, м³"</th><th scope="col">"Кто передал"</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! {
                                <tr>
                                    <th scope="row">{month_name(&r.period)}</th>
                                    <td>{r.meter}</td>
                                    <td>{r.value}</td>
                                    <td>{r.submitter.label()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        })}
    }
    .into_any()
}

const ENDPOINT: &str = "readings/submit";

#[island(lazy)]
fn MeterReadingForm(
    account_id: i64,
    meter: MeterForm,
    /// The month the readings are for, as the page names it ("ноябрь 2026").
    period: String,
    open: bool,
    /// This meter's reading was just accepted (a post without script).
    just_accepted: bool,
    replay: Option<FormReplay>,
    /// Today's price of 1 m³ in kopecks, for the cost of the volume as it is typed.
    price: Option<i64>,
) -> impl IntoView {
    let action = ServerAction::<SubmitReading>::new();
    let server_error = shown_error(action, replay.as_ref());
    let value = RwSignal::new(replay.map(|r| r.value("value")).unwrap_or_default());
    let submitted = RwSignal::new(false);
    let (digits, last, meter_id) = (meter.digits, meter.last.clone(), meter.meter_id);
    let last_value = last.as_ref().map(|(_, v)| *v);
    let error = Signal::derive(move || {
        let live = submitted
            .get()
            .then(|| {
                Reading::parse(&value.get(), digits).and_then(|r| r.check_against(last_value, i64::MAX)).err()
            })
            .flatten()
            .map(|e| e.to_string());
        live.or_else(|| server_error.get().map(|e| e.for_field("value").unwrap_or_else(|| e.message_ru())))
    });
    let hint = last
        .map(|(period, v)| format!("Последние принятые: {v} м³ ({})", month_name(&period).to_lowercase()))
        .unwrap_or_else(|| "Принятых показаний пока нет".to_owned());
    // `≈ 17 м³ × 8,55 ₽ = 145,35 ₽` once the value is a reading above the last one.
    let estimate = move || {
        let (last, price) = (last_value?, price?);
        let reading =
            Reading::parse(&value.get(), digits).and_then(|r| r.check_against(Some(last), i64::MAX)).ok()?;
        Some(crate::domain::tariff::estimate(reading.value() - last, price))
    };
    let accepted = move || action.value().get().and_then(Result::ok);
    let earlier = meter.this_period;
    view! { <Live no_script=true>
        <form class="form meter-form" method="post" action=format!("/accounts/{account_id}/readings") novalidate on:submit=move |ev| {
            ev.prevent_default();
            submitted.set(true);
            if Reading::parse(&value.get(), digits).and_then(|r| r.check_against(last_value, i64::MAX)).is_ok() {
                action.dispatch(SubmitReading { account_id, meter_id, value: value.get() });
            }
        }>
            <ActionField endpoint=ENDPOINT />
            <input type="hidden" name="account_id" value=account_id.to_string() />
            <input type="hidden" name="meter_id" value=meter_id.to_string() />
            <TextField
                name="value"
                id=format!("field-value-{meter_id}")
                label=format!("{}: новые показания, м³", meter.title)
                value
                error
                hint=Signal::derive(move || Some(hint.clone()))
                inputmode="numeric"
                autocomplete="off"
            />
            <p class="field-hint reading-cost" aria-live="polite">{estimate}</p>
            {move || match accepted() {
                Some(a) => Some(view! {
                    <Notice kind=NoticeKind::Success>
                        {format!(
                            "Показания {} м³ за {} приняты{}.",
                            a.value,
                            month_name(&a.period).to_lowercase(),
                            if a.replaced { " и заменили переданные ранее" } else { "" }
                        )}
                    </Notice>
                }),
                None if just_accepted => earlier.map(|v| view! {
                    <Notice kind=NoticeKind::Success>{format!("Показания {v} м³ за {period} приняты.")}</Notice>
                }),
                None => earlier.map(|v| view! {
                    <Notice kind=NoticeKind::Info>{format!("В этом месяце уже переданы показания {v} м³. Новые заменят их.")}</Notice>
                }),
            }}
            <button type="submit" class="btn btn-primary" disabled=move || !open || action.pending().get()>
                "Передать показания"
            </button>
        </form>
    </Live> }
}
