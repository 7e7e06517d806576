//! Seed step 9: the control question that unlocks the extended version, with the seed's
//! exact texts. Opens as a dialog after binding and from the account page; without script
//! the same form is the page `/accounts/{id}/extended` (`pages::extended`).

use super::field::{adopt_checked, skip_first_run};
use super::{Notice, NoticeKind, TextField};
use crate::accounts::api::{AnswerControlQuestion, RequestPin};
use crate::domain::time::format_datetime_msk;
use crate::domain::{ControlAnswer, ControlQuestion};
use crate::form_replay::{ActionField, FormReplay, shown_error};
use leptos::prelude::*;

pub const TITLE: &str =
    "Чтобы подключить расширенные возможности личного кабинета, пожалуйста, ответьте на контрольный вопрос.";
pub const PIN_HINT: &str = "В зависимости от Вашего региона пин-код может располагаться на квитанции, выдаваться по электронной почте или при обращении в абонентский пункт.";

pub const ANSWER: &str = "accounts/answer";
pub const REQUEST_PIN: &str = "accounts/request_pin";

/// The form's way out without answering ("later"): the dialog closes, the page links back.
#[derive(Clone)]
pub enum Later {
    Close(Callback<()>),
    Link(String),
}

#[component]
pub fn ControlQuestionDialog(
    account_id: i64,
    /// `×` and `Подключить расширенную версию позже`: basic access stays.
    on_close: Callback<()>,
    on_success: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="control-title">
                <button type="button" class="dialog-close" aria-label="Закрыть" on:click=move |_| on_close.run(())>
                    "×"
                </button>
                <h2 id="control-title" class="dialog-title">{TITLE}</h2>
                <ControlQuestionForm account_id later=Later::Close(on_close) on_success />
            </div>
        </div>
    }
}

/// The question, the PIN request and the answer. Both are real forms posting to the
/// account's `/extended` page, so they work before and without script too.
#[component]
pub fn ControlQuestionForm(
    account_id: i64,
    later: Later,
    on_success: Callback<()>,
    /// The page again after a post without script was refused.
    #[prop(default = None)]
    answer_replay: Option<FormReplay>,
    #[prop(default = None)] pin_replay: Option<FormReplay>,
) -> impl IntoView {
    let answer_action = ServerAction::<AnswerControlQuestion>::new();
    let pin_action = ServerAction::<RequestPin>::new();
    let server_error = shown_error(answer_action, answer_replay.as_ref());
    let pin_error = shown_error(pin_action, pin_replay.as_ref());
    let question =
        RwSignal::new(answer_replay.as_ref().and_then(|r| ControlQuestion::from_code(&r.value("question"))));
    let answer = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(())) = answer_action.value().get() {
            on_success.run(());
        }
    });
    let question_error = Signal::derive(move || {
        (submitted.get() && question.get().is_none())
            .then(|| "Выберите контрольный вопрос".to_owned())
            .or_else(|| server_error.get().and_then(|e| e.for_field("question")))
    });
    let answer_error = Signal::derive(move || {
        let live = submitted
            .get()
            .then(|| question.get().and_then(|q| ControlAnswer::parse(Some(q), &answer.get()).err()))
            .flatten()
            .map(|e| e.to_string());
        live.or_else(|| server_error.get().and_then(|e| e.for_field("answer")))
    });
    let lock = move || match server_error.get() {
        Some(e) if e.for_field("answer").is_none() && e.for_field("question").is_none() => {
            Some(e.message_ru())
        }
        _ => None,
    };
    let pin_message = move || match (pin_action.value().get(), pin_error.get()) {
        (Some(Ok(at)), _) => Some((
            NoticeKind::Success,
            format!(
                "Запрос на PIN-код принят {}. Оператор поставщика проверит его и пришлёт PIN-код на ваш логин (телефон или эл. почту), обычно в течение трёх рабочих дней.",
                format_datetime_msk(at)
            ),
        )),
        (_, Some(e)) => Some((NoticeKind::Error, e.message_ru())),
        _ => None,
    };
    let page = format!("/accounts/{account_id}/extended");
    let pin_form = format!("pin-request-{account_id}");
    view! {
        <form class="form" method="post" action=page.clone() novalidate on:submit=move |ev| {
            ev.prevent_default();
            submitted.set(true);
            if let Some(q) = question.get() {
                if ControlAnswer::parse(Some(q), &answer.get()).is_ok() {
                    answer_action.dispatch(AnswerControlQuestion {
                        account_id,
                        question: q.code().to_owned(),
                        answer: answer.get(),
                    });
                }
            }
        }>
            <ActionField endpoint=ANSWER />
            <input type="hidden" name="account_id" value=account_id.to_string() />
            <fieldset class="field" class:field-invalid=move || question_error.with(Option::is_some)>
                <legend class="visually-hidden">"Контрольный вопрос"</legend>
                <div class="choices">
                    {ControlQuestion::ALL.into_iter().map(|q| {
                        let input = NodeRef::<leptos::html::Input>::new();
                        adopt_checked(input, move || question.set(Some(q)));
                        view! {
                            <label class="choice">
                                <input
                                    type="radio"
                                    name="question"
                                    value=q.code()
                                    node_ref=input
                                    checked=question.get_untracked() == Some(q)
                                    prop:checked=skip_first_run(move || question.get() == Some(q))
                                    on:change=move |_| question.set(Some(q))
                                />
                                <span class="choice-title">{q.label()}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
                {move || question_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
            </fieldset>
            // Submits the PIN form below (a form cannot hold another), not this one.
            <button
                type="submit"
                form=pin_form.clone()
                class="link-button"
                disabled=move || pin_action.pending().get()
                on:click=move |ev| {
                    ev.prevent_default();
                    pin_action.dispatch(RequestPin { account_id });
                }
            >"Подать запрос на получение PIN-кода"</button>
            {move || pin_message().map(|(kind, m)| view! { <Notice kind>{m}</Notice> })}
            <TextField
                name="answer"
                label="Введите ответ на контрольный вопрос"
                value=answer
                error=answer_error
                hint=Signal::derive(|| Some(PIN_HINT.to_owned()))
                autocomplete="off"
            />
            {move || lock().map(|m| view! { <Notice kind=NoticeKind::Error>{m}</Notice> })}
            <div class="dialog-actions">
                <button type="submit" class="btn btn-primary" disabled=move || answer_action.pending().get()>
                    "Отправить"
                </button>
                {match later {
                    Later::Close(close) => view! {
                        <button type="button" class="btn btn-secondary" on:click=move |_| close.run(())>
                            "Подключить расширенную версию позже"
                        </button>
                    }.into_any(),
                    Later::Link(href) => view! {
                        <a class="btn btn-secondary" href=href>"Подключить расширенную версию позже"</a>
                    }.into_any(),
                }}
            </div>
        </form>
        <form id=pin_form method="post" action=page hidden>
            <ActionField endpoint=REQUEST_PIN />
            <input type="hidden" name="account_id" value=account_id.to_string() />
        </form>
    }
}
