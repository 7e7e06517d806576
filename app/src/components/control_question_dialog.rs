//! Seed step 9: the control question that unlocks the extended version, with the seed's
//! exact texts. Opens after binding and from the account page.

use super::{Notice, NoticeKind, TextField};
use crate::accounts::api::{AnswerControlQuestion, RequestPin};
use crate::domain::time::format_datetime_msk;
use crate::domain::{ControlAnswer, ControlQuestion};
use leptos::prelude::*;

pub const TITLE: &str =
    "Чтобы подключить расширенные возможности личного кабинета, пожалуйста, ответьте на контрольный вопрос.";
pub const PIN_HINT: &str = "В зависимости от Вашего региона пин-код может располагаться на квитанции, выдаваться по электронной почте или при обращении в абонентский пункт.";

#[component]
pub fn ControlQuestionDialog(
    account_id: i64,
    /// `×` and `Подключить расширенную версию позже`: basic access stays.
    on_close: Callback<()>,
    on_success: Callback<()>,
) -> impl IntoView {
    let answer_action = ServerAction::<AnswerControlQuestion>::new();
    let pin_action = ServerAction::<RequestPin>::new();
    let question = RwSignal::new(None::<ControlQuestion>);
    let answer = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(())) = answer_action.value().get() {
            on_success.run(());
        }
    });
    let server_error = move || answer_action.value().get().and_then(Result::err);
    let question_error = Signal::derive(move || {
        (submitted.get() && question.get().is_none())
            .then(|| "Выберите контрольный вопрос".to_owned())
            .or_else(|| server_error().and_then(|e| e.for_field("question")))
    });
    let answer_error = Signal::derive(move || {
        let live = submitted
            .get()
            .then(|| question.get().and_then(|q| ControlAnswer::parse(Some(q), &answer.get()).err()))
            .flatten()
            .map(|e| e.to_string());
        live.or_else(|| server_error().and_then(|e| e.for_field("answer")))
    });
    let lock = move || match server_error() {
        Some(e) if e.for_field("answer").is_none() && e.for_field("question").is_none() => {
            Some(e.message_ru())
        }
        _ => None,
    };
    let pin_message = move || {
        pin_action.value().get().map(|r| match r {
            Ok(at) => (NoticeKind::Success, format!(
                "Запрос на PIN-код принят {}. Оператор поставщика проверит его и пришлёт PIN-код на ваш логин (телефон или эл. почту), обычно в течение трёх рабочих дней.",
                format_datetime_msk(at)
            )),
            Err(e) => (NoticeKind::Error, e.message_ru()),
        })
    };
    view! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="control-title">
                <button type="button" class="dialog-close" aria-label="Закрыть" on:click=move |_| on_close.run(())>
                    "×"
                </button>
                <h2 id="control-title" class="dialog-title">{TITLE}</h2>
                <form class="form" method="post" action="/api/accounts/answer" novalidate on:submit=move |ev| {
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
                    <input type="hidden" name="account_id" value=account_id.to_string() />
                    <fieldset class="field" class:field-invalid=move || question_error.with(Option::is_some)>
                        <legend class="visually-hidden">"Контрольный вопрос"</legend>
                        <div class="choices">
                            {ControlQuestion::ALL.into_iter().map(|q| view! {
                                <label class="choice">
                                    <input
                                        type="radio"
                                        name="question"
                                        value=q.code()
                                        prop:checked=move || question.get() == Some(q)
                                        on:change=move |_| question.set(Some(q))
                                    />
                                    <span class="choice-title">{q.label()}</span>
                                </label>
                            }).collect_view()}
                        </div>
                        {move || question_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
                    </fieldset>
                    <button type="button" class="link-button" disabled=move || pin_action.pending().get() on:click=move |_| {
                        pin_action.dispatch(RequestPin { account_id });
                    }>"Подать запрос на получение PIN-кода"</button>
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
                        <button type="button" class="btn btn-secondary" on:click=move |_| on_close.run(())>
                            "Подключить расширенную версию позже"
                        </button>
                    </div>
                </form>
            </div>
        </div>
    }
    .into_any()
}
