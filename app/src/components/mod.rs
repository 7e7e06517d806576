//! The design system in components: every screen is built from these.

mod account_card;
mod account_page;
mod cabinet_layout;
mod confirm_dialog;
mod consumption_chart;
pub mod control_question_dialog;
pub mod field;
mod layout;
mod not_found;
mod operator_layout;
pub mod payment_list;
mod require_user;
mod sign_out;

pub use account_card::AccountCard;
pub use account_page::AccountScoped;
pub use cabinet_layout::CabinetLayout;
pub use confirm_dialog::ConfirmDialog;
pub use consumption_chart::ConsumptionChart;
pub use control_question_dialog::{ControlQuestionDialog, ControlQuestionForm, Later};
pub use field::TextField;
pub use layout::{AuthLayout, Footer, Logo, Notice, NoticeKind};
pub use not_found::{ErrorPage, NotFound};
pub use operator_layout::{OperatorLayout, RequireOperator};
pub use payment_list::PaymentList;
pub use require_user::{RequireUser, WithCurrentUser};
pub use sign_out::SignOutButton;
